import test from 'ava';
import fc from 'fast-check';
import * as gtpv1c from '../../../../harness/protocol/gtpv1c/index.ts';
import type { ExtensionHeader, Gtpv1cIe, Gtpv1cMessage } from '../../../../harness/protocol/gtpv1c/index.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { addressString } from '../../../../harness/protocol/common/ip-bytes.ts';
import { fuzz, mulberry32, mutate } from '../../../helpers/fuzz.ts';
import { osmoDatagrams } from '../../../helpers/osmo-capture.ts';

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => addressString(b));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => addressString(b));
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));
const plmn = { mcc: digits(3, 3), mnc: digits(2, 3) };

/** Spare bits other than the ones the codec sends (decode reports only those), or none. */
const spare = (mask: number, sent: number) =>
  fc.option(
    u(8)
      .map((x) => x & ~mask & 0xff)
      .filter((x) => x !== sent),
    { nil: undefined },
  );
/** Drops keys whose value is undefined (decoded values never carry them). */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const gtpv1cIe: fc.Arbitrary<Gtpv1cIe> = fc.oneof(
  fc.record({ ie: fc.constant('cause' as const), value: u(8) }),
  fc.record({ ie: fc.constant('imsi' as const), digits: digits(1, 15) }),
  fc.record({ ie: fc.constant('rai' as const), ...plmn, lac: u(16), rac: u(8) }),
  fc
    .record({ ie: fc.constant('reordering-required' as const), required: fc.boolean(), spare: spare(1, 0xfe) })
    .map(defined),
  fc.record({ ie: fc.constant('recovery' as const), restartCounter: u(8) }),
  fc.record({ ie: fc.constant('selection-mode' as const), mode: u(2), spare: spare(3, 0xfc) }).map(defined),
  fc.record({ ie: fc.constant('teid-data-i' as const), teid: u(32) }),
  fc.record({ ie: fc.constant('teid-control-plane' as const), teid: u(32) }),
  fc.record({ ie: fc.constant('teardown-ind' as const), teardown: fc.boolean(), spare: spare(1, 0xfe) }).map(defined),
  fc.record({ ie: fc.constant('nsapi' as const), nsapi: u(4), spare: spare(0x0f, 0) }).map(defined),
  fc.record({ ie: fc.constant('charging-characteristics' as const), value: u(16) }),
  fc.record({ ie: fc.constant('charging-id' as const), chargingId: u(32) }),
  fc
    .record({
      ie: fc.constant('end-user-address' as const),
      pdpTypeOrganization: u(4),
      pdpType: fc.constantFrom(0x21, 0x57, 0x8d, 0x01),
      ipv4: fc.option(ipv4, { nil: undefined }),
      ipv6: fc.option(ipv6, { nil: undefined }),
      spare: spare(0x0f, 0xf0),
    })
    .map(defined),
  fc.record({
    ie: fc.constant('apn' as const),
    apn: fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { maxLength: 4 }).map((l) => l.join('.')),
  }),
  fc.record({
    ie: fc.constant('pco' as const),
    configurationProtocol: u(3),
    containers: fc.array(fc.record({ id: u(16), contents: bytes(20) }), { maxLength: 3 }),
  }),
  fc.record({ ie: fc.constant('gsn-address' as const), address: fc.oneof(ipv4, ipv6) }),
  fc.record({ ie: fc.constant('msisdn' as const), addressType: u(8), digits: digits(0, 15) }),
  fc.record({ ie: fc.constant('qos-profile' as const), allocationRetentionPriority: u(8), data: bytes(16) }),
  fc.record({ ie: fc.constant('extension-header-type-list' as const), types: fc.array(u(8), { maxLength: 6 }) }),
  fc.record({ ie: fc.constant('common-flags' as const), flags: u(8) }),
  fc.record({ ie: fc.constant('apn-restriction' as const), restriction: u(8) }),
  fc.record({ ie: fc.constant('rat-type' as const), ratType: u(8) }),
  fc.record({ ie: fc.constant('uli' as const), locationType: u(8), ...plmn, lac: u(16), identity: u(16) }),
  fc
    .record({
      ie: fc.constant('ms-time-zone' as const),
      timeZone: u(8),
      daylightSavingTime: u(2),
      spare: spare(3, 0),
    })
    .map(defined),
  fc.record({ ie: fc.constant('imei-sv' as const), digits: digits(0, 16) }),
  fc.record({ ie: fc.constant('apn-ambr' as const), uplink: u(32), downlink: u(32) }),
  fc.record({ ie: fc.constant('charging-gateway-address' as const), address: fc.oneof(ipv4, ipv6) }),
  fc.record({ ie: fc.constant('private-extension' as const), enterpriseId: u(16), value: bytes(10) }),
  fc.record({ ie: fc.constant('unknown' as const), type: fc.constantFrom(137, 142, 181, 200), data: bytes(10) }),
  fc.record({
    ie: fc.constant('unknown' as const),
    type: fc.constant(9),
    data: fc.uint8Array({ minLength: 28, maxLength: 28 }).map((b) => Buffer.from(b)),
  }),
);

const extensionHeader: fc.Arbitrary<ExtensionHeader> = fc.oneof(
  fc
    .record({
      type: fc.constantFrom(
        'mbms-support-indication' as const,
        'ms-info-change-reporting-support-indication' as const,
        'suspend-request' as const,
        'suspend-response' as const,
      ),
      spare: fc.option(
        u(16).filter((x) => x !== 0xffff),
        { nil: undefined },
      ),
    })
    .map(defined),
  fc.record({ type: fc.constant('pdcp-pdu-number' as const), pdcpPduNumber: u(16) }),
  // Contents whose length + 2 is a multiple of 4 need no padding, so they come back as they went.
  fc.record({
    type: fc.constant('unknown' as const),
    headerType: fc.constantFrom(0x03, 0x20, 0x81),
    content: fc
      .constantFrom(2, 6, 10)
      .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b))),
  }),
);

const names = Object.keys(gtpv1c.GTPV1C_MESSAGE_TYPES) as (keyof typeof gtpv1c.GTPV1C_MESSAGE_TYPES)[];
const message: fc.Arbitrary<Gtpv1cMessage> = fc
  .record({
    type: fc.constantFrom(...names),
    teid: u(32),
    sequence: u(16),
    npdu: fc.option(u(8), { nil: undefined }),
    extensionHeaders: fc.option(fc.array(extensionHeader, { maxLength: 3 }), { nil: undefined }),
    spareFlag: fc.boolean(),
    npduOctet: fc.integer({ min: 1, max: 255 }),
    nextTypeOctet: fc.integer({ min: 1, max: 255 }),
    ies: fc.array(gtpv1cIe, { maxLength: 10 }),
  })
  .map(({ spareFlag, npduOctet, nextTypeOctet, ...m }) => {
    // What decode reports as ignored: only what the flags leave unused.
    const ignored = defined({
      spareFlag: spareFlag ? (true as const) : undefined,
      npduOctet: m.npdu === undefined && npduOctet % 3 === 0 ? npduOctet : undefined,
      nextTypeOctet: m.extensionHeaders === undefined && nextTypeOctet % 3 === 0 ? nextTypeOctet : undefined,
    });
    return defined({ ...m, ignored: Object.keys(ignored).length ? ignored : undefined });
  });

test('decode(encode(m)) deep-equals m for every message type, IE, extension header and spare bit (fast-check)', (t) => {
  fc.assert(
    fc.property(message, (m) => {
      const b = gtpv1c.encode(m);
      t.is(b.length, gtpv1c.encodingLength(m));
      t.deepEqual(gtpv1c.decode(b), m);
    }),
    { numRuns: 2000 },
  );
});

/** encode(decode(b)) is b for every mutation of `seeds` that decodes; returns how many decoded. */
function reencodesExactly(t: import('ava').ExecutionContext, seeds: Buffer[], runs: number, seed: number): number {
  const rnd = mulberry32(seed);
  let decoded = 0;
  const wrong: string[] = [];
  for (let i = 0; i < runs; i++) {
    const input = mutate(seeds[i % seeds.length], rnd);
    let m: Gtpv1cMessage;
    try {
      m = gtpv1c.decode(input);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      continue;
    }
    decoded++;
    const again = gtpv1c.encode(m);
    if (!again.equals(input) && wrong.length < 3)
      wrong.push(`${input.toString('hex')} re-encoded as ${again.toString('hex')}`);
  }
  t.deepEqual(wrong, []);
  return decoded;
}

test('every decodable mutation of generated messages re-encodes byte-exact: spare bits, padding, unknown IEs (fast-check seeds)', (t) => {
  const seeds = fc.sample(message, { numRuns: 300, seed: 42 }).map((m) => gtpv1c.encode(m));
  const decoded = reencodesExactly(t, seeds, 30_000, 7);
  t.true(decoded > 5_000, `${decoded} decoded`);
});

const osmoControl = osmoDatagrams()
  .filter((d) => d.dst.port === 2123 || d.src.port === 2123)
  .map((d) => d.payload);

test('every decodable mutation of the osmo-ggsn/sgsnemu messages re-encodes byte-exact', (t) => {
  const decoded = reencodesExactly(t, osmoControl, 30_000, 11);
  t.true(decoded > 3_000, `${decoded} decoded`);
});

test('a TV IE of unknown type cannot be skipped: DecodeError naming the type and offset', (t) => {
  const b = Buffer.from('3210000500000000' + '0001000063', 'hex');
  const e = t.throws(() => gtpv1c.decode(b), { instanceOf: DecodeError });
  t.is(e?.message, 'gtpv1c: IE at offset 12: unknown TV IE type 99: its length cannot be known');
});

test('an Update PDP Context Request with the MS Info Change Reporting support indication extension header (TS 29.060 §6.1) is decoded and re-encoded byte-exact', (t) => {
  // E and S flags; next extension type 0x02; the header: length 1, spare 0xFFFF, next type 0; then NSAPI 5.
  const b = Buffer.from('3612000a00001234' + '0007' + '00' + '02' + '01ffff00' + '1405', 'hex');
  const m = gtpv1c.decode(b);
  t.deepEqual(m, {
    type: 'update-pdp-context-request',
    teid: 0x1234,
    sequence: 7,
    extensionHeaders: [{ type: 'ms-info-change-reporting-support-indication' }],
    ies: [{ ie: 'nsapi', nsapi: 5 }],
  });
  t.deepEqual(gtpv1c.encode(m), b);
});

test('Extension Header Type List (§7.7.40) has a one-octet length field', (t) => {
  const m: Gtpv1cMessage = {
    type: 'supported-extension-headers-notification',
    teid: 0,
    sequence: 1,
    ies: [{ ie: 'extension-header-type-list', types: [0x01, 0x02] }],
  };
  t.is(gtpv1c.encode(m).subarray(12).toString('hex'), '8d020102');
});

test('TLV IEs keep octets past their known fields (extra) and MSISDN its 0xFF padding', (t) => {
  const b = Buffer.from('3202000c00000000000100009700020602' + '860004914321ff', 'hex');
  b.writeUInt16BE(b.length - 8, 2);
  const m = gtpv1c.decode(b);
  t.deepEqual(m.ies, [
    { ie: 'rat-type', ratType: 6, extra: Buffer.from([2]) },
    { ie: 'msisdn', addressType: 0x91, digits: '3412', extra: Buffer.from([0xff]) },
  ]);
  t.deepEqual(gtpv1c.encode(m), b);
});

test('100,000 mutated GTPv1-C messages either decode or throw DecodeError', (t) => {
  const r = fuzz(osmoControl, gtpv1c.decode, 100_000, 1);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 1_000, JSON.stringify({ ...r, failures: undefined }));
});
