import test from 'ava';
import { Nat64Standin } from '../../../harness/elements/nat64/index.ts';
import { InternetStandin } from '../../../harness/elements/internet/index.ts';
import {
  decodeIpPacket,
  decodeIpv4Packet,
  decodeIpv6Packet,
  encodeIpPacket,
  icmpv4Packet,
  ipv6Packet,
  udpDatagram,
  type Ipv6Packet,
} from '../../../harness/protocol/ip/index.ts';

/** The stateful NAT64 stand-in (RFC 6146) in front of the in-process IPv4 hosts. */
const hosts = {
  ipv6Only: '2001:db8:f000::6',
  ipv4Only: '192.0.2.4',
  dualStack: { ipv6: '2001:db8:f000::46', ipv4: '192.0.2.46' },
  brokenIpv6: { ipv6: '2001:db8:f000::bad', ipv4: '192.0.2.66' },
  udpEchoPort: 7,
};
const udp = (src: string, srcPort: number, dst = '2001:db8:64::c000:204'): Ipv6Packet =>
  ipv6Packet(src, dst, udpDatagram(srcPort, 7, Buffer.from(`from ${src}`)));
/** What the NAT64 sends back, as the UE receives it. */
const received = (p: Ipv6Packet | undefined) => decodeIpv6Packet(encodeIpPacket(p!));
const udpSourcePort = (raw: Buffer) => {
  const p = decodeIpv4Packet(raw).payload;
  return p.type === 'udp' ? p.srcPort : undefined;
};

test('UDP through the NAT64: the answer comes back to the right host and port, from the Pref64 of the IPv4 host', (t) => {
  const seen: Buffer[] = [];
  const inet = new InternetStandin(hosts, '2001:db8:ffff::1');
  const v4 = (p: Buffer) => inet.deliver(decodeIpPacket(p), p);
  const nat = new Nat64Standin('2001:db8:64::/96', '203.0.113.64', (p) => {
    seen.push(p);
    return v4(p);
  });
  const a = udp('2001:db8:100::a', 50000);
  const back = received(nat.deliver(a));
  t.deepEqual([back.src, back.dst], ['2001:db8:64::c000:204', '2001:db8:100::a']);
  t.like(back.payload, { type: 'udp', srcPort: 7, dstPort: 50000, checksumValid: true });
  // Port preservation (RFC 6146 §3.5.1.1): 50000 was free.
  t.is(udpSourcePort(seen[0]), 50000);
  t.is(decodeIpv4Packet(seen[0]).src, '203.0.113.64');
  // A second host with the same source port gets another IPv4 port, and its own answer.
  const b = udp('2001:db8:100::b', 50000);
  const backB = received(nat.deliver(b));
  t.is(backB.dst, '2001:db8:100::b');
  t.is(udpSourcePort(seen[1]), 50001);
});

test('unsolicited IPv4 finds no binding and is dropped; a destination outside Pref64 is not handled', (t) => {
  const nat = new Nat64Standin('2001:db8:64::/96', '203.0.113.64', () => undefined);
  const unsolicited = encodeIpPacket(
    icmpv4Packet('192.0.2.4', '203.0.113.64', {
      type: 'echo-reply',
      identifier: 4242,
      sequence: 1,
      data: Buffer.alloc(0),
    }),
  );
  t.is(nat.fromIpv4(unsolicited), undefined);
  t.is(nat.counters.noBinding, 1);
  t.false(nat.handles('2001:db8:f000::6'));
  t.true(nat.handles('2001:db8:64::c633:6401'));
});
