import { isIP } from 'node:net';
import { DEFAULT_PORT, defaultPort, elementKind } from '../../lab/element-kinds.ts';
import type { Target, TargetElement } from '../../lab/index.ts';
import { zoneOrigin } from '../../lab/docker/real/zone.ts';
import { openExternalFirewall } from '../../lab/external/external-firewall.ts';
import { synthesize } from '../../protocol/dns/index.ts';
import { diameterCer } from './diameter-probe.ts';
import { dnsSoa } from './dns-probe.ts';
import { gtpv1Echo, gtpv2Echo, pfcpHeartbeat } from './gtp-probes.ts';
import { icmpv6Probe, nat64Probe } from './icmp-probe.ts';
import { radiusProbe } from './radius-probe.ts';
import { sbiProbe } from './sbi-probe.ts';
import { formatVerdict, type ProbeResult, type Verdict } from './verdict.ts';

/**
 * Pre-flight (ARCHITECTURE.md, `target check`): one protocol-level probe per external element
 * (GTPv2 Echo, GTPv1 Echo, PFCP Heartbeat, an SMF's HTTP/2 SETTINGS and Nsmf request, Diameter
 * CER/DWR, RADIUS Status-Server, DNS SOA, ICMPv6 Echo), all at once, each over in a few seconds: an element that does not answer is found in
 * seconds, once, instead of by every scenario's timeouts. Stand-ins are not probed (the lab
 * starts and checks them itself).
 */
type External = Extract<TargetElement, { kind: 'external' }>;

const bracket = (a: string, port: number) => (isIP(a) === 6 ? `[${a}]:${port}` : `${a}:${port}`);

function probeOf(name: string, el: External, target: Target): { where: string; run: () => Promise<ProbeResult> } {
  const port = el.port ?? defaultPort(name);
  const at = bracket(el.address, port);
  switch (elementKind(name)) {
    case 'gtpv2':
      return { where: at, run: () => gtpv2Echo(el.address, port) };
    case 'gtpv1':
      return { where: at, run: () => gtpv1Echo(el.address, port) };
    case 'pfcp':
      return { where: at, run: () => pfcpHeartbeat(el.address, port) };
    case 'sbi': {
      // An SMF: N11 (h2c) always; its N4 as well where the target declares it.
      const n4 = el.n4Address ? { address: el.n4Address, port: el.n4Port ?? DEFAULT_PORT.pfcp } : undefined;
      if (!n4) return { where: at, run: () => sbiProbe(el.address, port) };
      return {
        where: `${at}, N4 ${bracket(n4.address, n4.port)}`,
        run: async () => {
          const [n11, hb] = await Promise.all([sbiProbe(el.address, port), pfcpHeartbeat(n4.address, n4.port)]);
          return { ok: n11.ok && hb.ok, detail: `N11: ${n11.detail}; N4: ${hb.detail}` };
        },
      };
    }
    case 'diameter':
      return { where: at, run: () => diameterCer(el.address, port, el.diameterRealm ?? 'v6harness.example') };
    case 'radius':
      return { where: at, run: () => radiusProbe(el.address, port, el.secret) };
    case 'dns':
      return { where: at, run: () => dnsSoa(el.address, port, zoneOrigin(target.gateway)) };
    case 'nat64': {
      // Through the translator: the IPv4-only host's address under the declared Pref64 (RFC 6052 §2.2).
      const host = target.internet?.ipv4Only;
      if (!host) return { where: el.address, run: () => icmpv6Probe(el.address, 'the translator') };
      const dst = synthesize(target.gateway.nat64Prefix, host);
      return { where: dst, run: () => nat64Probe(target.gateway.nat64Prefix, host) };
    }
    case 'firewall':
      if (el.inside || el.outside) {
        // Its far side: the harness's server behind it, through it (echo must pass, RFC 4890 §4.3.1).
        const server = target.gateway.firewall.serverIpv6;
        return {
          where: `${server} via ${el.address}`,
          run: async () => {
            const sides = await openExternalFirewall(name, el, target.gateway.firewall);
            try {
              return await icmpv6Probe(server, 'the server on its far side');
            } finally {
              await sides.close();
            }
          },
        };
      }
      return { where: el.address, run: () => icmpv6Probe(el.address, 'the node itself') };
    case 'ip-node':
      return { where: el.address, run: () => icmpv6Probe(el.address, 'the node itself') };
    default:
      return {
        where: at,
        run: async () => ({ ok: true, unchecked: true, detail: 'not probed: no probe for this kind of element' }),
      };
  }
}

/** Probes the external elements among `names` (all of the target's when absent), in parallel. */
export async function preflight(target: Target, names?: readonly string[]): Promise<Verdict[]> {
  const chosen = Object.entries(target.elements).filter(
    ([name, el]) => el.kind === 'external' && (!names || names.includes(name)),
  ) as [string, External][];
  return Promise.all(
    chosen.map(async ([name, el]) => {
      const { where, run } = probeOf(name, el, target);
      const t0 = performance.now();
      const result = await run().catch((e: unknown) => ({
        ok: false,
        detail: `probe failed: ${e instanceof Error ? e.message : String(e)}`,
      }));
      return { element: name, where, ms: performance.now() - t0, ...result };
    }),
  );
}

export function formatVerdicts(verdicts: readonly Verdict[]): string[] {
  const width = Math.max(0, ...verdicts.map((v) => v.element.length));
  const whereWidth = Math.max(0, ...verdicts.map((v) => v.where.length));
  return verdicts.map((v) => formatVerdict(v, width, whereWidth));
}
