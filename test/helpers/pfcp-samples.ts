import {
  applyAction,
  CAUSE,
  flagsIe,
  INTERFACE,
  PDN_TYPE,
  networkInstance,
  OUTER_HEADER_CREATION,
  OUTER_HEADER_REMOVAL,
  recoveryTimeStamp,
  type PfcpMessage,
} from '../../harness/protocol/pfcp/index.ts';

/**
 * One realistic instance of each PFCP message type (Sxb/N4 between a PGW-C/SMF and a
 * PGW-U/UPF), covering every modelled IE: IPv6 node IDs and F-SEIDs, CHOOSE F-TEIDs, UE IP
 * Address with IPv6 prefix delegation bits and IP6PL prefix length, GTP-U/UDP/IPv6 outer header
 * creation, a vendor-specific IE and an unknown IE.
 */
const cp = '2001:db8:5::10';
const up = '2001:db8:5::20';
const started = new Date('2025-06-01T08:00:00Z');
export const PFCP_SAMPLES: PfcpMessage[] = [
  { type: 'heartbeat-request', sequence: 1, ies: [recoveryTimeStamp(started)] },
  { type: 'heartbeat-response', sequence: 1, ies: [recoveryTimeStamp(new Date('2025-06-01T07:59:30Z'))] },
  {
    type: 'association-setup-request',
    sequence: 2,
    ies: [
      { ie: 'node-id', ipv6: cp },
      recoveryTimeStamp(started),
      flagsIe('cp-function-features', 'load', 'ovrl'),
      { ie: 'unknown', type: 32770, enterpriseId: 18681, data: Buffer.from('0102', 'hex') },
    ],
  },
  {
    type: 'association-setup-response',
    sequence: 2,
    ies: [
      { ie: 'node-id', fqdn: 'upf1.core.example' },
      { ie: 'cause', value: CAUSE.REQUEST_ACCEPTED },
      recoveryTimeStamp(started),
      flagsIe('up-function-features', 'ftup', 'empu', 'ueip', 'ip6pl'),
    ],
  },
  {
    type: 'session-establishment-request',
    seid: 0n,
    sequence: 3,
    priority: 5,
    ies: [
      { ie: 'node-id', ipv6: cp },
      { ie: 'f-seid', seid: 0x1122334455667788n, ipv6: cp },
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: 1 },
          { ie: 'precedence', value: 255 },
          {
            ie: 'pdi',
            ies: [
              { ie: 'source-interface', value: INTERFACE.access },
              { ie: 'f-teid', choose: { ipv4: false, ipv6: true, chooseId: 5 } },
              networkInstance('internet'),
              { ie: 'ue-ip-address', sourceOrDestination: 'source', ipv6: '2001:db8:100::', ipv6PrefixLength: 56 },
            ],
          },
          { ie: 'outer-header-removal', description: OUTER_HEADER_REMOVAL.GTPU_UDP_IPV6 },
          { ie: 'far-id', ruleId: 1 },
          { ie: 'urr-id', ruleId: 1 },
        ],
      },
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: 2 },
          { ie: 'precedence', value: 100_000 },
          {
            ie: 'pdi',
            ies: [
              { ie: 'source-interface', value: INTERFACE.core },
              {
                ie: 'ue-ip-address',
                sourceOrDestination: 'destination',
                ipv6: '2001:db8:100:1::',
                ipv6PrefixDelegationBits: 8,
              },
              // §8.2.5: the RS filter a PGW-C uses to have Router Solicitations forwarded to it.
              { ie: 'sdf-filter', flowDescription: 'permit out 58 from ff02::2/128 to assigned', sdfFilterId: 7 },
              { ie: 'sdf-filter', tosTrafficClass: 0x2efc, securityParameterIndex: 0x1234, flowLabel: 0xabcde },
            ],
          },
          { ie: 'far-id', ruleId: 2 },
        ],
      },
      {
        ie: 'create-far',
        ies: [
          { ie: 'far-id', ruleId: 1 },
          applyAction('forw'),
          {
            ie: 'forwarding-parameters',
            ies: [{ ie: 'destination-interface', value: INTERFACE.core }, networkInstance('internet')],
          },
        ],
      },
      {
        ie: 'create-far',
        ies: [
          { ie: 'far-id', ruleId: 2 },
          applyAction('forw', 'nocp'),
          {
            ie: 'forwarding-parameters',
            ies: [
              { ie: 'destination-interface', value: INTERFACE.access },
              {
                ie: 'outer-header-creation',
                description: OUTER_HEADER_CREATION.GTPU_UDP_IPV6,
                teid: 0xabcdef01,
                ipv6: '2001:db8:1::e1',
              },
            ],
          },
        ],
      },
      {
        ie: 'create-urr',
        ies: [
          { ie: 'urr-id', ruleId: 1 },
          { ie: 'measurement-method', durat: true, volum: true, event: false },
          flagsIe('reporting-triggers', 'volth', 'perio'),
          { ie: 'volume-threshold', total: 10_000_000_000n, downlink: 8_000_000_000n },
        ],
      },
      { ie: 'pdn-type', value: PDN_TYPE.IPV4V6 },
    ],
  },
  {
    type: 'session-establishment-response',
    seid: 0x1122334455667788n,
    sequence: 3,
    ies: [
      { ie: 'node-id', ipv6: up },
      { ie: 'cause', value: CAUSE.REQUEST_ACCEPTED },
      { ie: 'f-seid', seid: 0x8877665544332211n, ipv4: '192.0.2.20', ipv6: up },
      {
        ie: 'created-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: 1 },
          { ie: 'f-teid', teid: 0x10000001, ipv4: '192.0.2.20', ipv6: up },
        ],
      },
    ],
  },
  {
    type: 'session-modification-request',
    seid: 0x8877665544332211n,
    sequence: 4,
    ies: [
      { ie: 'remove-pdr', ies: [{ ie: 'pdr-id', ruleId: 2 }] },
      {
        ie: 'update-far',
        ies: [
          { ie: 'far-id', ruleId: 2 },
          applyAction('forw'),
          {
            ie: 'update-forwarding-parameters',
            ies: [
              {
                ie: 'outer-header-creation',
                description: OUTER_HEADER_CREATION.UDP_IPV6,
                ipv6: '2001:db8:1::e2',
                port: 2152,
              },
            ],
          },
        ],
      },
    ],
  },
  {
    type: 'session-modification-response',
    seid: 0x1122334455667788n,
    sequence: 4,
    ies: [{ ie: 'cause', value: CAUSE.REQUEST_ACCEPTED }],
  },
  { type: 'session-deletion-request', seid: 0x8877665544332211n, sequence: 5, ies: [] },
  {
    type: 'session-deletion-response',
    seid: 0x1122334455667788n,
    sequence: 5,
    ies: [
      { ie: 'cause', value: CAUSE.MANDATORY_IE_INCORRECT },
      { ie: 'offending-ie', type: 57 },
    ],
  },
  // FO (§7.2.2.1): three messages in one datagram, the last of a type this codec does not name
  // (56, Session Report Request) with a Report Type IE (39) it does not model.
  {
    type: 'heartbeat-request',
    sequence: 6,
    ies: [recoveryTimeStamp(started)],
    followOn: {
      type: 'session-deletion-request',
      seid: 0x8877665544332211n,
      sequence: 7,
      ies: [],
      followOn: {
        type: 'unknown',
        messageType: 56,
        seid: 0x1122334455667788n,
        sequence: 8,
        ies: [{ ie: 'unknown', type: 39, data: Buffer.from([0x02]) }],
      },
    },
  },
  // IPv4 and dual-stack variants: IPv4 node ID, CHOOSE v4+v6 without CHOOSE ID, CHV4/CHV6 UE IP
  // address, a predefined FAR ID, two-octet Apply Action, a plain-text network instance, UDP/IPv4.
  {
    type: 'session-modification-request',
    seid: 0x8877665544332211n,
    sequence: 9,
    priority: 0,
    ies: [
      { ie: 'node-id', ipv4: '192.0.2.10' },
      { ie: 'f-seid', seid: 0xffffffffffffffffn, ipv4: '192.0.2.10' },
      {
        ie: 'update-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: 0xffff },
          {
            ie: 'pdi',
            ies: [
              { ie: 'source-interface', value: INTERFACE['cp-function'] },
              { ie: 'f-teid', choose: { ipv4: true, ipv6: true } },
              {
                ie: 'ue-ip-address',
                sourceOrDestination: 'source',
                chooseIpv4: true,
                chooseIpv6: true,
                ipv6PrefixDelegationBits: 0,
              },
            ],
          },
          { ie: 'outer-header-removal', description: OUTER_HEADER_REMOVAL.GTPU_UDP_IPV4, extensionHeaderDeletion: 1 },
        ],
      },
      {
        ie: 'update-far',
        ies: [
          { ie: 'far-id', ruleId: 0x80000007 },
          { ie: 'apply-action', flags: Buffer.from([0x04, 0x02]) },
          {
            ie: 'update-forwarding-parameters',
            ies: [
              { ie: 'destination-interface', value: INTERFACE['sgi-lan-n6-lan'] },
              { ie: 'network-instance', name: 'internet', octets: Buffer.from('internet') },
              {
                ie: 'outer-header-creation',
                description: OUTER_HEADER_CREATION.GTPU_UDP_IPV4 | OUTER_HEADER_CREATION.GTPU_UDP_IPV6,
                teid: 7,
                ipv4: '198.51.100.7',
                ipv6: '2001:db8:1::7',
              },
            ],
          },
        ],
      },
      {
        ie: 'create-urr',
        ies: [
          { ie: 'urr-id', ruleId: 9 },
          { ie: 'measurement-method', durat: false, volum: false, event: true },
          flagsIe('reporting-triggers', 'start', 'stopt', 'upint'),
          { ie: 'volume-threshold', uplink: 0n },
        ],
      },
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: 3 },
          { ie: 'precedence', value: 0 },
          {
            ie: 'pdi',
            ies: [
              { ie: 'source-interface', value: INTERFACE.core },
              { ie: 'ue-ip-address', sourceOrDestination: 'destination', ipv4: '10.45.0.2' },
            ],
          },
          { ie: 'qer-id', ruleId: 1 },
        ],
      },
    ],
  },
];
