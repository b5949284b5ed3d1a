import test from 'ava';
import {
  bitString,
  boolean,
  choice,
  choiceExt,
  decodePer,
  encodePer,
  enumerated,
  enumeratedExt,
  integer,
  knownMultiplierString,
  nullType,
  octetString,
  openType,
  optional,
  type PerCodec,
  protocolExtensionContainer,
  sequence,
  sequenceOf,
  utf8String,
} from '../../../../harness/protocol/asn1/index.ts';
import { DecodeError, EncodeError } from '../../../../harness/protocol/common/decode-error.ts';

/**
 * Aligned PER (ITU-T X.691) rules, each checked against octets worked out by hand from the
 * clause cited, then decoded back.
 */
function vector<T>(t: import('ava').ExecutionContext, codec: PerCodec<T>, value: T, hex: string): void {
  const enc = encodePer(codec, value);
  t.is(enc.toString('hex'), hex, `${codec.name} ${JSON.stringify(value)}`);
  t.deepEqual(decodePer(codec, enc), value);
}

test('§11.5.7 constrained whole numbers: bit-field ≤255, one octet =256, two octets ≤64K, length+octets above', (t) => {
  vector(t, integer('r3', 0, 2), 2, '80'); // 2 bits: 10
  vector(t, integer('r255', 0, 254), 254, 'fe');
  vector(t, integer('r256', 0, 255), 21, '15');
  vector(t, integer('r64k', 0, 65535), 0x1234, '1234');
  // RAN-UE-NGAP-ID 0..2^32-1: 2-bit length (octets-1), aligned octets.
  vector(t, integer('ran', 0, 2 ** 32 - 1), 1, '0001');
  vector(t, integer('ran', 0, 2 ** 32 - 1), 0xffffffff, 'c0ffffffff');
  // AMF-UE-NGAP-ID 0..2^40-1: 3-bit length.
  vector(t, integer('amf', 0, 2 ** 40 - 1), 2 ** 40 - 1, '80ffffffffff');
  vector(t, integer('one', 5, 5), 5, '00'); // empty → complete encoding is one zero octet
});

test('§13 extensible INTEGER: extension bit, out-of-root values as unconstrained whole numbers', (t) => {
  vector(t, integer('qfi', 0, 63, true), 63, '7e'); // 0 + 111111 + pad
  vector(t, integer('qfi', 0, 63, true), 64, '800140'); // 1, pad, length 1, 0x40
  vector(t, integer('qfi', 0, 63, true), -1, '8001ff');
  // BitRate (0..4·10^12, ...): 0, 3-bit length (6 octets → 101), pad, 6 octets.
  vector(t, integer('br', 0, 4_000_000_000_000, true), 4_000_000_000_000, '5003a3529440 00'.replace(' ', ''));
  vector(t, integer('semi', 0), 300, '02012c');
});

test('§11.6 normally small numbers and §14 ENUMERATED with extension additions', (t) => {
  const e = enumeratedExt('e', ['a', 'b', 'c'], ['d']);
  vector(t, e, 'c', '40'); // 0 + 10
  vector(t, e, 'd', '80'); // 1 + 0 000000
  vector(t, e, 'ext-5', '85'); // 1 + 0 000101
  vector(t, enumerated('crit', ['reject', 'ignore', 'notify'] as const), 'notify', '80');
  vector(t, boolean, true, '80');
  vector(t, nullType, null, '00');
});

test('§16 BIT STRING: ≤16 bits unaligned, fixed >16 aligned, bounded with a length, extensible', (t) => {
  const pair = sequence('p', { a: boolean, b: bitString('b10', { lb: 10, ub: 10 }) }, false);
  vector(t, pair, { a: true, b: { data: Buffer.from([0xff, 0xc0]), length: 10 } }, 'ffe0');
  const pair36 = sequence('p', { a: boolean, b: bitString('b36', { lb: 36, ub: 36 }) }, false);
  vector(
    t,
    pair36,
    { a: true, b: { data: Buffer.from('123456789f', 'hex').fill(0x90, 4), length: 36 } },
    '801234567890',
  );
  // TransportLayerAddress BIT STRING (SIZE(1..160, ...)): ext 0, length-1 in 8 bits, aligned bits.
  const tla = bitString('tla', { lb: 1, ub: 160, ext: true });
  vector(t, tla, { data: Buffer.from([192, 0, 2, 1]), length: 32 }, '0f80c0000201');
  // Outside the root: ext 1, then an unconstrained length (168 bits: two octets 80a8).
  vector(t, tla, { data: Buffer.alloc(21, 0xaa), length: 168 }, `8080a8${'aa'.repeat(21)}`);
});

test('§17 OCTET STRING: fixed ≤2 unaligned, fixed >2 aligned, unbounded with a length', (t) => {
  const s = sequence(
    's',
    { a: boolean, b: octetString('o1', { lb: 1, ub: 1 }), c: octetString('o3', { lb: 3, ub: 3 }) },
    false,
  );
  vector(t, s, { a: true, b: Buffer.from([0xff]), c: Buffer.from('010203', 'hex') }, 'ff80010203');
  vector(t, octetString('nas'), Buffer.from('7e0041', 'hex'), '037e0041');
  vector(t, octetString('bounded', { lb: 1, ub: 4 }), Buffer.from('0102', 'hex'), '400102');
});

test('§11.9 length determinants: two octets from 128, fragments of 16K·m from 16384', (t) => {
  const o = octetString('big');
  const b200 = Buffer.alloc(200, 1);
  const e200 = encodePer(o, b200);
  t.is(e200.subarray(0, 2).toString('hex'), '80c8');
  t.deepEqual(decodePer(o, e200), b200);
  for (const n of [16383, 16384, 16385, 65536, 65536 + 16384 + 5, 100_000]) {
    const data = Buffer.alloc(n);
    for (let i = 0; i < n; i++) data[i] = i & 0xff;
    const enc = encodePer(o, data);
    t.deepEqual(decodePer(o, enc), data, `${n} octets`);
    if (n === 16384) t.is(enc.subarray(0, 1).toString('hex'), 'c1'); // one 16K fragment, then length 0
    if (n === 16384) t.is(enc[1 + 16384], 0);
    if (n === 65536) t.is(enc[0], 0xc4);
  }
  // An open type of 20000 octets is fragmented too (rewritten after the in-place write).
  const big = openType(o);
  const d = Buffer.alloc(20_000, 7);
  t.deepEqual(decodePer(big, encodePer(big, d)), d);
});

test('§30 known-multiplier strings (PrintableString SIZE(1..150, ...)): ext bit, 8-bit length, aligned octets; UTF8String', (t) => {
  const name = knownMultiplierString('AMFName', { lb: 1, ub: 150, ext: true });
  vector(t, name, 'amf', '0100616d66'); // 0, length-1 = 00000010 → 0000 0001 0|000 0000, 'amf'
  vector(t, utf8String('u'), 'é', '02c3a9');
});

test('§19 SEQUENCE: presence bitmap, extension additions kept as open types; §20 SEQUENCE OF; §23 CHOICE', (t) => {
  const s = sequence('s', {
    a: integer('a', 0, 7),
    b: optional(integer('b', 0, 7)),
    ieExtensions: optional(protocolExtensionContainer),
  });
  vector(t, s, { a: 5 }, '14'); // ext 0, bitmap 00, 101 → 0001 0100
  vector(t, s, { a: 5, b: 1 }, '5480'); // 0 10 101 001 → 0101 0100 1
  // Extension additions: ext bit 1, bitmap, additions as open types.
  const withAdd = { a: 1, extensionAdditions: [null, Buffer.from([0xab])] };
  const enc = encodePer(s, withAdd);
  t.deepEqual(decodePer(s, enc), withAdd);
  const list = sequenceOf('l', integer('i', 0, 255), 1, 4);
  vector(t, list, [1, 2], '400102');
  const c = choice('c', { x: boolean, y: integer('y', 0, 3) });
  vector(t, c, { choice: 'y', value: 3 }, 'e0');
  const ce = choiceExt('ce', { x: boolean });
  const unknown = { choice: 'extension' as const, index: 3, value: Buffer.from([0x42]) };
  t.deepEqual(decodePer(ce, encodePer(ce, unknown)), unknown);
});

test('errors: out-of-range values are EncodeErrors; truncated or trailing input is a DecodeError', (t) => {
  t.throws(() => encodePer(integer('i', 0, 7), 8), { instanceOf: EncodeError });
  t.throws(() => encodePer(enumerated('e', ['a'] as const), 'b' as 'a'), { instanceOf: EncodeError });
  t.throws(() => decodePer(octetString('o', { lb: 3, ub: 3 }), Buffer.from([1, 2])), { instanceOf: DecodeError });
  t.throws(() => decodePer(integer('i', 0, 255), Buffer.from([1, 2])), {
    instanceOf: DecodeError,
    message: /after the value/,
  });
  t.throws(() => decodePer(integer('i', 0, 10), Buffer.from([0xf0])), {
    instanceOf: DecodeError,
    message: /upper bound/,
  });
});
