import test from 'ava';
import fc from 'fast-check';
import {
  decode,
  encode,
  encodingLength,
  findIe,
  indication,
  indicationFlag,
  type Gtpv2cIe,
  type Gtpv2cMessage,
  type KnownMessageType,
  MESSAGE_TYPES,
} from '../../../../harness/protocol/gtpv2c/index.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { addressString } from '../../../../harness/protocol/common/ip-bytes.ts';
import { GTPV2C_SAMPLES } from '../../../helpers/gtpv2c-samples.ts';

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => addressString(b));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => addressString(b));
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const _plmn = fc.record({ mcc: digits(3, 3), mnc: digits(2, 3) });
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));
const inst = u(4);
const label = fc.stringMatching(/^[a-z0-9-]{1,20}$/);

const leaf: fc.Arbitrary<Gtpv2cIe>[] = [
  fc.record({ ie: fc.constant('imsi' as const), instance: inst, digits: digits(0, 15) }),
  fc.record({ ie: fc.constant('msisdn' as const), instance: inst, digits: digits(0, 15) }),
  fc.record({ ie: fc.constant('mei' as const), instance: inst, digits: digits(0, 16) }),
  fc.record(
    {
      ie: fc.constant('cause' as const),
      instance: inst,
      value: u(8),
      pce: fc.boolean(),
      bce: fc.boolean(),
      cs: fc.boolean(),
      offendingIe: fc.record({ type: u(8), instance: u(4) }),
    },
    { requiredKeys: ['ie', 'instance', 'value', 'pce', 'bce', 'cs'] },
  ),
  fc.record({ ie: fc.constant('recovery' as const), instance: inst, restartCounter: u(8) }),
  fc.record({
    ie: fc.constant('apn' as const),
    instance: inst,
    apn: fc.array(label, { maxLength: 5 }).map((l) => l.join('.')),
  }),
  fc.record({ ie: fc.constant('ambr' as const), instance: inst, uplink: u(32), downlink: u(32) }),
  fc.record({ ie: fc.constant('ebi' as const), instance: inst, ebi: u(4) }),
  fc.record({ ie: fc.constant('ip-address' as const), instance: inst, address: fc.oneof(ipv4, ipv6) }),
  fc.record({ ie: fc.constant('indication' as const), instance: inst, flags: bytes(8) }),
  ...(['pco', 'apco'] as const).map((name) =>
    fc.record({
      ie: fc.constant(name),
      instance: inst,
      configurationProtocol: u(3),
      containers: fc.array(fc.record({ id: u(16), contents: bytes(40) }), { maxLength: 4 }),
    }),
  ),
  fc.oneof(
    fc.record({ ie: fc.constant('paa' as const), instance: inst, pdnType: fc.constant(1), ipv4 }),
    fc.record({
      ie: fc.constant('paa' as const),
      instance: inst,
      pdnType: fc.constant(2),
      prefixLength: fc.integer({ min: 0, max: 128 }),
      ipv6,
    }),
    fc.record({
      ie: fc.constant('paa' as const),
      instance: inst,
      pdnType: fc.constant(3),
      prefixLength: fc.integer({ min: 0, max: 128 }),
      ipv6,
      ipv4,
    }),
    fc.record({ ie: fc.constant('paa' as const), instance: inst, pdnType: fc.constantFrom(4, 5) }),
  ),
  fc.record({
    ie: fc.constant('bearer-qos' as const),
    instance: inst,
    pci: fc.boolean(),
    priorityLevel: u(4),
    pvi: fc.boolean(),
    qci: u(8),
    mbrUplink: u(40),
    mbrDownlink: u(40),
    gbrUplink: u(40),
    gbrDownlink: u(40),
  }),
  fc.record({ ie: fc.constant('rat-type' as const), instance: inst, ratType: u(8) }),
  fc.record({ ie: fc.constant('serving-network' as const), instance: inst, mcc: digits(3, 3), mnc: digits(2, 3) }),
  fc.record(
    {
      ie: fc.constant('uli' as const),
      instance: inst,
      cgi: bytes(7).map((b) => Buffer.concat([b, Buffer.alloc(7 - b.length)])),
      tai: fc.record({ mcc: digits(3, 3), mnc: digits(2, 3), tac: u(16) }),
      ecgi: fc.record({ mcc: digits(3, 3), mnc: digits(2, 3), eci: u(28) }),
      lai: fc.constant(Buffer.alloc(5, 0x11)),
    },
    { requiredKeys: ['ie', 'instance'] },
  ),
  fc.record(
    { ie: fc.constant('f-teid' as const), instance: inst, interfaceType: u(6), teid: u(32), ipv4, ipv6 },
    { requiredKeys: ['ie', 'instance', 'interfaceType', 'teid'] },
  ),
  fc.record({ ie: fc.constant('charging-id' as const), instance: inst, chargingId: u(32) }),
  fc.record({ ie: fc.constant('pdn-type' as const), instance: inst, pdnType: u(3) }),
  fc.record({ ie: fc.constant('selection-mode' as const), instance: inst, mode: u(2) }),
  fc.record({ ie: fc.constant('private-extension' as const), instance: inst, enterpriseId: u(16), value: bytes(20) }),
  // Types the codec does not model (e.g. 84 Bearer TFT, 200-254 reserved) survive byte-exact.
  fc.record({
    ie: fc.constant('unknown' as const),
    type: fc.constantFrom(84, 85, 88, 97, 127, 200, 254),
    instance: inst,
    data: bytes(30),
  }),
];

const ie: fc.Arbitrary<Gtpv2cIe> = fc.letrec<{ ie: Gtpv2cIe }>((tie) => ({
  ie: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ...leaf,
    fc.record({
      ie: fc.constant('bearer-context' as const),
      instance: inst,
      ies: fc.array(tie('ie'), { maxLength: 4 }),
    }),
  ),
})).ie;

const typeName = fc.constantFrom(...(Object.keys(MESSAGE_TYPES) as KnownMessageType[]));
const single = fc.record(
  { type: typeName, teid: u(32), sequence: u(24), priority: u(4), ies: fc.array(ie, { maxLength: 8 }) },
  { requiredKeys: ['type', 'sequence', 'ies'] },
) as fc.Arbitrary<Gtpv2cMessage>;
const message = fc
  .tuple(single, fc.option(single, { nil: undefined }))
  .map(([m, p]) => (p ? { ...m, piggybacked: p } : m));

test('decode(encode(m)) deep-equals m for every message type and IE (fast-check)', (t) => {
  fc.assert(
    fc.property(message, (m) => {
      const bytes = encode(m);
      t.is(bytes.length, encodingLength(m));
      t.deepEqual(decode(bytes), m);
    }),
    { numRuns: 2000 },
  );
});

test('encode(decode(bytes)) equals bytes for every sample, and unknown message types survive', (t) => {
  for (const m of GTPV2C_SAMPLES) {
    const b = encode(m);
    t.deepEqual(encode(decode(b)), b);
  }
  const unknown = Buffer.from('48ff000d 00000001 00000700 0300010005'.replace(/ /g, ''), 'hex');
  t.like(decode(unknown), { type: 'unknown', messageType: 255, teid: 1, sequence: 7 });
  t.deepEqual(encode(decode(unknown)), unknown);
});

test('header layout per TS 29.274 §5.1: Echo has no TEID; Create Session Request does', (t) => {
  const echo = encode({
    type: 'echo-request',
    sequence: 0x0a0b0c,
    ies: [{ ie: 'recovery', instance: 0, restartCounter: 5 }],
  });
  t.is(echo.toString('hex'), '40010009' + '0a0b0c00' + '030001000' + '5');
  const csr = encode({ type: 'create-session-request', teid: 0xdeadbeef, sequence: 1, priority: 3, ies: [] });
  t.is(csr.toString('hex'), '4c200008deadbeef00000130');
});

test('extra octets after a fixed IE are kept (§8.2: receivers ignore them, we re-send them)', (t) => {
  const fixed = Buffer.from('4002000b00000100030003000' + '5abcd', 'hex');
  const m = decode(fixed);
  t.deepEqual(findIe(m, 'recovery'), {
    ie: 'recovery',
    instance: 0,
    restartCounter: 5,
    extra: Buffer.from('abcd', 'hex'),
  });
  t.deepEqual(encode(m), fixed);
});

test('DAF and other Indication flags by name (§8.12)', (t) => {
  const ind = indication({ daf: true, oi: true });
  t.is(ind.flags.toString('hex'), '8800');
  t.true(indicationFlag(ind, 'daf'));
  t.false(indicationFlag(ind, 'hi'));
  t.false(indicationFlag(undefined, 'daf'));
});

test('malformed input is a DecodeError naming the IE and the offset', (t) => {
  // Create Session Request whose PAA claims 17 octets but carries 5.
  const bad = Buffer.from('48200011' + '00000000' + '00000100' + '4f001100' + '0240000000', 'hex');
  const e = t.throws(() => decode(bad), { instanceOf: DecodeError });
  t.is(e?.protocol, 'gtpv2c');
  t.regex(e!.message, /^gtpv2c: paa at offset 16: needs 17 octet\(s\), 5 left$/);
  const v1 = t.throws(() => decode(Buffer.from('32010004000000000000', 'hex')), { instanceOf: DecodeError });
  t.regex(v1!.message, /version 1, expected 2/);
  t.throws(() => decode(Buffer.alloc(0)), { instanceOf: DecodeError });
  t.throws(() => decode(Buffer.from('40010004000001000000', 'hex')), {
    instanceOf: DecodeError,
    message: /octet\(s\) after the message/,
  });
});
