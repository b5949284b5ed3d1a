import { icmpv6Echo } from '../../drivers/ipv6-host/index.ts';
import { noRecorder } from '../../net/pcap/index.ts';
import { synthesize, WELL_KNOWN_PREFIX } from '../../protocol/dns/index.ts';
import type { ProbeResult } from './verdict.ts';

/** ICMPv6 Echo (RFC 4443 §4.1) to a node the harness only routes through: a firewall's far side, a NAT64's path. */
export async function icmpv6Probe(dst: string, what: string): Promise<ProbeResult> {
  const out = await icmpv6Echo(dst, noRecorder, new AbortController().signal, { attempts: 3, timeoutMs: 700 });
  if (out.kind === 'reply')
    return { ok: true, detail: `ICMPv6 Echo Reply from ${out.from} (${what}) in ${out.rttMs.toFixed(1)} ms` };
  if (out.kind === 'timeout')
    return { ok: false, detail: `no ICMPv6 Echo Reply from ${dst} (${what}) to ${out.attempts} Echo Requests` };
  return { ok: false, detail: `ICMPv6 Echo to ${dst} could not be sent: ${out.message}` };
}

/**
 * A NAT64 (RFC 7915 §4.2): ICMPv6 Echo to the IPv4-only host under the declared Pref64 and, at the
 * same time, under the well-known 64:ff9b::/96 (RFC 6052 §2.1). The translator answers when either
 * comes back; the line names the prefix that did, so a NAT64 on the other prefix is seen here
 * already (its scenarios then fail naming it, scenarios/gateway/nat64-path.ts).
 */
export async function nat64Probe(declared: string, ipv4: string): Promise<ProbeResult> {
  const what = (p: string) => `${ipv4} through ${p}`;
  const [mine, wellKnown] = await Promise.all(
    [...new Set([declared, WELL_KNOWN_PREFIX])].map((p) => icmpv6Probe(synthesize(p, ipv4), what(p))),
  );
  if (mine.ok) return mine;
  if (wellKnown?.ok)
    return {
      ok: true,
      detail: `${wellKnown.detail}: translated via ${WELL_KNOWN_PREFIX}, declared ${declared} unused (the NAT64 scenarios fail)`,
    };
  return mine;
}
