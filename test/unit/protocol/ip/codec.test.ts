import test from 'ava';
import fc from 'fast-check';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import {
  decodeIpPacket,
  decodeIpv4Packet,
  decodeIpv6Packet,
  encodeIpPacket,
  encodeIpPacketInto,
  ipPacketLength,
  ipv4Packet,
  ipv6Packet,
  udpDatagram,
} from '../../../../harness/protocol/ip/index.ts';
import { fuzz } from '../../../helpers/fuzz.ts';
import { IPV4_SAMPLES, IPV6_SAMPLES } from '../../../helpers/ip-samples.ts';
import { osmoPackets } from '../../../helpers/osmo-capture.ts';
import * as gtpu from '../../../../harness/protocol/gtpu/index.ts';
import { ipPacket, ipv4Packet as arbIpv4, ipv6Packet as arbIpv6, ipv6Fragment } from './arbitraries.ts';

test('decode(encode(p)) deep-equals p: IPv6 with extension headers, ICMPv6 and every ND option, UDP, TCP, raw (fast-check)', (t) => {
  fc.assert(
    fc.property(arbIpv6, (p) => void t.deepEqual(decodeIpv6Packet(encodeIpPacket(p)), p)),
    { numRuns: 2000 },
  );
});

test('decode(encode(p)) deep-equals p: IPv4 with options, ICMP, UDP, TCP, raw, fragments (fast-check)', (t) => {
  fc.assert(
    fc.property(arbIpv4, (p) => void t.deepEqual(decodeIpv4Packet(encodeIpPacket(p)), p)),
    { numRuns: 2000 },
  );
});

test('IPv6 fragments carry octets whatever the Next Header (RFC 8200 §4.5)', (t) => {
  fc.assert(fc.property(ipv6Fragment, (p) => void t.deepEqual(decodeIpPacket(encodeIpPacket(p)), p)));
});

test('encode(decode(b)) is b, octet for octet (fast-check)', (t) => {
  fc.assert(
    fc.property(ipPacket, (p) => {
      const b = encodeIpPacket(p);
      t.deepEqual(encodeIpPacket(decodeIpPacket(b)), b);
    }),
    { numRuns: 2000 },
  );
});

test('encodeIpPacketInto writes every octet at an offset of a dirty buffer, the same as encodeIpPacket', (t) => {
  fc.assert(
    fc.property(ipPacket, fc.integer({ min: 0, max: 40 }), (p, at) => {
      const n = ipPacketLength(p);
      const buf = Buffer.alloc(at + n + 8, 0xa5);
      t.is(encodeIpPacketInto(p, buf, at), at + n);
      t.deepEqual(buf.subarray(at, at + n), encodeIpPacket(p));
      t.true(buf.subarray(0, at).every((x) => x === 0xa5) && buf.subarray(at + n).every((x) => x === 0xa5));
    }),
  );
  t.throws(() => encodeIpPacketInto(IPV6_SAMPLES[4], Buffer.alloc(20)), { message: /do not fit/ });
});

test('the samples round-trip, and a corrupted checksum is reported, not thrown (ICMPv6, ICMP, UDP, TCP, IPv4 header)', (t) => {
  for (const p of [...IPV6_SAMPLES, ...IPV4_SAMPLES]) {
    const b = encodeIpPacket(p);
    t.deepEqual(encodeIpPacket(decodeIpPacket(b)), b);
    const d = decodeIpPacket(b);
    if (d.payload.type !== 'raw') t.true(d.payload.checksumValid);
    const bad = Buffer.from(b);
    bad[bad.length - 1] ^= 0xff;
    const q = decodeIpPacket(bad);
    if (q.payload.type !== 'raw') t.false(q.payload.checksumValid, `${q.payload.type} in ${p.src} → ${p.dst}`);
  }
  const v4 = encodeIpPacket(IPV4_SAMPLES[0]);
  v4[8] ^= 1; // the TTL, under the header checksum (RFC 791 §3.1)
  t.false(decodeIpv4Packet(v4).headerChecksumValid);
});

test('a zero UDP checksum means "none" over IPv4 (RFC 768) and is invalid over IPv6 (RFC 8200 §8.1); kept as zero', (t) => {
  const data = Buffer.from('no checksum');
  const v4 = encodeIpPacket(ipv4Packet('192.0.2.1', '198.51.100.1', { ...udpDatagram(1, 2, data), noChecksum: true }));
  const v6 = encodeIpPacket(ipv6Packet('2001:db8::1', '2001:db8::2', { ...udpDatagram(1, 2, data), noChecksum: true }));
  t.is(v4.readUInt16BE(20 + 6), 0);
  t.is(v6.readUInt16BE(40 + 6), 0);
  t.like(decodeIpPacket(v4).payload, { type: 'udp', noChecksum: true, checksumValid: true });
  t.like(decodeIpPacket(v6).payload, { type: 'udp', noChecksum: true, checksumValid: false });
  t.deepEqual(encodeIpPacket(decodeIpPacket(v4)), v4);
});

test('a computed UDP checksum of zero is sent as all ones (RFC 768)', (t) => {
  // The data's words make the one's-complement sum 0xffff, so the checksum computes to zero.
  const p = ipv4Packet('0.0.0.0', '0.0.0.0', udpDatagram(0, 0, Buffer.alloc(2)));
  const b = encodeIpPacket(p);
  const sum = 17 + 10 + 10; // protocol, UDP length in the pseudo-header and in the header
  b.writeUInt16BE(0xffff - sum, 28);
  const q = decodeIpPacket(b);
  const again = encodeIpPacket(q);
  t.is(again.readUInt16BE(26), 0xffff);
  t.like(decodeIpPacket(again).payload, { type: 'udp', checksumValid: true });
});

test('malformed headers are DecodeErrors naming the field', (t) => {
  const b = encodeIpPacket(IPV6_SAMPLES[0]);
  const zeroOption = Buffer.from(b);
  zeroOption[40 + 8 + 1] = 0;
  t.throws(() => decodeIpv6Packet(zeroOption), { instanceOf: DecodeError, message: /option length 0/ });
  t.throws(() => decodeIpPacket(b.subarray(0, 30)), { instanceOf: DecodeError, message: /needs 16 octet/ });
  t.throws(() => decodeIpPacket(Buffer.concat([b, Buffer.alloc(1)])), {
    instanceOf: DecodeError,
    message: /payload length/,
  });
  t.throws(() => decodeIpPacket(Buffer.from([0x50])), { instanceOf: DecodeError, message: /IP version 5/ });
  t.throws(() => decodeIpPacket(Buffer.alloc(0)), { instanceOf: DecodeError, message: /empty/ });
  t.throws(() => decodeIpv4Packet(b), { instanceOf: DecodeError, message: /version 6, expected 4/ });
  const udp = encodeIpPacket(IPV4_SAMPLES[2]);
  udp.writeUInt16BE(9, 24);
  t.throws(() => decodeIpPacket(udp), { instanceOf: DecodeError, message: /UDP length 9/ });
  const tcp = encodeIpPacket(IPV4_SAMPLES[1]);
  tcp[20 + 12] = 0x40;
  t.throws(() => decodeIpPacket(tcp), { instanceOf: DecodeError, message: /data offset 16/ });
  const hbhSecond = encodeIpPacket({
    ...IPV6_SAMPLES[10],
    extensionHeaders: [...IPV6_SAMPLES[10].extensionHeaders].reverse(),
  } as (typeof IPV6_SAMPLES)[10]);
  t.throws(() => decodeIpPacket(hbhSecond), {
    instanceOf: DecodeError,
    message: /Hop-by-Hop Options header not first/,
  });
});

test('what cannot be put on the wire is an EncodeError', (t) => {
  const p = ipv6Packet('2001:db8::1', '2001:db8::2', udpDatagram(1, 70000, Buffer.alloc(0)));
  t.throws(() => encodeIpPacket(p), { message: /destination port/ });
  t.throws(() => encodeIpPacket({ ...p, flowLabel: 1 << 20 }), { message: /flow label/ });
  t.throws(
    () => encodeIpPacket({ ...p, extensionHeaders: [{ type: 'destination-options', options: Buffer.alloc(5) }] }),
    {
      message: /multiple of 8/,
    },
  );
  t.throws(() => encodeIpPacket({ ...IPV4_SAMPLES[0], options: Buffer.alloc(3) }), { message: /options/ });
  t.throws(() => encodeIpPacket(ipv4Packet('192.0.2.1', '2001:db8::1', udpDatagram(1, 2, Buffer.alloc(0)))), {
    message: /not an IPv4 address/,
  });
});

test('what osmo-ggsn and sgsnemu put on the wire (IPv4/UDP, and the packets inside G-PDUs) decodes and re-encodes octet for octet', (t) => {
  let inner = 0;
  for (const raw of osmoPackets()) {
    const p = decodeIpPacket(raw);
    t.true(p.version === 4 && p.headerChecksumValid);
    // Captured on lo: the kernel left the UDP checksum to offload (fixtures README). Ours is the
    // only octets that differ, and it verifies.
    const enc = encodeIpPacket(p);
    t.like(decodeIpPacket(enc).payload, { type: 'udp', checksumValid: true });
    const asSent = Buffer.from(raw);
    enc.copy(asSent, 26, 26, 28);
    t.deepEqual(enc, asSent);
    const d = p.payload.type === 'udp' ? p.payload : undefined;
    if (d?.dstPort !== 2152 && d?.srcPort !== 2152) continue;
    const m = gtpu.decode(d.data);
    if (m.type !== 'g-pdu' || !m.payload) continue;
    const q = decodeIpPacket(m.payload);
    if (q.payload.type !== 'raw') t.true(q.payload.checksumValid);
    t.deepEqual(encodeIpPacket(q), m.payload);
    inner++;
  }
  t.true(inner > 0, 'the capture holds G-PDUs');
});

test('100,000 mutated IP packets either decode or throw DecodeError', (t) => {
  const r = fuzz([...IPV6_SAMPLES, ...IPV4_SAMPLES].map(encodeIpPacket), (b) => decodeIpPacket(b), 100_000, 3);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 1_000, JSON.stringify({ ...r, failures: undefined }));
});
