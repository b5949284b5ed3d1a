import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { firewallFarSide } from './firewall-far-side.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';

/**
 * Inbound connections from the internet to UEs (MNO-INTERNET, IOT-GLOBAL): on a consumer APN the
 * firewall admits only answers to what the UE opened (RFC 6092 §3.2, §3.3: no unsolicited inbound
 * TCP or UDP), over IPv4 and IPv6 alike; a UE on an IoT APN with a global address is reachable
 * from outside, which is what global addressing is for. A host beyond the firewall tries.
 */
export default defineScenario({
  id: 'gateway/firewall-unsolicited-inbound',
  title: 'Unsolicited inbound TCP/UDP: blocked to consumer UEs, allowed to IoT UEs',
  covers: ['MNO-INTERNET', 'IOT-GLOBAL'],
  tags: ['firewall', 'filtering', 'security'],
  needs: ['firewall'],
  params: { ue: ['consumer', 'iot'] },
  timeout: 60,
  async run(ctx) {
    const p = ctx.gateway().firewall;
    const far = firewallFarSide(ctx);
    const iot = ctx.params.ue === 'iot';
    const want = iot ? 'reached' : 'blocked';
    const addresses = iot ? [p.iotUeIpv6] : [p.ueIpv6, p.ueIpv4];
    for (const address of addresses) {
      const family = address.includes(':') ? 'IPv6' : 'IPv4';
      // TCP: a listener on the UE's address; the far host tries to connect.
      const server = createServer((s) => s.destroy());
      const port = await new Promise<number>((resolve) =>
        server.listen(0, address, () => resolve((server.address() as { port: number }).port)),
      );
      const tcp = await far.connect('tcp', address, port, 2000);
      server.close();
      // UDP: a socket on the UE's address; the far host sends one datagram.
      const udp = createSocket(family === 'IPv6' ? 'udp6' : 'udp4');
      const udpPort = await new Promise<number>((resolve) => udp.bind(0, address, () => resolve(udp.address().port)));
      let arrived = false;
      // Waits for the datagram (at once when it gets through), up to 2 s on a busy machine.
      const got = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        udp.once('message', () => {
          arrived = true;
          clearTimeout(timer);
          resolve();
        });
      });
      await far.connect('udp', address, udpPort, 2000);
      await got;
      udp.close();
      const observed = { tcp: tcp === 'connected' ? 'reached' : 'blocked', udp: arrived ? 'reached' : 'blocked' };
      ctx.check(`unsolicited inbound to the ${ctx.params.ue} UE ${address} over ${family}`, {
        expected: { tcp: want, udp: want },
        observed,
        clause: iot ? 'IOT-GLOBAL: IoT UEs use global, reachable addresses' : 'RFC 6092 §3.2, §3.3; MNO-INTERNET',
        element: 'firewall',
      });
    }
  },
});
