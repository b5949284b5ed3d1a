import { UdpPeer } from '../../harness/drivers/common/udp-peer.ts';
import { icmpv6Echo, RawIpv6Listener } from '../../harness/drivers/ipv6-host/index.ts';
import { formatIpv6 } from '../../harness/protocol/common/ip-bytes.ts';
import { firewallFarSide } from './firewall-far-side.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * ICMPv6 a firewall must not drop (RFC 4890 §4.3.1): Packet Too Big (without it path MTU discovery,
 * RFC 8201, fails and large transfers hang) and echo request/reply. A datagram too big for the
 * link beyond the server makes that hop send Packet Too Big back through the firewall.
 */
export default defineScenario({
  id: 'gateway/firewall-icmpv6-essential',
  title: 'Essential ICMPv6 (Packet Too Big, echo) crosses the firewall',
  covers: ['MNO-INTERNET', 'LOGO'],
  tags: ['firewall', 'icmpv6', 'rfc4890'],
  needs: ['firewall'],
  async run(ctx) {
    firewallFarSide(ctx);
    const p = ctx.gateway().firewall;
    const echo = await icmpv6Echo(p.serverIpv6, ctx.recorder, ctx.signal);
    ctx.check(`ICMPv6 echo to ${p.serverIpv6} through the firewall`, {
      expected: 'echo reply',
      observed:
        echo.kind === 'reply'
          ? 'echo reply'
          : echo.kind === 'timeout'
            ? `no reply after ${echo.attempts} requests`
            : echo.message,
      clause: 'RFC 4890 §4.3.1 (echo request/reply)',
      element: 'firewall',
    });
    const listener = new RawIpv6Listener('icmpv6');
    const peer = new UdpPeer({ address: p.beyondIpv6, port: 9 }, ctx.recorder);
    try {
      await peer.open();
      const size = p.beyondMtu + 100;
      peer.send(Buffer.alloc(size - 48, 0x50));
      let ptb: { from: string; mtu: number } | undefined;
      for (let i = 0; i < 40 && !ptb; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const hit = listener.matching(
          (a) =>
            a.message[0] === 2 &&
            a.message.length >= 48 &&
            ipv6Text(formatIpv6(a.message.subarray(32, 48))) === ipv6Text(p.beyondIpv6),
        )[0];
        if (hit) ptb = { from: ipv6Text(hit.from), mtu: hit.message.readUInt32BE(4) };
      }
      ctx.check(`Packet Too Big from beyond the firewall for a ${size}-octet packet`, {
        expected: { from: ipv6Text(p.serverIpv6), mtu: p.beyondMtu },
        observed: ptb ?? 'no Packet Too Big reached the UE side: the firewall drops it',
        clause: 'RFC 4890 §4.3.1 (Packet Too Big), RFC 8201 §4',
        element: 'firewall',
      });
    } finally {
      listener.close();
      await peer.close();
    }
  },
});
