import test from 'ava';
import { ipv4Uplink } from '../../../harness/elements/common/ipv4-uplink.ts';
import { InternetStandin } from '../../../harness/elements/internet/index.ts';
import {
  datagramOf,
  decodeIpPacket,
  decodeIpv4Packet,
  echoRequest,
  encodeIpPacket,
  icmpv4Packet,
  ipPacket,
  ipv4Packet,
  tcpSegment,
  udpPacket,
} from '../../../harness/protocol/ip/index.ts';
import { dissect, writePcap } from '../../helpers/tshark.ts';

/** The gateway's IPv4 uplink decision (BCP 38, RFC 1812) and the internet stand-in's IPv4 answers. */
const UE = '198.51.100.7';
const hosts = {
  ipv6Only: '2001:db8:f000::6',
  ipv4Only: '192.0.2.4',
  dualStack: { ipv6: '2001:db8:f000::46', ipv4: '192.0.2.46' },
  brokenIpv6: { ipv6: '2001:db8:f000::bad', ipv4: '192.0.2.66' },
  udpEchoPort: 7,
};
const ping = (src: string, dst: string, ttl = 64) =>
  encodeIpPacket(
    icmpv4Packet(src, dst, { type: 'echo-request', identifier: 9, sequence: 1, data: Buffer.from('v6h') }, ttl),
  );

test('IPv4 uplink: forwarded from the session address only; spoofed, TTL 1, bad checksum and the fault are dropped', (t) => {
  const none = new Set<string>();
  t.is(ipv4Uplink({ ipv4: UE }, ping(UE, hosts.ipv4Only), none).kind, 'forward');
  t.like(ipv4Uplink({ ipv4: UE }, ping('198.51.100.8', hosts.ipv4Only), none), { kind: 'drop', reason: 'spoofed' });
  t.like(ipv4Uplink({}, ping(UE, hosts.ipv4Only), none), { kind: 'drop', reason: 'spoofed' });
  t.is(ipv4Uplink({ ipv4: UE }, ping('198.51.100.8', hosts.ipv4Only), new Set(['no-source-check'])).kind, 'forward');
  t.like(ipv4Uplink({ ipv4: UE }, ping(UE, hosts.ipv4Only, 1), none), { kind: 'drop', reason: 'ttl-exceeded' });
  const bad = ping(UE, hosts.ipv4Only);
  bad[10] ^= 0xff;
  t.like(ipv4Uplink({ ipv4: UE }, bad, none), { kind: 'drop', reason: 'malformed' });
  t.like(ipv4Uplink({ ipv4: UE }, ping(UE, hosts.ipv4Only), new Set(['no-ipv4-user-plane'])), {
    kind: 'drop',
    reason: 'no-ipv4-user-plane',
  });
});

test('the internet answers IPv4 echo, UDP and TCP for its IPv4 hosts (the broken host included), unreachable otherwise; tshark agrees', async (t) => {
  const net = new InternetStandin(hosts, '2001:db8:ffff::fffe');
  const send = (raw: Buffer) => net.deliver(decodeIpPacket(raw), raw);
  const replies: Buffer[] = [];
  for (const dst of [hosts.ipv4Only, hosts.dualStack.ipv4, hosts.brokenIpv6.ipv4]) {
    const r = send(ping(UE, dst))!;
    replies.push(r);
    const p = decodeIpv4Packet(r);
    t.like(
      { src: p.src, dst: p.dst, icmp: p.payload },
      {
        src: dst,
        dst: UE,
        icmp: { type: 'icmp', message: { type: 'echo-reply', identifier: 9, sequence: 1 }, checksumValid: true },
      },
    );
  }
  const udp = send(
    encodeIpPacket(
      udpPacket({ address: UE, port: 50000 }, { address: hosts.brokenIpv6.ipv4, port: 7 }, Buffer.from('udp4')),
    ),
  )!;
  replies.push(udp);
  t.like(datagramOf(decodeIpPacket(udp)), {
    src: { address: hosts.brokenIpv6.ipv4, port: 7 },
    dst: { address: UE, port: 50000 },
    data: Buffer.from('udp4'),
  });
  const synAck = send(
    encodeIpPacket(ipPacket(UE, hosts.dualStack.ipv4, tcpSegment({ srcPort: 50001, dstPort: 7, seq: 1, flags: 0x02 }))),
  )!;
  replies.push(synAck);
  t.like(decodeIpPacket(synAck), {
    version: 4,
    src: hosts.dualStack.ipv4,
    headerChecksumValid: true,
    payload: { type: 'tcp', checksumValid: true, flags: 0x12, ack: 2 },
  });
  const unreachable = send(ping(UE, '203.0.113.9'))!;
  replies.push(unreachable);
  t.like(decodeIpv4Packet(unreachable).payload, {
    type: 'icmp',
    message: { type: 'destination-unreachable', code: 0 },
  });
  // The broken host: IPv6 silent, IPv4 answered.
  t.is(send(encodeIpPacket(echoRequest('2001:db8:100::1', hosts.brokenIpv6.ipv6, 1, 1))), undefined);
  t.is(
    send(encodeIpPacket(ipv4Packet(UE, hosts.ipv4Only, { type: 'raw', protocol: 99, data: Buffer.alloc(4) }))),
    undefined,
  );
  const frames = await dissect(writePcap(replies, 'internet-ipv4'), {
    extraArgs: ['-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'],
  });
  t.deepEqual(
    frames.map((f) => f.protocols.join(':')),
    [
      'raw:ip:icmp:data',
      'raw:ip:icmp:data',
      'raw:ip:icmp:data',
      'raw:ip:udp:echo',
      'raw:ip:tcp',
      'raw:ip:icmp:ip:icmp:data',
    ],
  );
  t.deepEqual(
    frames.filter((f) => f.malformed || f.errors.length > 0).map((f) => f.number),
    [],
  );
});
