import test from 'ava';
import fc from 'fast-check';
import {
  decodeIpPacket,
  encodeIpPacket,
  icmpv4Packet,
  ipPacket,
  type IpPacket,
} from '../../../../harness/protocol/ip/index.ts';
import { internetChecksum } from '../../../../harness/protocol/ip/checksum.ts';
import { ipv4Address, ipv6Address, tcp, udp } from './arbitraries.ts';

/**
 * The one checksum module: the header checksum (RFC 791), ICMP's over the message (RFC 792), and
 * UDP/TCP over each family's pseudo-header (RFC 768, RFC 9293 §3.1, RFC 8200 §8.1).
 */
const upperOffset = (p: IpPacket) => (p.version === 4 ? 20 : 40);

test('UDP and TCP verify over IPv4 and IPv6 pseudo-headers; any flipped bit of the segment or an address is caught', (t) => {
  fc.assert(
    fc.property(
      fc.oneof(fc.tuple(ipv4Address, ipv4Address), fc.tuple(ipv6Address, ipv6Address)),
      fc.oneof(udp, tcp),
      fc.nat(),
      fc.integer({ min: 0, max: 7 }),
      ([src, dst], seg, at, bit) => {
        const p = ipPacket(src, dst, seg);
        const b = encodeIpPacket(p);
        t.like(decodeIpPacket(b).payload, { checksumValid: true });
        // A bit of the upper layer, or of the source or destination address (the pseudo-header).
        const off = upperOffset(p);
        const targets = [...Array(b.length - off).keys()].map((i) => off + i);
        for (let i = p.version === 4 ? 12 : 8; i < off; i++) targets.push(i);
        const flip = targets[at % targets.length];
        if (flip - off === (seg.type === 'udp' ? 6 : 16) || flip - off === (seg.type === 'udp' ? 7 : 17)) return;
        b[flip] ^= 1 << bit;
        let q: IpPacket;
        try {
          q = decodeIpPacket(b);
        } catch {
          return; // a length or data offset no longer fits: refused outright
        }
        if (q.payload.type === 'udp' || q.payload.type === 'tcp') t.false(q.payload.checksumValid);
      },
    ),
    { numRuns: 500 },
  );
});

test('ICMP covers its message alone; Fragmentation Needed carries the next-hop MTU in octets 6-7 (RFC 1191 §4)', (t) => {
  const b = encodeIpPacket(
    icmpv4Packet('192.0.2.1', '198.51.100.1', {
      type: 'destination-unreachable',
      code: 4,
      nextHopMtu: 1400,
      invoking: Buffer.alloc(28),
    }),
  );
  t.is(b.readUInt16BE(20 + 6), 1400);
  t.is(internetChecksum(b, 20), 0);
  t.is(internetChecksum(b, 0, 20), 0);
});
