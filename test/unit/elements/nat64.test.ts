import test from 'ava';
import { Nat64Standin } from '../../../harness/elements/nat64/index.ts';
import { InternetStandin } from '../../../harness/elements/internet/index.ts';
import {
  decodeIpv4Packet,
  decodeIpv6Packet,
  encodeIpv6Packet,
  type Ipv6Packet,
} from '../../../harness/protocol/ipv6/index.ts';
import { encodeIcmpv4, encodeIpv4Packet } from '../../../harness/protocol/ipv4/index.ts';

/** The stateful NAT64 stand-in (RFC 6146) in front of the in-process IPv4 hosts. */
const hosts = {
  ipv6Only: '2001:db8:f000::6',
  ipv4Only: '192.0.2.4',
  dualStack: { ipv6: '2001:db8:f000::46', ipv4: '192.0.2.46' },
  brokenIpv6: { ipv6: '2001:db8:f000::bad', ipv4: '192.0.2.66' },
  udpEchoPort: 7,
};
const udp = (src: string, srcPort: number, dst = '2001:db8:64::c000:204'): Ipv6Packet => ({
  version: 6,
  trafficClass: 0,
  flowLabel: 0,
  hopLimit: 64,
  src,
  dst,
  extensionHeaders: [],
  payload: { type: 'udp', srcPort, dstPort: 7, data: Buffer.from(`from ${src}`) },
});

test('UDP through the NAT64: the answer comes back to the right host and port, from the Pref64 of the IPv4 host', (t) => {
  const seen: Buffer[] = [];
  const inet = new InternetStandin(hosts, '2001:db8:ffff::1');
  const v4 = (p: Buffer) => inet.deliver(decodeIpv4Packet(p), p);
  const nat = new Nat64Standin('2001:db8:64::/96', '203.0.113.64', (p) => {
    seen.push(p);
    return v4(p);
  });
  const a = udp('2001:db8:100::a', 50000);
  const back = decodeIpv6Packet(nat.deliver(a, encodeIpv6Packet(a))!);
  t.deepEqual([back.src, back.dst], ['2001:db8:64::c000:204', '2001:db8:100::a']);
  t.like(back.payload, { type: 'udp', srcPort: 7, dstPort: 50000, checksumValid: true });
  // Port preservation (RFC 6146 §3.5.1.1): 50000 was free.
  t.is(decodeIpv4Packet(seen[0]).payload.readUInt16BE(0), 50000);
  t.is(decodeIpv4Packet(seen[0]).src, '203.0.113.64');
  // A second host with the same source port gets another IPv4 port, and its own answer.
  const b = udp('2001:db8:100::b', 50000);
  const backB = decodeIpv6Packet(nat.deliver(b, encodeIpv6Packet(b))!);
  t.is(backB.dst, '2001:db8:100::b');
  t.is(decodeIpv4Packet(seen[1]).payload.readUInt16BE(0), 50001);
});

test('unsolicited IPv4 finds no binding and is dropped; a destination outside Pref64 is not handled', (t) => {
  const nat = new Nat64Standin('2001:db8:64::/96', '203.0.113.64', () => undefined);
  const unsolicited = encodeIpv4Packet({
    tos: 0,
    identification: 0,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: 64,
    protocol: 1,
    src: '192.0.2.4',
    dst: '203.0.113.64',
    payload: encodeIcmpv4({ type: 'echo-reply', identifier: 4242, sequence: 1, data: Buffer.alloc(0) }),
  });
  t.is(nat.fromIpv4(unsolicited), undefined);
  t.is(nat.counters.noBinding, 1);
  t.false(nat.handles('2001:db8:f000::6'));
  t.true(nat.handles('2001:db8:64::c633:6401'));
});
