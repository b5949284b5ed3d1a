import test from 'ava';
import { protectNas } from '../../../../harness/protocol/crypto5g/index.ts';
import {
  decode,
  encode,
  mobileIdentity5gs,
  type NasMessage,
  protect5gs,
  suciNullScheme,
  unprotect5gs,
} from '../../../../harness/protocol/nas/index.ts';
import { Reader, Writer } from '../../../../harness/protocol/common/cursor.ts';
import { fuzz, fuzzRoundTrip } from '../../../helpers/fuzz.ts';
import { MM5G_SAMPLES } from '../../../helpers/nas-5gmm-samples.ts';

/** 5GMM (TS 24.501 §8.2): octets of the mobile identity forms, byte-exact round trips, fuzzing. */
const identity = (v: Parameters<typeof mobileIdentity5gs.encode>[0]) => {
  const w = Writer.alloc(64, 'nas');
  mobileIdentity5gs.encode(v, w);
  return w.written().toString('hex');
};

test('5GS mobile identity octets (§9.11.3.4): SUCI null scheme, 5G-GUTI, 5G-S-TMSI, IMEISV', (t) => {
  const plmn = { mcc: '001', mnc: '01' };
  // SUCI: type 1, PLMN, routing indicator "0" (f0 ff), scheme 0, key id 0, MSIN 0000000001 in BCD.
  t.is(identity(suciNullScheme(plmn, '0000000001')), '0100f110f0ff00000000000010');
  // Routing indicator "12" → 21 ff; an odd MSIN ends with the filler F.
  t.is(identity(suciNullScheme(plmn, '123456789', '12')), '0100f11021ff000021436587f9');
  t.is(
    identity({ type: '5g-guti', plmn, amfRegionId: 0xca, amfSetId: 0x3f8, amfPointer: 0x21, tmsi: 0x01020304 }),
    'f200f110cafe2101020304',
  );
  t.is(identity({ type: '5g-s-tmsi', amfSetId: 0x3f8, amfPointer: 0x21, tmsi: 1 }), 'f4fe2100000001');
  // IMEISV, 16 digits (even): digit 1 | even | type 5, then digit pairs low nibble first, filler F.
  t.is(identity({ type: 'imeisv', digits: '4370816125816151' }), '4573806121856151f1');
  // Odd-length/spare-bit variants that do not re-encode identically are kept as octets.
  const odd = Buffer.from('f200f110cafe21010203', 'hex');
  t.deepEqual(mobileIdentity5gs.decode(Reader.of(odd, 'nas'), { warnings: [] }), { type: 'other', octets: odd });
});

test('every 5GMM sample re-encodes byte-exact after decoding', (t) => {
  for (const m of MM5G_SAMPLES) {
    const b = encode(m);
    t.deepEqual(encode(decode(b) as NasMessage), b, m.type);
  }
});

test('80,000 mutated 5GMM messages decode or throw DecodeError, and what decodes re-encodes to the same value', (t) => {
  const seeds = MM5G_SAMPLES.map((m) => encode(m));
  const r = fuzz(seeds, decode, 80_000, 0x24501);
  t.deepEqual(r.failures, []);
  t.true(r.decoded > 10_000 && r.rejected > 5_000, JSON.stringify({ ...r, failures: undefined }));
  const rt = fuzzRoundTrip(seeds, decode, encode, 20_000, 0x24502);
  t.deepEqual(rt.failures, []);
  t.true(rt.checked > 3_000, `${rt.checked} decodable`);
});

test('protect5gs/unprotect5gs: a 5GMM message under NIA2/NEA2 frames like protectNas, opens with a valid MAC, tampering is detected', (t) => {
  const ctx = {
    kNasInt: Buffer.alloc(16, 1),
    kNasEnc: Buffer.alloc(16, 2),
    integrity: 2 as const,
    ciphering: 2 as const,
    direction: 0 as const,
  };
  const plain = MM5G_SAMPLES[0];
  for (const sht of [1, 2, 3, 4] as const) {
    const sp = protect5gs(plain, sht, 0x0203, ctx);
    const wire = encode(sp);
    t.deepEqual(wire, protectNas(encode(plain), sht, 0x0203, ctx));
    const rx = decode(wire);
    if (rx.type !== 'security-protected') return t.fail();
    const u = unprotect5gs(rx, 0x0200, ctx);
    t.true(u.macValid);
    t.is(u.count, 0x0203);
    t.deepEqual(u.message, plain);
    t.false(unprotect5gs({ ...rx, mac: rx.mac ^ 1 }, 0x0200, ctx).macValid);
  }
});
