import test from 'ava';
import fc from 'fast-check';
import { decode, decodeInner, encode, type NasMessage } from '../../../../harness/protocol/nas/index.ts';
import { ESM_MESSAGES } from '../../../../harness/protocol/nas/eps/esm-messages.ts';
import { SM5G_MESSAGES } from '../../../../harness/protocol/nas/5gs/sm-messages.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { ESM_MORE_SAMPLES, ESM_SAMPLES, SM5G_MORE_SAMPLES, SM5G_SAMPLES } from '../../../helpers/nas-samples.ts';
import { nasMessages } from '../../../helpers/nas-arbitrary.ts';
import { fuzz } from '../../../helpers/fuzz.ts';

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const esm = nasMessages('esm', ESM_MESSAGES, { epsBearerIdentity: u(4), pti: u(8) });
const sm5g = nasMessages('5gsm', SM5G_MESSAGES, { pduSessionId: u(8), pti: u(8) });

test('decode(encode(m)) deep-equals m for every ESM message and IE of the tables (fast-check)', (t) => {
  fc.assert(
    fc.property(esm, (m) => void t.deepEqual(decode(encode(m as NasMessage)), m)),
    { numRuns: 4000 },
  );
});

test('decode(encode(m)) deep-equals m for every 5GSM message and IE of the tables (fast-check)', (t) => {
  fc.assert(
    fc.property(sm5g, (m) => void t.deepEqual(decode(encode(m as NasMessage)), m)),
    { numRuns: 4000 },
  );
});

test('the PDN address carries the 8-octet interface identifier (TS 24.301 §9.9.4.9)', (t) => {
  const b = encode(ESM_SAMPLES[2]);
  t.true(b.includes(Buffer.from('0d031a2b3c4d5e6f7081c6336407', 'hex')));
  const m = ESM_SAMPLES[2] as Extract<NasMessage, { type: 'activate-default-eps-bearer-context-request' }>;
  t.throws(() => encode({ ...m, pdnAddress: { type: 2, interfaceIdentifier: '2001:db8::1' } }), { message: /::\/64/ });
});

test('two V 1/2 IEs share an octet, the first in bits 4-1 (TS 24.007 §11.2.1.1.2)', (t) => {
  // PDN connectivity request: request type 1 (initial request) in bits 4-1, PDN type 3 in bits 8-5.
  t.is(encode(ESM_SAMPLES[0])[3], 0x31);
  // PDU session establishment accept: selected PDU session type 2 in bits 4-1, SSC mode 1 in bits 8-5.
  t.is(encode(SM5G_SAMPLES[1])[4], 0x12);
});

test('unsupported and truncated messages are DecodeErrors that say what is missing', (t) => {
  t.throws(() => decode(Buffer.from('0701', 'hex')), {
    instanceOf: DecodeError,
    message: /EMM messages are not supported/,
  });
  t.throws(() => decode(Buffer.from('0301', 'hex')), {
    instanceOf: DecodeError,
    message: /protocol discriminator 0x3/,
  });
  t.throws(() => decode(Buffer.from('0201ff', 'hex')), { instanceOf: DecodeError, message: /ESM message type 0xff/ });
  t.throws(() => decode(Buffer.from('0201d1', 'hex')), { instanceOf: DecodeError, message: /esmCause/ });
  t.throws(() => decode(Buffer.from('2e0101ff', 'hex')), {
    instanceOf: DecodeError,
    message: /5GSM message type 0xff/,
  });
  // A Registration Request cut after its first octet: 5GMM is decoded now (5gs/mm.ts), the mobile identity is missing.
  t.throws(() => decode(Buffer.from('7e004101', 'hex')), { instanceOf: DecodeError, message: /mobileIdentity/ });
  t.throws(() => decode(Buffer.from('7e00ff', 'hex')), { instanceOf: DecodeError, message: /5GMM message type 0xff/ });
});

test('an optional IE that does not decode is kept as its octets and reported, the message still decodes (TS 24.301 §7.5.2)', (t) => {
  // PDN connectivity reject #50 with a back-off timer of length 0 (GPRS timer 3 needs one octet), then an unknown TLV IE.
  const b = Buffer.from('0201d132' + '3700' + '5d020102', 'hex');
  const m = decode(b);
  t.like(m, { type: 'pdn-connectivity-reject', esmCause: 50 });
  if (m.type !== 'pdn-connectivity-reject') return t.fail();
  t.is(m.ies[0].ie, 'invalid');
  t.deepEqual(m.ies[1], { ie: 'unknown', iei: 0x5d, value: Buffer.from('0102', 'hex') });
  t.regex(m.warnings?.[0] ?? '', /\(IEI 0x37\) treated as not present/);
  t.deepEqual(encode(m), b);
});

test('a PCO whose octet 3 lacks the extension bit is kept as received with the reason, not a DecodeError (issue 17 item 11)', (t) => {
  const b = Buffer.from('0201d13227020000', 'hex');
  const m = decode(b);
  if (m.type !== 'pdn-connectivity-reject') return t.fail();
  const pco = m.ies[0];
  if (pco.ie !== 'pco') return t.fail(pco.ie);
  t.deepEqual(pco.value.malformed?.octets, Buffer.from('0000', 'hex'));
  t.regex(pco.value.malformed?.reason ?? '', /extension bit/);
  t.deepEqual(encode(m), b);
});

test('security protected messages keep header, MAC and sequence number; integrity-only ones open (TS 24.501 §9.1.1)', (t) => {
  const inner = encode(SM5G_SAMPLES[2]);
  const b = Buffer.concat([Buffer.from('7e01a1b2c3d407', 'hex'), inner]);
  const m = decode(b);
  t.like(m, {
    protocol: '5gmm',
    type: 'security-protected',
    securityHeaderType: 1,
    mac: 0xa1b2c3d4,
    sequenceNumber: 7,
  });
  t.deepEqual(encode(m), b);
  if (m.type !== 'security-protected') return t.fail();
  t.deepEqual(decodeInner(m), SM5G_SAMPLES[2]);
  t.is(decodeInner({ ...m, securityHeaderType: 2 }), undefined);
  const eps = Buffer.concat([Buffer.from('27a1b2c3d409', 'hex'), encode(ESM_SAMPLES[1])]);
  t.like(decode(eps), { protocol: 'emm', securityHeaderType: 2, sequenceNumber: 9 });
  t.deepEqual(encode(decode(eps)), eps);
});

test('100,000 mutated NAS messages either decode and re-encode byte-exact, or throw DecodeError', (t) => {
  const identity = (b: Buffer) => {
    const again = encode(decode(b));
    if (!again.equals(b)) throw new Error(`re-encoded as ${again.toString('hex')}`);
  };
  const r = fuzz(
    [...ESM_SAMPLES, ...ESM_MORE_SAMPLES, ...SM5G_SAMPLES, ...SM5G_MORE_SAMPLES].map(encode),
    identity,
    100_000,
    5,
  );
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 1_000, JSON.stringify({ ...r, failures: undefined }));
});
