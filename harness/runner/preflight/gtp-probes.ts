import * as gtpv1c from '../../protocol/gtpv1c/index.ts';
import * as gtpv2c from '../../protocol/gtpv2c/index.ts';
import * as pfcp from '../../protocol/pfcp/index.ts';
import type { ProbeResult } from './verdict.ts';
import { describeSilence, udpProbe } from './udp-probe.ts';

/**
 * Path-management probes of the GTP family: GTPv2 Echo (TS 29.274 §7.1.1) for a PGW or SGW,
 * GTPv1 Echo (TS 29.060 §7.2.1) for a GGSN, PFCP Heartbeat (TS 29.244 §7.4.2) for a PGW-U/UPF.
 * Each answer must be the matching response (message type 2, the request's sequence number).
 */
export async function gtpv2Echo(address: string, port: number): Promise<ProbeResult> {
  const request = (seq: number) =>
    gtpv2c.encode({ type: 'echo-request', sequence: seq, ies: [{ ie: 'recovery', instance: 0, restartCounter: 0 }] });
  const out = await udpProbe(address, port, request, (m) => m.length >= 8 && m[0] >> 5 === 2 && m[1] === 2);
  if (out.kind !== 'answer') return { ok: false, detail: describeSilence(out, 'GTPv2 Echo Request') };
  let recovery = '';
  try {
    const ie = gtpv2c.findIe(gtpv2c.decode(out.message), 'recovery');
    if (ie) recovery = `, restart counter ${ie.restartCounter}`;
  } catch {
    return { ok: false, detail: 'answered with a GTPv2 Echo Response that does not decode' };
  }
  return { ok: true, detail: `GTPv2 Echo Response in ${out.rttMs.toFixed(1)} ms${recovery}` };
}

export async function gtpv1Echo(address: string, port: number): Promise<ProbeResult> {
  const request = (seq: number) => gtpv1c.encode({ type: 'echo-request', teid: 0, sequence: seq, ies: [] });
  const out = await udpProbe(address, port, request, (m) => m.length >= 8 && m[0] >> 5 === 1 && m[1] === 2);
  if (out.kind !== 'answer') return { ok: false, detail: describeSilence(out, 'GTPv1 Echo Request') };
  return { ok: true, detail: `GTPv1 Echo Response in ${out.rttMs.toFixed(1)} ms` };
}

export async function pfcpHeartbeat(address: string, port: number): Promise<ProbeResult> {
  const request = (seq: number) =>
    pfcp.encode({ type: 'heartbeat-request', sequence: seq, ies: [pfcp.recoveryTimeStamp(new Date())] });
  const out = await udpProbe(address, port, request, (m) => m.length >= 8 && m[0] >> 5 === 1 && m[1] === 2);
  if (out.kind !== 'answer') return { ok: false, detail: describeSilence(out, 'PFCP Heartbeat Request') };
  return { ok: true, detail: `PFCP Heartbeat Response in ${out.rttMs.toFixed(1)} ms` };
}
