import test from 'ava';
import fc from 'fast-check';
import {
  decodeIcmpv4,
  decodeIpv4Packet,
  encodeIcmpv4,
  encodeIpv4Packet,
  type Icmpv4Message,
} from '../../../../harness/protocol/ipv4/index.ts';
import {
  decodeTcpSegment,
  decodeUdpSegment,
  encodeTcpSegment,
  encodeUdpSegment,
  type TcpSegment,
} from '../../../../harness/protocol/transport/index.ts';
import { addressString } from '../../../../harness/protocol/udpip/datagram.ts';
import { fuzz } from '../../../helpers/fuzz.ts';

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => addressString(b));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => addressString(b));
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));

test('IPv4 packets round-trip with a valid header checksum', (t) => {
  fc.assert(
    fc.property(
      fc.record({
        tos: u(8),
        identification: u(16),
        dontFragment: fc.boolean(),
        moreFragments: fc.boolean(),
        fragmentOffset: u(13),
        ttl: u(8),
        protocol: u(8),
        src: ipv4,
        dst: ipv4,
        payload: bytes(64),
      }),
      (p) => {
        t.deepEqual(decodeIpv4Packet(encodeIpv4Packet(p)), { version: 4, ...p, headerChecksumValid: true });
      },
    ),
  );
});

test('ICMPv4 messages round-trip; Fragmentation Needed carries the next-hop MTU (RFC 1191)', (t) => {
  const msg: fc.Arbitrary<Icmpv4Message> = fc.oneof(
    fc.record({
      type: fc.constantFrom('echo-request' as const, 'echo-reply' as const),
      identifier: u(16),
      sequence: u(16),
      data: bytes(32),
      checksumValid: fc.constant(true),
    }),
    fc.record({
      type: fc.constant('destination-unreachable' as const),
      code: u(8),
      nextHopMtu: u(16),
      invoking: bytes(28),
      checksumValid: fc.constant(true),
    }),
    fc.record({
      type: fc.constant('time-exceeded' as const),
      code: u(8),
      invoking: bytes(28),
      checksumValid: fc.constant(true),
    }),
  );
  fc.assert(fc.property(msg, (m) => void t.deepEqual(decodeIcmpv4(encodeIcmpv4(m)), m)));
  const fragNeeded = encodeIcmpv4({
    type: 'destination-unreachable',
    code: 4,
    nextHopMtu: 1400,
    invoking: Buffer.alloc(28),
  });
  t.is(fragNeeded.readUInt16BE(6), 1400);
});

test('UDP and TCP segments round-trip over IPv4 and IPv6 with pseudo-header checksums; a flipped bit is caught', (t) => {
  const tcp = fc.record({
    srcPort: u(16),
    dstPort: u(16),
    seq: u(32),
    ackNumber: u(32),
    flags: fc.record({ syn: fc.constant(true as const), ack: fc.constant(true as const) }, { requiredKeys: [] }),
    window: u(16),
    urgentPointer: u(16),
    options: fc
      .constantFrom(0, 4, 12)
      .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b))),
    data: bytes(40),
  }) as fc.Arbitrary<TcpSegment>;
  fc.assert(
    fc.property(fc.oneof(fc.tuple(ipv4, ipv4), fc.tuple(ipv6, ipv6)), tcp, bytes(40), ([src, dst], seg, data) => {
      t.deepEqual(decodeTcpSegment(encodeTcpSegment(seg, src, dst), src, dst), { ...seg, checksumValid: true });
      const udp = { srcPort: seg.srcPort, dstPort: seg.dstPort, data };
      const b = encodeUdpSegment(udp, src, dst);
      t.deepEqual(decodeUdpSegment(b, src, dst), { ...udp, checksumValid: true });
      b[b.length - 1] ^= 1;
      if (data.length > 0) t.false(decodeUdpSegment(b, src, dst).checksumValid);
    }),
  );
});

test('100,000 mutated IPv4/ICMP/TCP inputs either decode or throw DecodeError', (t) => {
  const seeds = [
    encodeIpv4Packet({
      tos: 0,
      identification: 1,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: 1,
      src: '192.0.2.1',
      dst: '198.51.100.1',
      payload: encodeIcmpv4({ type: 'echo-request', identifier: 1, sequence: 1, data: Buffer.alloc(8) }),
    }),
    encodeTcpSegment(
      {
        srcPort: 1,
        dstPort: 80,
        seq: 1,
        ackNumber: 0,
        flags: { syn: true },
        window: 65535,
        urgentPointer: 0,
        options: Buffer.from('020405b4', 'hex'),
        data: Buffer.alloc(0),
      },
      '192.0.2.1',
      '198.51.100.1',
    ),
  ];
  const r = fuzz(
    seeds,
    (b) => {
      decodeIpv4Packet(b);
    },
    50_000,
    9,
  );
  const r2 = fuzz(
    seeds,
    (b) => {
      decodeTcpSegment(b, '192.0.2.1', '198.51.100.1');
      decodeIcmpv4(b);
    },
    50_000,
    10,
  );
  t.deepEqual([...r.failures, ...r2.failures], []);
});
