import { indication, PCO_CONTAINER, type Gtpv2cMessage } from '../../harness/protocol/gtpv2c/index.ts';
import { addressBytes } from '../../harness/protocol/common/ip-bytes.ts';

/**
 * One realistic instance of every GTPv2-C message type the codec names, with the IEs a real
 * S11/S5 exchange carries. Shared by the tshark oracle and the round-trip tests.
 */
const dnsV6 = addressBytes('2001:db8:53::1');
export const GTPV2C_SAMPLES: Gtpv2cMessage[] = [
  { type: 'echo-request', sequence: 0x000101, ies: [{ ie: 'recovery', instance: 0, restartCounter: 7 }] },
  { type: 'echo-response', sequence: 0x000101, ies: [{ ie: 'recovery', instance: 0, restartCounter: 9 }] },
  { type: 'version-not-supported', sequence: 0x000102, ies: [] },
  {
    type: 'create-session-request',
    teid: 0,
    sequence: 0x000103,
    ies: [
      { ie: 'imsi', instance: 0, digits: '001010123456789' },
      { ie: 'msisdn', instance: 0, digits: '819012345678' },
      { ie: 'mei', instance: 0, digits: '3520990017614823' },
      {
        ie: 'uli',
        instance: 0,
        tai: { mcc: '001', mnc: '01', tac: 0x1234 },
        ecgi: { mcc: '001', mnc: '01', eci: 0x0abcdef },
      },
      { ie: 'serving-network', instance: 0, mcc: '440', mnc: '10' },
      { ie: 'rat-type', instance: 0, ratType: 6 },
      indication({ daf: true }),
      { ie: 'f-teid', instance: 0, interfaceType: 6, teid: 0x11223344, ipv6: '2001:db8:5::1' },
      { ie: 'f-teid', instance: 1, interfaceType: 7, teid: 0, ipv4: '192.0.2.7', ipv6: '2001:db8:5::7' },
      { ie: 'apn', instance: 0, apn: 'internet.mnc010.mcc440.gprs' },
      { ie: 'selection-mode', instance: 0, mode: 0 },
      { ie: 'pdn-type', instance: 0, pdnType: 3 },
      { ie: 'paa', instance: 0, pdnType: 3, prefixLength: 0, ipv6: '::', ipv4: '0.0.0.0' },
      { ie: 'ambr', instance: 0, uplink: 50_000, downlink: 150_000 },
      {
        ie: 'pco',
        instance: 0,
        configurationProtocol: 0,
        containers: [
          { id: PCO_CONTAINER.DNS_SERVER_IPV6, contents: Buffer.alloc(0) },
          { id: PCO_CONTAINER.DNS_SERVER_IPV4, contents: Buffer.alloc(0) },
          { id: PCO_CONTAINER.IPV4_LINK_MTU, contents: Buffer.alloc(0) },
        ],
      },
      {
        ie: 'bearer-context',
        instance: 0,
        ies: [
          { ie: 'ebi', instance: 0, ebi: 5 },
          {
            ie: 'bearer-qos',
            instance: 0,
            pci: true,
            priorityLevel: 9,
            pvi: false,
            qci: 9,
            mbrUplink: 0,
            mbrDownlink: 0,
            gbrUplink: 0,
            gbrDownlink: 0,
          },
        ],
      },
      { ie: 'private-extension', instance: 0, enterpriseId: 10415, value: Buffer.from('v6harness') },
    ],
  },
  {
    type: 'create-session-response',
    teid: 0x11223344,
    sequence: 0x000103,
    ies: [
      { ie: 'cause', instance: 0, value: 16, pce: false, bce: false, cs: false },
      { ie: 'f-teid', instance: 1, interfaceType: 7, teid: 0x55667788, ipv6: '2001:db8:5::7' },
      { ie: 'paa', instance: 0, pdnType: 2, prefixLength: 64, ipv6: '2001:db8:100:1::' },
      {
        ie: 'apco',
        instance: 0,
        configurationProtocol: 0,
        containers: [{ id: PCO_CONTAINER.DNS_SERVER_IPV6, contents: dnsV6 }],
      },
      {
        ie: 'pco',
        instance: 0,
        configurationProtocol: 0,
        containers: [
          { id: PCO_CONTAINER.DNS_SERVER_IPV6, contents: dnsV6 },
          { id: PCO_CONTAINER.DNS_SERVER_IPV4, contents: Buffer.from([192, 0, 2, 53]) },
          { id: PCO_CONTAINER.IPV4_LINK_MTU, contents: Buffer.from([0x05, 0x78]) },
        ],
      },
      { ie: 'recovery', instance: 0, restartCounter: 3 },
      {
        ie: 'bearer-context',
        instance: 0,
        ies: [
          { ie: 'ebi', instance: 0, ebi: 5 },
          { ie: 'cause', instance: 0, value: 16, pce: false, bce: false, cs: false },
          { ie: 'f-teid', instance: 2, interfaceType: 5, teid: 0x0a0b0c0d, ipv6: '2001:db8:5::7' },
          { ie: 'charging-id', instance: 0, chargingId: 0xcafe },
        ],
      },
    ],
  },
  {
    type: 'modify-bearer-request',
    teid: 0x55667788,
    sequence: 0x000104,
    ies: [
      {
        ie: 'bearer-context',
        instance: 0,
        ies: [
          { ie: 'ebi', instance: 0, ebi: 5 },
          { ie: 'f-teid', instance: 0, interfaceType: 0, teid: 0x01020304, ipv6: '2001:db8:1::e1' },
        ],
      },
    ],
  },
  {
    type: 'modify-bearer-response',
    teid: 0x11223344,
    sequence: 0x000104,
    ies: [
      { ie: 'cause', instance: 0, value: 16, pce: false, bce: false, cs: false },
      {
        ie: 'bearer-context',
        instance: 0,
        ies: [
          { ie: 'ebi', instance: 0, ebi: 5 },
          { ie: 'cause', instance: 0, value: 16, pce: false, bce: false, cs: false },
        ],
      },
    ],
  },
  {
    type: 'delete-session-request',
    teid: 0x55667788,
    sequence: 0x000105,
    ies: [{ ie: 'ebi', instance: 0, ebi: 5 }, indication({ oi: true })],
  },
  {
    type: 'delete-session-response',
    teid: 0x11223344,
    sequence: 0x000105,
    ies: [{ ie: 'cause', instance: 0, value: 16, pce: false, bce: false, cs: false }],
  },
  {
    type: 'create-bearer-request',
    teid: 0x11223344,
    sequence: 0x800106,
    ies: [
      { ie: 'ebi', instance: 0, ebi: 5 },
      {
        ie: 'bearer-context',
        instance: 0,
        ies: [
          { ie: 'ebi', instance: 0, ebi: 0 },
          { ie: 'f-teid', instance: 1, interfaceType: 5, teid: 0x0a0b0c0e, ipv6: '2001:db8:5::7' },
          {
            ie: 'bearer-qos',
            instance: 0,
            pci: false,
            priorityLevel: 2,
            pvi: true,
            qci: 1,
            mbrUplink: 128,
            mbrDownlink: 128,
            gbrUplink: 64,
            gbrDownlink: 64,
          },
          { ie: 'charging-id', instance: 0, chargingId: 0xbeef },
        ],
      },
    ],
  },
  {
    type: 'create-bearer-response',
    teid: 0x55667788,
    sequence: 0x800106,
    ies: [
      { ie: 'cause', instance: 0, value: 16, pce: false, bce: false, cs: false },
      {
        ie: 'bearer-context',
        instance: 0,
        ies: [
          { ie: 'ebi', instance: 0, ebi: 6 },
          { ie: 'cause', instance: 0, value: 16, pce: false, bce: false, cs: false },
        ],
      },
    ],
  },
  { type: 'delete-bearer-request', teid: 0x11223344, sequence: 0x800107, ies: [{ ie: 'ebi', instance: 1, ebi: 6 }] },
  {
    type: 'delete-bearer-response',
    teid: 0x55667788,
    sequence: 0x800107,
    ies: [
      { ie: 'cause', instance: 0, value: 64, pce: false, bce: true, cs: true, offendingIe: { type: 73, instance: 1 } },
    ],
  },
  { type: 'release-access-bearers-request', teid: 0x55667788, sequence: 0x000108, ies: [] },
  {
    type: 'release-access-bearers-response',
    teid: 0x11223344,
    sequence: 0x000108,
    ies: [
      { ie: 'cause', instance: 0, value: 16, pce: false, bce: false, cs: false },
      { ie: 'recovery', instance: 0, restartCounter: 3 },
    ],
  },
];
