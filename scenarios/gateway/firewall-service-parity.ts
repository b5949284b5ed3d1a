import { tcpEcho, udpEcho } from '../../harness/drivers/ipv6-host/index.ts';
import { firewallFarSide } from './firewall-far-side.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';

/**
 * Service filtering parity (MNO-INTERNET): every service the operator blocks from UEs is blocked
 * over IPv6 exactly as over IPv4, and every allowed one passes over both. The same rule list is
 * exercised over both families against the server behind the firewall; any difference is a
 * failure (an IPv4-only rule set is the classic hole when IPv6 is switched on). The traffic's
 * IPv6 share is reported (item MEASURE).
 */
type Verdict = 'allowed' | 'blocked';

export default defineScenario({
  id: 'gateway/firewall-service-parity',
  title: 'Blocked and allowed services behave the same over IPv4 and IPv6',
  covers: ['MNO-INTERNET', 'MNO-GATEWAY', 'MEASURE'],
  tags: ['firewall', 'filtering'],
  needs: ['firewall'],
  timeout: 60,
  async run(ctx) {
    firewallFarSide(ctx);
    const p = ctx.gateway().firewall;
    const bytes = { 4: 0, 6: 0 };
    const connections = { 4: 0, 6: 0 };
    const services = [
      ...p.blocked.map((s) => ({ ...s, want: 'blocked' as Verdict })),
      ...p.allowed.map((s) => ({ ...s, want: 'allowed' as Verdict })),
    ];
    for (const s of services) {
      const seen: Record<4 | 6, Verdict> = { 4: 'blocked', 6: 'blocked' };
      for (const family of [4, 6] as const) {
        const dst = family === 6 ? p.serverIpv6 : p.serverIpv4;
        if (s.protocol === 'tcp') {
          const out = await tcpEcho(dst, s.port, ctx.signal, { timeoutMs: 2000, size: 1000 });
          if (out.kind === 'echoed') {
            seen[family] = 'allowed';
            bytes[family] += 2 * out.bytes;
            connections[family]++;
          }
        } else {
          const out = await udpEcho(dst, s.port, ctx.recorder, ctx.signal, { attempts: 2, timeoutMs: 700 });
          if (out.kind === 'reply') {
            seen[family] = 'allowed';
            bytes[family] += 2 * 64;
            connections[family]++;
          }
        }
      }
      const hole = seen[4] !== seen[6] ? ` (${seen[4]} over IPv4 but ${seen[6]} over IPv6)` : '';
      ctx.check(`${s.protocol.toUpperCase()} ${s.port} is ${s.want} over IPv4 and IPv6${hole}`, {
        expected: { ipv4: s.want, ipv6: s.want },
        observed: { ipv4: seen[4], ipv6: seen[6] },
        clause: 'MNO-INTERNET: one filtering policy for both families',
        element: 'firewall',
      });
    }
    const total = bytes[4] + bytes[6];
    ctx.metric('ipv6_share_bytes', total ? (100 * bytes[6]) / total : 0, '%');
    const n = connections[4] + connections[6];
    ctx.metric('ipv6_share_connections', n ? (100 * connections[6]) / n : 0, '%');
  },
});
