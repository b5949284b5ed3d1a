import { applyAction, OUTER_HEADER_CREATION, type PfcpMessage } from '../../harness/protocol/pfcp/index.ts';

/** One realistic instance of each PFCP message type (Sxb between a PGW-C and a PGW-U). */
const cp = '2001:db8:5::10';
const up = '2001:db8:5::20';
export const PFCP_SAMPLES: PfcpMessage[] = [
  { type: 'heartbeat-request', sequence: 1, ies: [{ ie: 'recovery-time-stamp', seconds: 3_970_000_000 }] },
  { type: 'heartbeat-response', sequence: 1, ies: [{ ie: 'recovery-time-stamp', seconds: 3_970_000_100 }] },
  { type: 'association-setup-request', sequence: 2, ies: [{ ie: 'node-id', ipv6: cp }, { ie: 'recovery-time-stamp', seconds: 3_970_000_000 }, { ie: 'cp-function-features', flags: Buffer.from([0x01]) }] },
  { type: 'association-setup-response', sequence: 2, ies: [{ ie: 'node-id', ipv6: up }, { ie: 'cause', value: 1 }, { ie: 'recovery-time-stamp', seconds: 3_970_000_100 }, { ie: 'up-function-features', flags: Buffer.from([0x10, 0x00]) }] },
  {
    type: 'session-establishment-request',
    seid: 0n,
    sequence: 3,
    ies: [
      { ie: 'node-id', ipv6: cp },
      { ie: 'f-seid', seid: 0x1122334455667788n, ipv6: cp },
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: 1 },
          { ie: 'precedence', value: 255 },
          { ie: 'pdi', ies: [{ ie: 'source-interface', value: 0 }, { ie: 'f-teid', choose: { v4: false, v6: true, chooseId: 5 } }, { ie: 'network-instance', value: Buffer.from('\x08internet') }, { ie: 'ue-ip-address', sourceOrDestination: 'source', ipv6: '2001:db8:100:1::', ipv6PrefixLength: 64 }] },
          { ie: 'outer-header-removal', description: 1 },
          { ie: 'far-id', ruleId: 1 },
          { ie: 'urr-id', ruleId: 1 },
        ],
      },
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: 2 },
          { ie: 'precedence', value: 255 },
          { ie: 'pdi', ies: [{ ie: 'source-interface', value: 1 }, { ie: 'ue-ip-address', sourceOrDestination: 'destination', ipv6: '2001:db8:100:1::', ipv6PrefixDelegationBits: 8 }] },
          { ie: 'far-id', ruleId: 2 },
        ],
      },
      { ie: 'create-far', ies: [{ ie: 'far-id', ruleId: 1 }, applyAction({ forw: true }), { ie: 'forwarding-parameters', ies: [{ ie: 'destination-interface', value: 1 }] }] },
      {
        ie: 'create-far',
        ies: [
          { ie: 'far-id', ruleId: 2 },
          applyAction({ forw: true }),
          { ie: 'forwarding-parameters', ies: [{ ie: 'destination-interface', value: 0 }, { ie: 'outer-header-creation', description: OUTER_HEADER_CREATION.GTPU_UDP_IPV6, teid: 0xabcdef01, ipv6: '2001:db8:1::e1' }] },
        ],
      },
      { ie: 'create-urr', ies: [{ ie: 'urr-id', ruleId: 1 }, { ie: 'measurement-method', durat: false, volum: true, event: false }, { ie: 'reporting-triggers', flags: Buffer.from([0x01, 0x00]) }, { ie: 'volume-threshold', total: 1_000_000n }] },
    ],
  },
  {
    type: 'session-establishment-response',
    seid: 0x1122334455667788n,
    sequence: 3,
    ies: [
      { ie: 'node-id', ipv6: up },
      { ie: 'cause', value: 1 },
      { ie: 'f-seid', seid: 0x8877665544332211n, ipv6: up },
      { ie: 'created-pdr', ies: [{ ie: 'pdr-id', ruleId: 1 }, { ie: 'f-teid', teid: 0x10000001, ipv6: up }] },
    ],
  },
  {
    type: 'session-modification-request',
    seid: 0x8877665544332211n,
    sequence: 4,
    ies: [{ ie: 'update-far', ies: [{ ie: 'far-id', ruleId: 2 }, applyAction({ forw: true }), { ie: 'update-forwarding-parameters', ies: [{ ie: 'outer-header-creation', description: OUTER_HEADER_CREATION.GTPU_UDP_IPV4, teid: 0x1234, ipv4: '192.0.2.9' }] }] }],
  },
  { type: 'session-modification-response', seid: 0x1122334455667788n, sequence: 4, ies: [{ ie: 'cause', value: 1 }] },
  { type: 'session-deletion-request', seid: 0x8877665544332211n, sequence: 5, ies: [] },
  { type: 'session-deletion-response', seid: 0x1122334455667788n, sequence: 5, ies: [{ ie: 'cause', value: 65 }, { ie: 'offending-ie', type: 57 }] },
];
