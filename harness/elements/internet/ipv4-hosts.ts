import { decodeIcmpv4, encodeIcmpv4, encodeIpv4Packet } from '../../protocol/ipv4/index.ts';
import { decodeIpv4Packet } from '../../protocol/ipv6/index.ts';
import { ipv4UpperChecksum } from '../../protocol/siit/index.ts';
import type { InternetHosts } from './hosts.ts';

/**
 * The IPv4 side of the in-process internet hosts (the IPv4-only host, and the IPv4 addresses of
 * the dual-stack and broken-IPv6 hosts): ICMP Echo (RFC 792) and the UDP echo service (RFC 862).
 * Reached through a NAT64 (the PLAT of 464XLAT) behind the gateway.
 */
export function ipv4Hosts(hosts: InternetHosts): (packet: Buffer) => Buffer | undefined {
  const answering = new Set([hosts.ipv4Only, hosts.dualStack.ipv4, hosts.brokenIpv6.ipv4]);
  return (raw) => {
    let p;
    try {
      p = decodeIpv4Packet(raw);
    } catch {
      return undefined;
    }
    if (!answering.has(p.dst) || !p.headerChecksumValid) return undefined;
    const header = { tos: 0, identification: 0, dontFragment: true, moreFragments: false, fragmentOffset: 0, ttl: 64, src: p.dst, dst: p.src };
    if (p.protocol === 1) {
      let m;
      try {
        m = decodeIcmpv4(p.payload);
      } catch {
        return undefined;
      }
      if (m.type !== 'echo-request' || !m.checksumValid) return undefined;
      return encodeIpv4Packet({ ...header, protocol: 1, payload: encodeIcmpv4({ type: 'echo-reply', identifier: m.identifier, sequence: m.sequence, data: m.data }) });
    }
    if (p.protocol === 17 && p.payload.length >= 8 && p.payload.readUInt16BE(2) === hosts.udpEchoPort) {
      const seg = Buffer.from(p.payload);
      seg.writeUInt16BE(p.payload.readUInt16BE(2), 0);
      seg.writeUInt16BE(p.payload.readUInt16BE(0), 2);
      seg.writeUInt16BE(0, 6);
      seg.writeUInt16BE(ipv4UpperChecksum(p.dst, p.src, 17, seg) || 0xffff, 6);
      return encodeIpv4Packet({ ...header, protocol: 17, payload: seg });
    }
    return undefined;
  };
}
