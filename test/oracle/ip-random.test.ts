import test from 'ava';
import fc from 'fast-check';
import { encodeIpPacket, type IpPacket } from '../../harness/protocol/ip/index.ts';
import { ipPacket } from '../unit/protocol/ip/arbitraries.ts';
import { dissect, writePcap } from '../helpers/tshark.ts';

/**
 * tshark over packets the generators make (both families, every extension header, ND option,
 * ICMP/ICMPv6 message, UDP, TCP, raw and fragments): none is malformed, no error expert info, and
 * every upper-layer checksum we computed is one tshark calls good.
 */
const ENABLED = 'frame,raw,ip,ipv6,ipv6.hopopts,ipv6.routing,ipv6.fraghdr,ipv6.dstopts,tcp,udp,icmp,icmpv6,data';
const STATUS: Record<string, string> = {
  udp: 'udp.checksum.status',
  tcp: 'tcp.checksum.status',
  icmp: 'icmp.checksum.status',
  icmpv6: 'icmpv6.checksum.status',
};

test('1000 generated IP packets dissect cleanly with good checksums (seeded)', async (t) => {
  const packets: IpPacket[] = fc.sample(ipPacket, { numRuns: 1000, seed: 19 });
  // The IP layer only: UDP and TCP data, and raw payloads, stay data (random octets are no DNS).
  const frames = await dissect(writePcap(packets.map(encodeIpPacket), 'ip-random'), {
    extraArgs: [
      ...['-o', 'tcp.check_checksum:TRUE', '--disable-protocol', 'ALL', '--enable-protocol', ENABLED],
      ...['-d', 'udp.port==0-65535,data', '-d', 'tcp.port==0-65535,data'],
    ],
  });
  t.is(frames.length, packets.length);
  const bad: string[] = [];
  frames.forEach((f, i) => {
    const p = packets[i];
    if (f.malformed || f.errors.length)
      bad.push(`frame ${i + 1} (${p.payload.type}): malformed ${f.malformed}, ${f.errors.join('; ')}`);
    const field = STATUS[p.payload.type];
    // The outer message's status comes first; an ICMP error's quoted packet may add its own.
    if (field && f.fields.get(field)?.[0] !== '1') bad.push(`frame ${i + 1}: ${field} ${f.fields.get(field)?.[0]}`);
    if (p.version === 4 && f.fields.get('ip.checksum.status')?.[0] !== '1')
      bad.push(`frame ${i + 1}: IPv4 header checksum`);
  });
  t.deepEqual(bad, []);
});
