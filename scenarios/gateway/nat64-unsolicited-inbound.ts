import { createSocket } from 'node:dgram';
import { sourceAddressFor } from '../../harness/drivers/common/source-address.ts';
import { UdpPeer } from '../../harness/drivers/common/udp-peer.ts';
import { RawIpv6Listener } from '../../harness/drivers/ipv6-host/index.ts';
import { synthesize } from '../../harness/protocol/dns/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';
import { nat64Path } from './nat64-path.ts';

/**
 * Unsolicited inbound IPv4 (RFC 6146 §3.5.1, §3.5.2: an incoming IPv4 packet with no BIB entry for
 * its destination transport address is not translated). The harness first opens a flow through
 * the NAT64 from IPv6 (so one mapping exists), then sends UDP from an IPv4 address to the NAT64's
 * IPv4 address on ports nobody mapped: a raw socket watches for anything translated to the host.
 * Whether the one mapped port accepts a stranger (endpoint-independent filtering, RFC 4787 §5) or
 * not (address-dependent) is the operator's choice and only reported.
 */
const UNMAPPED = [1, 9, 53, 123, 443, 5060, 40001, 61000];

export default defineScenario({
  id: 'gateway/nat64-unsolicited-inbound',
  title: 'NAT64 drops unsolicited inbound IPv4 that matches no mapping',
  covers: ['MNO-GATEWAY', 'MNO-INTERNET'],
  tags: ['nat64', 'rfc6146', 'security'],
  needs: ['nat64'],
  async run(ctx) {
    const nat = ctx.element('nat64');
    const { nat64Prefix } = ctx.gateway();
    const host = ctx.internet();
    ctx.expect('the NAT64 has an IPv4 address to send to', {
      expected: 'an IPv4 address',
      observed: nat.ipv4Address ?? 'none (target: ipv4Address)',
      ok: !!nat.ipv4Address,
      element: 'nat64',
    });
    const { dst } = await nat64Path(ctx);
    const listener = new RawIpv6Listener('udp');
    const flow = new UdpPeer({ address: dst, port: host.udpEchoPort }, ctx.recorder);
    const v4 = createSocket('udp4');
    try {
      const local = await flow.open();
      const echoed = new Promise<boolean>((resolve) => {
        flow.onMessage(() => resolve(true));
        setTimeout(() => resolve(false), 2000);
      });
      flow.send(Buffer.from('v6harness: open a mapping'));
      ctx.expect('the outbound flow is echoed (a mapping exists)', {
        expected: true,
        observed: await echoed,
        clause: 'RFC 6146 §3.5.1',
        element: 'nat64',
      });
      const src = await sourceAddressFor(nat.ipv4Address!);
      await new Promise<void>((resolve) => v4.bind(0, src, () => resolve()));
      const probe = Buffer.from('v6harness: unsolicited');
      for (const port of [local.port, ...UNMAPPED]) v4.send(probe, port, nat.ipv4Address!);
      await new Promise((r) => setTimeout(r, 1000));
      // Translated, they would come from the stranger's address under the prefix (RFC 6052 §2.2).
      const stranger = ipv6Text(synthesize(nat64Prefix, src));
      const delivered = listener
        .matching((a) => ipv6Text(a.from) === stranger && a.message.length >= 8)
        .map((a) => a.message.readUInt16BE(2));
      const unmapped = delivered.filter((p) => p !== local.port);
      ctx.check(`no datagram to an unmapped port of ${nat.ipv4Address} reaches the IPv6 side`, {
        expected: [],
        observed: unmapped.length ? unmapped.map((p) => `translated to [${ipv6Text(local.address)}]:${p}`) : [],
        clause: 'RFC 6146 §3.5.1, §3.5.2',
        element: 'nat64',
      });
      ctx.fact(
        'a stranger to the mapped port',
        delivered.includes(local.port)
          ? 'delivered (endpoint-independent filtering)'
          : 'dropped (address-dependent filtering, or the mapping uses another port)',
      );
    } finally {
      listener.close();
      v4.close();
      await flow.close();
    }
  },
});
