import { UdpPeer } from '../../harness/drivers/common/udp-peer.ts';
import { RawIpv6Listener, udpEcho } from '../../harness/drivers/ipv6-host/index.ts';
import { formatIpv6 } from '../../harness/protocol/common/ip-bytes.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';
import { nat64Path } from './nat64-path.ts';

/**
 * Path MTU across the NAT64 (RFC 7915 §4.2, §5.1): an IPv6 packet translated to an IPv4 packet
 * larger than the IPv4 link gets DF set (§5.1, over 1260 octets), so the IPv4 hop answers
 * Fragmentation Needed, which the NAT64 turns into ICMPv6 Packet Too Big with the MTU raised by
 * the 20 octets the IPv6 header adds (§4.2). A datagram sized to that MTU then gets through.
 */
export default defineScenario({
  id: 'gateway/nat64-packet-too-big',
  title: 'Fragmentation Needed behind the NAT64 comes back as Packet Too Big with MTU + 20',
  covers: ['MNO-GATEWAY', 'TRANSITION'],
  tags: ['nat64', 'rfc7915', 'pmtu'],
  needs: ['nat64'],
  async run(ctx) {
    const { nat64Ipv4Mtu } = ctx.gateway();
    const host = ctx.internet();
    const { dst } = await nat64Path(ctx);
    const expectedMtu = nat64Ipv4Mtu + 20;
    const listener = new RawIpv6Listener('icmpv6');
    const peer = new UdpPeer({ address: dst, port: host.udpEchoPort }, ctx.recorder);
    try {
      await peer.open();
      // 48 octets of IPv6 and UDP header: the IPv4 packet is this payload + 28, larger than the link.
      const payload = nat64Ipv4Mtu + 100;
      peer.send(Buffer.alloc(payload, 0x42));
      let ptb: { from: string; mtu: number } | undefined;
      for (let i = 0; i < 40 && !ptb; i++) {
        await new Promise((r) => setTimeout(r, 50));
        // RFC 4443 §3.2: type 2, MTU at octet 4, then as much of the invoking packet as fits (its destination at 24..40).
        const hit = listener.matching(
          (a) =>
            a.message[0] === 2 && a.message.length >= 48 && ipv6Text(formatIpv6(a.message.subarray(32, 48))) === dst,
        )[0];
        if (hit) ptb = { from: ipv6Text(hit.from), mtu: hit.message.readUInt32BE(4) };
      }
      ctx.check(`Packet Too Big for a ${payload + 48}-octet packet to ${dst}`, {
        expected: { mtu: expectedMtu },
        observed: ptb
          ? { mtu: ptb.mtu }
          : 'no Packet Too Big (the NAT64 dropped the Fragmentation Needed, or DF was not set)',
        clause: 'RFC 7915 §4.2 (MTU + 20), §5.1 (DF)',
        element: 'nat64',
      });
      if (ptb) ctx.log(`Packet Too Big from ${ptb.from}, MTU ${ptb.mtu}`);
      const fits = await udpEcho(dst, host.udpEchoPort, ctx.recorder, ctx.signal, { size: expectedMtu - 48 });
      ctx.check(`a datagram sized to the MTU (${expectedMtu} octets) is echoed`, {
        expected: 'echoed',
        observed: fits.kind === 'reply' ? 'echoed' : `no reply after ${fits.attempts} datagrams`,
        clause: 'RFC 7915 §4.2, RFC 8201 §4',
        element: 'nat64',
      });
      ctx.metric('ptb_mtu', ptb?.mtu ?? 0, 'octets');
    } finally {
      listener.close();
      await peer.close();
    }
  },
});
