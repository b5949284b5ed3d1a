import { randomInt } from 'node:crypto';
import { decodeDns, encodeDns, rcodeOf } from '../../protocol/dns/index.ts';
import type { ProbeResult } from './verdict.ts';
import { describeSilence, udpProbe } from './udp-probe.ts';

/**
 * A resolver (DNS64, AAAA filter) is reachable when it answers an SOA query (RFC 1035 §4.1) for
 * the zone the scenarios' names live in, whatever the RCODE: it is there and speaks DNS.
 */
export async function dnsSoa(address: string, port: number, zone: string): Promise<ProbeResult> {
  const id = randomInt(0, 0x10000);
  const query = encodeDns({ type: 'query', id, flags: 0x0100, questions: [{ type: 'SOA', name: zone }] });
  const out = await udpProbe(address, port, query, (m) => m.length >= 12 && m.readUInt16BE(0) === id);
  if (out.kind !== 'answer') return { ok: false, detail: describeSilence(out, `DNS SOA query for ${zone}`) };
  let rcode = '';
  try {
    rcode = rcodeOf(decodeDns(out.message));
  } catch {
    return { ok: false, detail: `answered the SOA query for ${zone} with something that does not decode as DNS` };
  }
  return { ok: true, detail: `DNS answer (${rcode}) to SOA ${zone} in ${out.rttMs.toFixed(1)} ms` };
}
