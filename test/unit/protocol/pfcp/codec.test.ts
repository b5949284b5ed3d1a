import test from 'ava';
import fc from 'fast-check';
import { decode, encode, PFCP_MESSAGE_TYPES, type PfcpIe, type PfcpMessage } from '../../../../harness/protocol/pfcp/index.ts';
import { addressString } from '../../../../harness/protocol/udpip/datagram.ts';
import { PFCP_SAMPLES } from '../../../helpers/pfcp-samples.ts';
import { fuzz } from '../../../helpers/fuzz.ts';

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => addressString(b));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => addressString(b));
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b));
const opt = { requiredKeys: ['ie'] as ['ie'] };

const leaf: fc.Arbitrary<PfcpIe>[] = [
  fc.record({ ie: fc.constant('cause' as const), value: u(8) }),
  fc.oneof(fc.record({ ie: fc.constant('node-id' as const), ipv4 }), fc.record({ ie: fc.constant('node-id' as const), ipv6 }), fc.record({ ie: fc.constant('node-id' as const), fqdn: bytes(1, 20) })),
  fc.record({ ie: fc.constant('f-seid' as const), seid: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), ipv4, ipv6 }, { requiredKeys: ['ie', 'seid'] }),
  fc.record({ ie: fc.constant('recovery-time-stamp' as const), seconds: u(32) }),
  fc.record({ ie: fc.constant('pdr-id' as const), ruleId: u(16) }),
  fc.record({ ie: fc.constant('precedence' as const), value: u(32) }),
  fc.record({ ie: fc.constant('source-interface' as const), value: u(4) }),
  fc.record({ ie: fc.constant('destination-interface' as const), value: u(4) }),
  fc.oneof(
    fc.record({ ie: fc.constant('f-teid' as const), teid: u(32), ipv4, ipv6 }, { requiredKeys: ['ie', 'teid'] }),
    fc.record({ ie: fc.constant('f-teid' as const), choose: fc.record({ v4: fc.boolean(), v6: fc.boolean(), chooseId: u(8) }, { requiredKeys: ['v4', 'v6'] }) }),
  ),
  fc.record({ ie: fc.constant('network-instance' as const), value: bytes(0, 20) }),
  fc.record(
    { ie: fc.constant('ue-ip-address' as const), sourceOrDestination: fc.constantFrom('source' as const, 'destination' as const), ipv4, ipv6, ipv6PrefixDelegationBits: u(8), ipv6PrefixLength: u(8) },
    { requiredKeys: ['ie', 'sourceOrDestination'] },
  ),
  fc.record({ ie: fc.constant('outer-header-removal' as const), description: u(8), extensionHeaderDeletion: u(8) }, { requiredKeys: ['ie', 'description'] }),
  fc.record({ ie: fc.constantFrom('far-id' as const, 'urr-id' as const, 'qer-id' as const), ruleId: u(32) }),
  fc.record({ ie: fc.constantFrom('apply-action' as const, 'reporting-triggers' as const, 'up-function-features' as const, 'cp-function-features' as const), flags: bytes(1, 6) }),
  fc.oneof(
    fc.record({ ie: fc.constant('outer-header-creation' as const), description: fc.constant(0x0100), teid: u(32), ipv4 }),
    fc.record({ ie: fc.constant('outer-header-creation' as const), description: fc.constant(0x0200), teid: u(32), ipv6 }),
    fc.record({ ie: fc.constant('outer-header-creation' as const), description: fc.constant(0x0800), ipv6, port: u(16) }),
  ),
  fc.record({ ie: fc.constant('measurement-method' as const), durat: fc.boolean(), volum: fc.boolean(), event: fc.boolean() }),
  fc.record({ ie: fc.constant('volume-threshold' as const), total: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), uplink: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), downlink: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }, opt),
  fc.record({ ie: fc.constant('offending-ie' as const), type: u(16) }),
  fc.record({ ie: fc.constant('unknown' as const), type: fc.constantFrom(23, 26, 200, 32770), data: bytes(2, 12) }),
];
const groupedNames = ['create-pdr', 'pdi', 'create-far', 'forwarding-parameters', 'create-urr', 'created-pdr', 'update-pdr', 'update-far', 'update-forwarding-parameters', 'remove-pdr', 'remove-far'] as const;
const ie: fc.Arbitrary<PfcpIe> = fc.letrec<{ ie: PfcpIe }>((tie) => ({
  ie: fc.oneof({ depthSize: 'small' }, ...leaf, fc.record({ ie: fc.constantFrom(...groupedNames), ies: fc.array(tie('ie'), { maxLength: 4 }) })),
})).ie;
const message = fc.record(
  { type: fc.constantFrom(...(Object.keys(PFCP_MESSAGE_TYPES) as (keyof typeof PFCP_MESSAGE_TYPES)[])), seid: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), sequence: u(24), priority: u(4), ies: fc.array(ie, { maxLength: 6 }) },
  { requiredKeys: ['type', 'sequence', 'ies'] },
) as fc.Arbitrary<PfcpMessage>;

test('decode(encode(m)) deep-equals m for every message type and IE, grouped IEs nested (fast-check)', (t) => {
  fc.assert(fc.property(message, (m) => void t.deepEqual(decode(encode(m)), m)), { numRuns: 2000 });
});

test('encode(decode(bytes)) equals bytes for every sample', (t) => {
  for (const m of PFCP_SAMPLES) {
    const b = encode(m);
    t.deepEqual(encode(decode(b)), b);
  }
});

test('100,000 mutated PFCP messages either decode or throw DecodeError', (t) => {
  const r = fuzz(PFCP_SAMPLES.map(encode), decode, 100_000, 4);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 1_000, JSON.stringify({ ...r, failures: undefined }));
});
