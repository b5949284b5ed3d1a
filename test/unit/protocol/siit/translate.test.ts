import test from 'ava';
import { encodeIcmpv4, encodeIpv4Packet } from '../../../../harness/protocol/ipv4/index.ts';
import { decodeIpv4Packet, decodeIpv6Packet, tcpHeader, TCP_FLAGS } from '../../../../harness/protocol/ipv6/index.ts';
import { ipv4UpperChecksum, translate4to6, translate6to4 } from '../../../../harness/protocol/siit/index.ts';
import { dissect, writePcap } from '../../../helpers/tshark.ts';

/** SIIT (RFC 7915) of Echo, UDP and TCP, both ways; tshark checks every checksum we recomputed. */
const V4 = { src: '192.0.0.1', dst: '198.51.100.4' };
const V6 = { src: '2001:db8:100::c1a7', dst: '2001:db8:64::c633:6404' };
const header = {
  tos: 0x20,
  identification: 7,
  dontFragment: true,
  moreFragments: false,
  fragmentOffset: 0,
  ttl: 64,
  ...V4,
};

function udp4(): Buffer {
  const seg = Buffer.alloc(8 + 5);
  seg.writeUInt16BE(40000, 0);
  seg.writeUInt16BE(7, 2);
  seg.writeUInt16BE(seg.length, 4);
  Buffer.from('hello').copy(seg, 8);
  seg.writeUInt16BE(ipv4UpperChecksum(V4.src, V4.dst, 17, seg), 6);
  return encodeIpv4Packet({ ...header, protocol: 17, payload: seg });
}
function tcp4(): Buffer {
  const seg = Buffer.concat([
    tcpHeader({ srcPort: 40001, dstPort: 7, seq: 1000, flags: TCP_FLAGS.SYN }),
    Buffer.alloc(0),
  ]);
  seg.writeUInt16BE(ipv4UpperChecksum(V4.src, V4.dst, 6, seg), 16);
  return encodeIpv4Packet({ ...header, protocol: 6, payload: seg });
}
const echo4 = () =>
  encodeIpv4Packet({
    ...header,
    protocol: 1,
    payload: encodeIcmpv4({ type: 'echo-request', identifier: 0x464, sequence: 3, data: Buffer.from('clat') }),
  });

test('IPv4 → IPv6: headers per §4.1, Echo → ICMPv6 Echo, UDP and TCP checksums right for the IPv6 pseudo-header (tshark)', async (t) => {
  const out = [echo4(), udp4(), tcp4()].map((p) => translate4to6(p, V6.src, V6.dst));
  const packets = out.map((o) => (o.ok ? o.packet : t.fail(o.reason)) as Buffer);
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
  const back = [echo4(), udp4(), tcp4()].map((p) => {
    const six = translate4to6(p, V6.src, V6.dst);
    if (!six.ok) throw new Error(six.reason);
    const four = translate6to4(six.packet, V4.src, V4.dst);
    if (!four.ok) throw new Error(four.reason);
    return four.packet;
  });
  for (const [i, orig] of [echo4(), udp4(), tcp4()].entries()) {
    const a = decodeIpv4Packet(orig);
    const b = decodeIpv4Packet(back[i]);
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

test('what is not translated is refused with the reason', (t) => {
  const frag = encodeIpv4Packet({ ...header, moreFragments: true, protocol: 17, payload: Buffer.alloc(16) });
  t.deepEqual(translate4to6(frag, V6.src, V6.dst), { ok: false, reason: 'IPv4 fragment (not translated here)' });
  const gre = encodeIpv4Packet({ ...header, protocol: 47, payload: Buffer.alloc(4) });
  t.deepEqual(translate4to6(gre, V6.src, V6.dst), { ok: false, reason: 'IPv4 protocol 47 (not translated here)' });
  const dying = encodeIpv4Packet({
    ...header,
    ttl: 1,
    protocol: 1,
    payload: encodeIcmpv4({ type: 'echo-request', identifier: 1, sequence: 1, data: Buffer.alloc(0) }),
  });
  t.deepEqual(translate4to6(dying, V6.src, V6.dst), { ok: false, reason: 'TTL exhausted' });
  const six = translate4to6(echo4(), V6.src, V6.dst);
  t.true(six.ok);
  t.is(decodeIpv6Packet((six as { packet: Buffer }).packet).src, V6.src);
  t.false(translate6to4(Buffer.from([0x60, 0, 0]), V4.src, V4.dst).ok);
});
