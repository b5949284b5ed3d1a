import test from 'ava';
import fc from 'fast-check';
import {
  decode,
  encode,
  type NasIe,
  type NasMessage,
  type PduAddress,
} from '../../../../harness/protocol/nas/index.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { formatIpv6 } from '../../../../harness/protocol/common/ip-bytes.ts';
import { addressString } from '../../../../harness/protocol/common/ip-bytes.ts';
import { ESM_SAMPLES, SM5G_SAMPLES } from '../../../helpers/nas-samples.ts';
import { fuzz } from '../../../helpers/fuzz.ts';

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));
const iid = fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => formatIpv6(Buffer.concat([Buffer.alloc(8), b])));
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => addressString(b));
const address: fc.Arbitrary<PduAddress> = fc.oneof(
  fc.record({ type: fc.constant(1), ipv4 }),
  fc.record({ type: fc.constant(2), interfaceIdentifier: iid }),
  fc.record({ type: fc.constant(3), interfaceIdentifier: iid, ipv4 }),
);
const apn = fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { maxLength: 4 }).map((l) => l.join('.'));
const pco = fc.record({
  ie: fc.constant('pco' as const),
  configurationProtocol: u(3),
  containers: fc.array(fc.record({ id: u(16), contents: bytes(16) }), { maxLength: 3 }),
});
const half = fc.record({ ie: fc.constant('half' as const), iei: fc.integer({ min: 8, max: 15 }), value: u(4) });
const esmIe: fc.Arbitrary<NasIe> = fc.oneof(
  half,
  pco,
  fc.record({ ie: fc.constant('apn' as const), apn }),
  fc.record({ ie: fc.constant('esm-cause' as const), cause: u(8) }),
  fc.record({ ie: fc.constant('unknown' as const), iei: fc.constantFrom(0x5d, 0x30, 0x5e, 0x37), data: bytes(10) }),
);
const sm5gIe: fc.Arbitrary<NasIe> = fc.oneof(
  half,
  fc.record({ ie: fc.constant('5gsm-cause' as const), cause: u(8) }),
  fc.record({ ie: fc.constant('pdu-address' as const), address }),
  fc.record({ ie: fc.constant('apn' as const), apn }),
  fc.record({ ie: fc.constant('unknown' as const), iei: fc.constantFrom(0x22, 0x28, 0x7b, 0x75), data: bytes(10) }),
);
const esm = { epsBearerIdentity: u(4), pti: u(8), ies: fc.array(esmIe, { maxLength: 4 }) };
const sm5g = { pduSessionId: u(8), pti: u(8), ies: fc.array(sm5gIe, { maxLength: 4 }) };
const message: fc.Arbitrary<NasMessage> = fc.oneof(
  fc.record({ type: fc.constant('pdn-connectivity-request' as const), requestType: u(4), pdnType: u(4), ...esm }),
  fc.record({
    type: fc.constantFrom('pdn-connectivity-reject' as const, 'esm-status' as const),
    esmCause: u(8),
    ...esm,
  }),
  fc.record({
    type: fc.constant('activate-default-eps-bearer-context-request' as const),
    epsQos: bytes(13),
    apn,
    pdnAddress: address,
    ...esm,
  }),
  fc.record({ type: fc.constant('activate-default-eps-bearer-context-accept' as const), ...esm }),
  fc.record({
    type: fc.constant('pdu-session-establishment-request' as const),
    integrityProtectionMaximumDataRate: u(16),
    ...sm5g,
  }),
  fc.record({
    type: fc.constant('pdu-session-establishment-accept' as const),
    selectedPduSessionType: u(4),
    selectedSscMode: u(4),
    authorizedQosRules: bytes(30),
    sessionAmbr: bytes(6),
    ...sm5g,
  }),
  fc.record({ type: fc.constant('pdu-session-establishment-reject' as const), cause: u(8), ...sm5g }),
);

test('decode(encode(m)) deep-equals m for every ESM and 5GSM message (fast-check)', (t) => {
  fc.assert(
    fc.property(message, (m) => void t.deepEqual(decode(encode(m)), m)),
    { numRuns: 3000 },
  );
});

test('the PDN address carries the 8-octet interface identifier (TS 24.301 §9.9.4.9)', (t) => {
  const b = encode(ESM_SAMPLES[2]);
  t.true(b.includes(Buffer.from('031a2b3c4d5e6f7081c6336407', 'hex')));
  t.throws(
    () =>
      encode({
        ...(ESM_SAMPLES[2] as Extract<NasMessage, { type: 'activate-default-eps-bearer-context-request' }>),
        pdnAddress: { type: 2, interfaceIdentifier: '2001:db8::1' },
      }),
    { message: /::\/64/ },
  );
});

test('unsupported and truncated messages are DecodeErrors', (t) => {
  t.throws(() => decode(Buffer.from('0701', 'hex')), { instanceOf: DecodeError, message: /protocol discriminator 7/ });
  t.throws(() => decode(Buffer.from('0201ff', 'hex')), { instanceOf: DecodeError, message: /ESM message type 0xff/ });
  t.throws(() => decode(Buffer.from('0201d1', 'hex')), { instanceOf: DecodeError });
});

test('100,000 mutated NAS messages either decode or throw DecodeError', (t) => {
  const r = fuzz([...ESM_SAMPLES, ...SM5G_SAMPLES].map(encode), decode, 100_000, 5);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 1_000, JSON.stringify({ ...r, failures: undefined }));
});
