import { icmpv6Echo } from '../../drivers/ipv6-host/index.ts';
import { noRecorder } from '../../net/pcap/index.ts';
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
