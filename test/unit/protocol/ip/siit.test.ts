import test from 'ava';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import {
  decodeIpPacket,
  encodeIpPacket,
  icmpv4Packet,
  ipv4Packet,
  tcpSegment,
  TCP_FLAGS,
  translate4to6,
  translate6to4,
  udpDatagram,
  type Ipv4Packet,
  type Ipv6Packet,
  type Translation,
} from '../../../../harness/protocol/ip/index.ts';
import { dissect, writePcap } from '../../../helpers/tshark.ts';

/** SIIT (RFC 7915) of Echo, UDP and TCP, both ways; tshark checks every checksum we recomputed. */
const V4 = { src: '192.0.0.1', dst: '198.51.100.4' };
const V6 = { src: '2001:db8:100::c1a7', dst: '2001:db8:64::c633:6404' };
const opts = { tos: 0x20, identification: 7 };

const udp4 = () => ipv4Packet(V4.src, V4.dst, udpDatagram(40000, 7, Buffer.from('hello')), opts);
const tcp4 = () =>
  ipv4Packet(V4.src, V4.dst, tcpSegment({ srcPort: 40001, dstPort: 7, seq: 1000, flags: TCP_FLAGS.SYN }), opts);
const echo4 = () => ({
  ...icmpv4Packet(V4.src, V4.dst, { type: 'echo-request', identifier: 0x464, sequence: 3, data: Buffer.from('clat') }),
  ...opts,
});
/** What arrives at the translator: the packets as they were on the wire. */
const received = (p: Ipv4Packet) => decodeIpPacket(encodeIpPacket(p)) as Ipv4Packet;

function ok<P>(t: Translation<P>): P {
  if (!t.ok) throw new Error(t.reason);
  return t.packet;
}

test('IPv4 → IPv6: headers per §4.1, Echo → ICMPv6 Echo, UDP and TCP checksums right for the IPv6 pseudo-header (tshark)', async (t) => {
  const packets = [echo4(), udp4(), tcp4()].map((p) => encodeIpPacket(ok(translate4to6(received(p), V6.src, V6.dst))));
  const frames = await dissect(writePcap(packets, 'siit-4to6'), { extraArgs: ['-o', 'tcp.check_checksum:TRUE'] });
  t.deepEqual(
    frames.filter((f) => f.malformed || f.errors.length),
    [],
  );
  t.deepEqual(
    frames.map((f) => f.fields.get('ipv6.hlim')?.[0]),
    ['63', '63', '63'],
  );
  t.deepEqual(
    frames.map((f) => f.fields.get('ipv6.tclass')?.[0]),
    ['0x00000020', '0x00000020', '0x00000020'],
  );
  t.deepEqual(
    [
      frames[0].fields.get('icmpv6.type')?.[0],
      frames[0].fields.get('icmpv6.echo.identifier')?.[0],
      frames[0].fields.get('icmpv6.checksum.status')?.[0],
    ],
    ['128', '0x0464', '1'],
  );
  t.deepEqual([frames[1].fields.get('udp.dstport')?.[0], frames[1].fields.get('udp.checksum.status')?.[0]], ['7', '1']);
  t.deepEqual(
    [frames[2].fields.get('tcp.flags.syn')?.[0], frames[2].fields.get('tcp.checksum.status')?.[0]],
    ['1', '1'],
  );
});

test('IPv6 → IPv4 and back: payloads unchanged, TTL down by one per translation, DF set, checksums right (tshark)', async (t) => {
  const originals = [echo4(), udp4(), tcp4()];
  const back = originals.map((p) => {
    const six = decodeIpPacket(encodeIpPacket(ok(translate4to6(received(p), V6.src, V6.dst)))) as Ipv6Packet;
    return encodeIpPacket(ok(translate6to4(six, V4.src, V4.dst)));
  });
  for (const [i, orig] of originals.entries()) {
    const a = received(orig);
    const b = decodeIpPacket(back[i]) as Ipv4Packet;
    t.deepEqual(b.payload, a.payload);
    t.is(b.ttl, a.ttl - 2);
    t.true(b.dontFragment && b.headerChecksumValid);
  }
  const frames = await dissect(writePcap(back, 'siit-6to4'), {
    extraArgs: ['-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'],
  });
  t.deepEqual(
    frames.filter((f) => f.malformed || f.errors.length),
    [],
  );
  t.deepEqual(
    frames.map((f) => f.fields.get('ip.checksum.status')?.[0]),
    ['1', '1', '1'],
  );
});

test('an IPv4 UDP datagram without checksum (RFC 768) gets one in IPv6 (RFC 7915 §4.5)', (t) => {
  const none = received({ ...udp4(), payload: { ...udpDatagram(40000, 7, Buffer.from('hello')), noChecksum: true } });
  const six = decodeIpPacket(encodeIpPacket(ok(translate4to6(none, V6.src, V6.dst))));
  t.like(six.payload, { type: 'udp', checksumValid: true });
  t.false('noChecksum' in six.payload);
});

test('what is not translated is refused with the reason', (t) => {
  const frag = {
    ...udp4(),
    moreFragments: true,
    payload: { type: 'raw' as const, protocol: 17, data: Buffer.alloc(16) },
  };
  t.deepEqual(translate4to6(received(frag), V6.src, V6.dst), {
    ok: false,
    reason: 'IPv4 fragment (not translated here)',
  });
  const gre = ipv4Packet(V4.src, V4.dst, { type: 'raw', protocol: 47, data: Buffer.alloc(4) });
  t.deepEqual(translate4to6(received(gre), V6.src, V6.dst), {
    ok: false,
    reason: 'IPv4 protocol 47 (not translated here)',
  });
  t.deepEqual(translate4to6(received({ ...echo4(), ttl: 1 }), V6.src, V6.dst), { ok: false, reason: 'TTL exhausted' });
  t.deepEqual(translate4to6(received({ ...echo4(), options: Buffer.from('94040000', 'hex') }), V6.src, V6.dst), {
    ok: false,
    reason: 'IPv4 options (RFC 7915 §4.1: not translated)',
  });
  const six = ok(translate4to6(received(echo4()), V6.src, V6.dst));
  t.is(six.src, V6.src);
  t.deepEqual(translate6to4({ ...six, hopLimit: 1 }, V4.src, V4.dst), { ok: false, reason: 'hop limit exhausted' });
  // Bytes that are no IPv6 packet never reach the translator: the decoder says why.
  t.throws(() => decodeIpPacket(Buffer.from([0x60, 0, 0])), { instanceOf: DecodeError });
});
