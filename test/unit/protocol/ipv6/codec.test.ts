import test from 'ava';
import fc from 'fast-check';
import {
  decodeIpPacket,
  decodeIpv6Packet,
  encodeIpv6Packet,
  type Ipv6Packet,
  type NdOption,
} from '../../../../harness/protocol/ipv6/index.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { addressString } from '../../../../harness/protocol/udpip/datagram.ts';
import { IPV6_SAMPLES } from '../../../helpers/ipv6-samples.ts';
import { fuzz } from '../../../helpers/fuzz.ts';

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => addressString(b));
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));
const units = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b));
const pref64 = fc
  .tuple(
    fc.constantFrom(32, 40, 48, 56, 64, 96) as fc.Arbitrary<32 | 40 | 48 | 56 | 64 | 96>,
    fc.uint8Array({ minLength: 12, maxLength: 12 }),
    u(13),
  )
  .map(([prefixLength, b, l]) => ({
    type: 'pref64' as const,
    lifetime: l * 8,
    prefixLength,
    prefix: addressString(Buffer.concat([b, Buffer.alloc(4)])),
  }));
const option: fc.Arbitrary<NdOption> = fc.oneof(
  fc.record({ type: fc.constant('source-link-layer-address' as const), address: units(6) }),
  fc.record({ type: fc.constant('target-link-layer-address' as const), address: units(14) }),
  fc.record({
    type: fc.constant('prefix-information' as const),
    prefixLength: fc.integer({ min: 0, max: 128 }),
    onLink: fc.boolean(),
    autonomous: fc.boolean(),
    validLifetime: u(32),
    preferredLifetime: u(32),
    prefix: ipv6,
  }),
  fc.record({ type: fc.constant('mtu' as const), mtu: u(32) }),
  fc.record({
    type: fc.constant('rdnss' as const),
    lifetime: u(32),
    servers: fc.array(ipv6, { minLength: 1, maxLength: 3 }),
  }),
  pref64,
  fc.record({
    type: fc.constant('unknown' as const),
    optionType: fc.constantFrom(24, 31, 200),
    data: fc.constantFrom(6, 14).chain(units),
  }),
);
const options = fc.array(option, { maxLength: 4 });
const message = fc.oneof(
  fc.record({
    type: fc.constantFrom('echo-request' as const, 'echo-reply' as const),
    identifier: u(16),
    sequence: u(16),
    data: bytes(64),
  }),
  fc.record({ type: fc.constant('packet-too-big' as const), mtu: u(32), invoking: bytes(64) }),
  fc.record({
    type: fc.constantFrom('destination-unreachable' as const, 'time-exceeded' as const),
    code: u(8),
    invoking: bytes(64),
  }),
  fc.record({ type: fc.constant('parameter-problem' as const), code: u(8), pointer: u(32), invoking: bytes(64) }),
  fc.record({ type: fc.constant('router-solicitation' as const), options }),
  fc.record({
    type: fc.constant('router-advertisement' as const),
    curHopLimit: u(8),
    managed: fc.boolean(),
    other: fc.boolean(),
    otherFlags: u(6),
    routerLifetime: u(16),
    reachableTime: u(32),
    retransTimer: u(32),
    options,
  }),
  fc.record({ type: fc.constant('neighbor-solicitation' as const), target: ipv6, options }),
  fc.record({
    type: fc.constant('neighbor-advertisement' as const),
    router: fc.boolean(),
    solicited: fc.boolean(),
    override: fc.boolean(),
    target: ipv6,
    options,
  }),
);
const packet: fc.Arbitrary<Ipv6Packet> = fc.record({
  version: fc.constant(6 as const),
  trafficClass: u(8),
  flowLabel: u(20),
  hopLimit: u(8),
  src: ipv6,
  dst: ipv6,
  extensionHeaders: fc.array(
    fc.oneof(
      fc.record({ type: fc.constant('destination-options' as const), options: fc.constantFrom(6, 14).chain(units) }),
      fc.record({
        type: fc.constant('routing' as const),
        routingType: u(8),
        segmentsLeft: u(8),
        data: fc.constantFrom(4, 20).chain(units),
      }),
    ),
    { maxLength: 2 },
  ),
  payload: fc.oneof(
    message.map((m) => ({ type: 'icmpv6' as const, message: m, checksumValid: true })),
    fc.record({
      type: fc.constant('udp' as const),
      srcPort: u(16),
      dstPort: u(16),
      data: bytes(64),
      checksumValid: fc.constant(true),
    }),
  ),
}) as fc.Arbitrary<Ipv6Packet>;

test('decode(encode(p)) deep-equals p for ICMPv6, ND options, UDP and extension headers (fast-check)', (t) => {
  fc.assert(
    fc.property(packet, (p) => void t.deepEqual(decodeIpv6Packet(encodeIpv6Packet(p)), p)),
    { numRuns: 2000 },
  );
});

test('a corrupted ICMPv6 checksum is reported, not thrown', (t) => {
  const b = encodeIpv6Packet(IPV6_SAMPLES[4]);
  b[b.length - 1] ^= 0xff;
  const p = decodeIpv6Packet(b);
  t.true(p.payload.type === 'icmpv6' && p.payload.checksumValid === false);
});

test('an ND option of length 0 is a DecodeError (RFC 4861 §4.6)', (t) => {
  const b = encodeIpv6Packet(IPV6_SAMPLES[0]);
  b[40 + 8 + 1] = 0;
  t.throws(() => decodeIpv6Packet(b), { instanceOf: DecodeError, message: /option length 0/ });
});

test('100,000 mutated IP packets either decode or throw DecodeError', (t) => {
  const r = fuzz(IPV6_SAMPLES.map(encodeIpv6Packet), decodeIpPacket, 100_000, 3);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 1_000, JSON.stringify({ ...r, failures: undefined }));
});
