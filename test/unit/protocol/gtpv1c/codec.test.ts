import test from 'ava';
import fc from 'fast-check';
import * as gtpv1c from '../../../../harness/protocol/gtpv1c/index.ts';
import type { Gtpv1cIe, Gtpv1cMessage } from '../../../../harness/protocol/gtpv1c/index.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { addressString } from '../../../../harness/protocol/common/ip-bytes.ts';
import { fuzz } from '../../../helpers/fuzz.ts';
import { osmoDatagrams } from '../../../helpers/osmo-capture.ts';

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => addressString(b));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => addressString(b));
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));

const gtpv1cIe: fc.Arbitrary<Gtpv1cIe> = fc.oneof(
  fc.record({ ie: fc.constant('cause' as const), value: u(8) }),
  fc.record({ ie: fc.constant('imsi' as const), digits: digits(1, 15) }),
  fc.record({ ie: fc.constant('recovery' as const), restartCounter: u(8) }),
  fc.record({ ie: fc.constant('selection-mode' as const), mode: u(8) }),
  fc.record({ ie: fc.constant('teid-data-i' as const), teid: u(32) }),
  fc.record({ ie: fc.constant('teid-control-plane' as const), teid: u(32) }),
  fc.record({ ie: fc.constant('nsapi' as const), nsapi: u(8) }),
  fc.record({ ie: fc.constant('charging-id' as const), chargingId: u(32) }),
  fc.oneof(
    fc.record({
      ie: fc.constant('end-user-address' as const),
      pdpTypeOrganization: fc.constant(1),
      pdpType: fc.constantFrom(0x21, 0x57, 0x8d),
    }),
    fc.record({
      ie: fc.constant('end-user-address' as const),
      pdpTypeOrganization: fc.constant(1),
      pdpType: fc.constant(0x21),
      ipv4,
    }),
    fc.record({
      ie: fc.constant('end-user-address' as const),
      pdpTypeOrganization: fc.constant(1),
      pdpType: fc.constant(0x57),
      ipv6,
    }),
    fc.record({
      ie: fc.constant('end-user-address' as const),
      pdpTypeOrganization: fc.constant(1),
      pdpType: fc.constant(0x8d),
      ipv4,
      ipv6,
    }),
  ),
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
  fc.record({ ie: fc.constant('rat-type' as const), ratType: u(8) }),
  fc.record({ ie: fc.constant('private-extension' as const), enterpriseId: u(16), value: bytes(10) }),
  fc.record({ ie: fc.constant('unknown' as const), type: fc.constantFrom(152, 148, 200), data: bytes(10) }),
  fc.record({
    ie: fc.constant('unknown' as const),
    type: fc.constant(3),
    data: bytes(6).filter((b) => b.length === 6),
  }),
);

const names = Object.keys(gtpv1c.GTPV1C_MESSAGE_TYPES) as (keyof typeof gtpv1c.GTPV1C_MESSAGE_TYPES)[];
const message = fc.record({
  type: fc.constantFrom(...names),
  teid: u(32),
  sequence: u(16),
  ies: fc.array(gtpv1cIe, { maxLength: 10 }),
}) as fc.Arbitrary<Gtpv1cMessage>;

test('decode(encode(m)) deep-equals m for every message type and IE (fast-check)', (t) => {
  fc.assert(
    fc.property(message, (m) => {
      const b = gtpv1c.encode(m);
      t.is(b.length, gtpv1c.encodingLength(m));
      t.deepEqual(gtpv1c.decode(b), m);
    }),
    { numRuns: 2000 },
  );
});

test('a TV IE of unknown type cannot be skipped: DecodeError naming the type and offset', (t) => {
  const b = Buffer.from('3210000500000000' + '0001000063', 'hex');
  const e = t.throws(() => gtpv1c.decode(b), { instanceOf: DecodeError });
  t.is(e?.message, 'gtpv1c: IE at offset 12: unknown TV IE type 99: its length cannot be known');
});

test('100,000 mutated GTPv1-C messages either decode or throw DecodeError', (t) => {
  const seeds = osmoDatagrams()
    .filter((d) => d.dst.port === 2123 || d.src.port === 2123)
    .map((d) => d.payload);
  const r = fuzz(seeds, gtpv1c.decode, 100_000, 1);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 1_000, JSON.stringify({ ...r, failures: undefined }));
});
