import { createSocket } from 'node:dgram';
import { sendSpoofedUdp } from '../../harness/drivers/ipv6-host/index.ts';
import { firewallFarSide } from './firewall-far-side.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';

/**
 * Source address validation at the internet connection (BCP 38, RFC 2827 §3; MNO-INTERNET): a
 * packet from the UE side whose source is not a UE address is dropped. The server's discard
 * service (RFC 863) counts what arrives: a datagram from the UE's own address must arrive (the
 * observation works), one from a spoofed source must not.
 */
const SPOOFED = '2001:db8:bad::1';

export default defineScenario({
  id: 'gateway/firewall-bcp38',
  title: 'Packets from the UE side with a spoofed IPv6 source are dropped',
  covers: ['MNO-INTERNET'],
  tags: ['firewall', 'bcp38', 'security'],
  needs: ['firewall'],
  async run(ctx) {
    const p = ctx.gateway().firewall;
    const far = firewallFarSide(ctx);
    const settle = () => new Promise((r) => setTimeout(r, 400));
    const before = await far.discarded();
    const genuine = createSocket('udp6');
    await new Promise<void>((resolve) => genuine.bind(0, p.ueIpv6, () => resolve()));
    const data = Buffer.from('v6harness-bcp38-genuine');
    await new Promise<void>((resolve) => genuine.send(data, 9, p.serverIpv6, () => resolve()));
    genuine.close();
    await settle();
    const afterGenuine = await far.discarded();
    ctx.expect(`a datagram from the UE address ${p.ueIpv6} reaches the server`, {
      expected: data.length,
      observed: afterGenuine - before,
      ok: afterGenuine - before >= data.length,
      clause: 'RFC 863',
      element: 'firewall',
    });
    const spoofed = Buffer.from('v6harness-bcp38-spoofed');
    await sendSpoofedUdp(SPOOFED, p.serverIpv6, 9, spoofed, ctx.recorder);
    await settle();
    const afterSpoofed = await far.discarded();
    ctx.check(`a datagram from the spoofed source ${SPOOFED} is dropped`, {
      expected: 'dropped',
      observed:
        afterSpoofed === afterGenuine
          ? 'dropped'
          : `forwarded (${afterSpoofed - afterGenuine} octets reached the server)`,
      clause: 'BCP 38 (RFC 2827 §3)',
      element: 'firewall',
    });
  },
});
