import fc from 'fast-check';
import {
  GROUPED,
  nameOfOctets,
  PFCP_MESSAGE_TYPES,
  type GroupedName,
  type KnownMessageType,
  type PfcpIe,
  type PfcpMessage,
} from '../../../../harness/protocol/pfcp/index.ts';
import { addressString } from '../../../../harness/protocol/common/ip-bytes.ts';

/** fast-check arbitraries for every PFCP IE (with trailing `extra` octets where an IE can carry them) and message. */
const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => addressString(b));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => addressString(b));
const bytes = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b));
const extra = bytes(1, 4);

/** Either DNS labels or arbitrary octets, with the name the decoder derives from them. */
const labelled = fc
  .oneof(
    fc
      .array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 1, maxLength: 4 })
      .map((labels) =>
        Buffer.concat(labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')]))),
      ),
    bytes(0, 24),
  )
  .map((octets) => ({ name: nameOfOctets(octets), octets }));

function withExtra<T extends object>(a: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(a, fc.option(extra, { nil: undefined })).map(([v, e]) => (e ? { ...v, extra: e } : v));
}

const MODELLED = new Set<number>([
  ...Object.values(GROUPED),
  19,
  60,
  57,
  96,
  40,
  56,
  108,
  81,
  109,
  29,
  20,
  42,
  21,
  22,
  93,
  95,
  84,
  44,
  37,
  43,
  89,
  62,
  31,
  113,
  23,
]);

export const leafIe: fc.Arbitrary<PfcpIe> = fc.oneof(
  withExtra(fc.record({ ie: fc.constant('cause' as const), value: u(8) })),
  withExtra(
    fc.oneof(
      fc.record({ ie: fc.constant('node-id' as const), ipv4 }),
      fc.record({ ie: fc.constant('node-id' as const), ipv6 }),
    ),
  ),
  labelled.map(({ name, octets }): PfcpIe => ({ ie: 'node-id', fqdn: name, fqdnOctets: octets })),
  withExtra(fc.record({ ie: fc.constant('f-seid' as const), seid: u64, ipv4, ipv6 }, { requiredKeys: ['ie', 'seid'] })),
  withExtra(fc.record({ ie: fc.constant('recovery-time-stamp' as const), seconds: u(32) })),
  withExtra(fc.record({ ie: fc.constant('offending-ie' as const), type: u(16) })),
  withExtra(fc.record({ ie: fc.constant('pdr-id' as const), ruleId: u(16) })),
  withExtra(fc.record({ ie: fc.constantFrom('far-id' as const, 'urr-id' as const, 'qer-id' as const), ruleId: u(32) })),
  withExtra(fc.record({ ie: fc.constant('precedence' as const), value: u(32) })),
  withExtra(
    fc.record({ ie: fc.constantFrom('source-interface' as const, 'destination-interface' as const), value: u(4) }),
  ),
  withExtra(
    fc.oneof(
      fc.record({ ie: fc.constant('f-teid' as const), teid: u(32), ipv4, ipv6 }, { requiredKeys: ['ie', 'teid'] }),
      fc.record({
        ie: fc.constant('f-teid' as const),
        choose: fc.record(
          { ipv4: fc.boolean(), ipv6: fc.boolean(), chooseId: u(8) },
          { requiredKeys: ['ipv4', 'ipv6'] },
        ),
      }),
    ),
  ),
  labelled.map(({ name, octets }): PfcpIe => ({ ie: 'network-instance', name, octets })),
  withExtra(
    fc.record(
      {
        ie: fc.constant('ue-ip-address' as const),
        sourceOrDestination: fc.constantFrom('source' as const, 'destination' as const),
        ipv4,
        ipv6,
        chooseIpv4: fc.constant(true),
        chooseIpv6: fc.constant(true),
        ipv6PrefixDelegationBits: u(8),
        ipv6PrefixLength: fc.integer({ min: 0, max: 128 }),
      },
      { requiredKeys: ['ie', 'sourceOrDestination'] },
    ),
  ),
  fc.oneof(
    fc.record({ ie: fc.constant('outer-header-removal' as const), description: u(8) }),
    withExtra(
      fc.record({ ie: fc.constant('outer-header-removal' as const), description: u(8), extensionHeaderDeletion: u(8) }),
    ),
  ),
  withExtra(
    u(16).chain((d) =>
      fc.record({
        ie: fc.constant('outer-header-creation' as const),
        description: fc.constant(d),
        ...(d & 0x0300 ? { teid: u(32) } : {}),
        ...(d & 0x1500 ? { ipv4 } : {}),
        ...(d & 0x2a00 ? { ipv6 } : {}),
        ...(d & 0x0c00 ? { port: u(16) } : {}),
        ...(d & 0x4000 ? { cTag: bytes(3, 3) } : {}),
        ...(d & 0x8000 ? { sTag: bytes(3, 3) } : {}),
      }),
    ),
  ),
  fc.oneof(
    fc.record({ ie: fc.constantFrom('apply-action' as const, 'cp-function-features' as const), flags: bytes(1, 6) }),
    fc.record({
      ie: fc.constantFrom('reporting-triggers' as const, 'up-function-features' as const),
      flags: bytes(2, 8),
    }),
  ),
  withExtra(
    fc.record({
      ie: fc.constant('measurement-method' as const),
      durat: fc.boolean(),
      volum: fc.boolean(),
      event: fc.boolean(),
    }),
  ),
  withExtra(
    fc.record(
      { ie: fc.constant('volume-threshold' as const), total: u64, uplink: u64, downlink: u64 },
      { requiredKeys: ['ie'] },
    ),
  ),
  withExtra(fc.record({ ie: fc.constant('pdn-type' as const), value: u(3) })),
  withExtra(
    fc.record(
      {
        ie: fc.constant('sdf-filter' as const),
        flowDescription: fc.stringMatching(/^[ -~]{0,40}$/),
        tosTrafficClass: u(16),
        securityParameterIndex: u(32),
        flowLabel: u(20),
        sdfFilterId: u(32),
      },
      { requiredKeys: ['ie'] },
    ),
  ),
  fc.record({ ie: fc.constant('unknown' as const), type: u(15).filter((t) => !MODELLED.has(t)), data: bytes(0, 12) }),
  fc.record({
    ie: fc.constant('unknown' as const),
    type: fc.integer({ min: 0x8000, max: 0xffff }),
    enterpriseId: u(16),
    data: bytes(0, 12),
  }),
) as fc.Arbitrary<PfcpIe>;

const groupedNames = Object.keys(GROUPED) as GroupedName[];

export const ie: fc.Arbitrary<PfcpIe> = fc.letrec<{ ie: PfcpIe }>((tie) => ({
  ie: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    leafIe,
    fc.record({
      ie: fc.constantFrom(...groupedNames),
      ies: fc.array(tie('ie'), { maxLength: 4 }),
    }) as fc.Arbitrary<PfcpIe>,
  ),
})).ie;

const known = Object.keys(PFCP_MESSAGE_TYPES) as KnownMessageType[];
const knownNumbers = new Set<number>(Object.values(PFCP_MESSAGE_TYPES));

const one: fc.Arbitrary<PfcpMessage> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...known).map((type) => ({ type })),
      u(8)
        .filter((n) => !knownNumbers.has(n))
        .map((messageType) => ({ type: 'unknown' as const, messageType })),
    ),
    fc.record(
      { seid: u64, sequence: u(24), priority: u(4), ies: fc.array(ie, { maxLength: 6 }) },
      { requiredKeys: ['sequence', 'ies'] },
    ),
  )
  .map(([t, rest]) => ({ ...t, ...rest }) as PfcpMessage);

/** A message, sometimes with one or two more chained by FO. */
export const message: fc.Arbitrary<PfcpMessage> = fc
  .tuple(one, fc.array(one, { maxLength: 2 }))
  .map(([first, more]) => {
    let m = first;
    for (const next of more.reverse()) m = { ...next, followOn: m };
    return m;
  });
