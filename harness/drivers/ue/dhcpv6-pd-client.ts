import { randomBytes, randomInt } from 'node:crypto';
import { ALL_DHCP_RELAY_AGENTS_AND_SERVERS, decodeDhcpv6, DHCPV6_CLIENT_PORT, DHCPV6_SERVER_PORT, encodeDhcpv6, excludedPrefix, findOption, MESSAGE, OPTION, type Dhcpv6Message, type Dhcpv6Option } from '../../protocol/dhcpv6/index.ts';
import { encodeIpv6Packet } from '../../protocol/ipv6/index.ts';
import type { UeIpv6Host } from './ipv6-host.ts';

export interface PdClientOptions {
  /** Ask for PD_EXCLUDE in the ORO (RFC 6603 §4.1). */
  pdExclude?: boolean;
  rapidCommit?: boolean;
  /** SOL_TIMEOUT / REQ_TIMEOUT (RFC 8415 §7.6: 1 s) and how many transmissions of each message. */
  timeoutMs?: number;
  attempts?: number;
  signal?: AbortSignal;
}

export type PdOutcome =
  | {
      kind: 'delegated';
      prefix: string;
      length: number;
      /** The prefix PD_EXCLUDE names, if the option came. */
      excluded?: string;
      dnsServers: string[];
      /** Every message of the exchange, in order (for the report). */
      exchange: Dhcpv6Message[];
    }
  | { kind: 'refused'; status: number; message: string; exchange: Dhcpv6Message[] }
  | { kind: 'no-answer'; stage: 'solicit' | 'request'; exchange: Dhcpv6Message[] };

/**
 * The UE as DHCPv6 requesting router on its PDN connection (TS 23.401 §5.3.1.2.6, after SLAAC):
 * Solicit with IA_PD from its link-local address to All_DHCP_Relay_Agents_and_Servers (RFC 8415
 * §18.2.1), then Request to the advertising server (§18.2.2), or Reply at once with Rapid Commit
 * (§18.2.1); retransmitted every `timeoutMs` (the RFC's doubling backoff shortened to a fixed
 * interval: the link is one tunnel). Its DUID is a random DUID-UUID (RFC 6355): no identity.
 */
export async function requestPrefix(host: UeIpv6Host, o: PdClientOptions = {}): Promise<PdOutcome> {
  const duid = Buffer.concat([Buffer.from([0, 4]), randomBytes(16)]);
  const iaid = 1;
  const oro: number[] = [OPTION.DNS_SERVERS, ...(o.pdExclude !== false ? [OPTION.PD_EXCLUDE] : [])];
  const exchange: Dhcpv6Message[] = [];
  const answers: Dhcpv6Message[] = [];
  let wake: (() => void) | undefined;
  const untap = host.tap((_raw, p) => {
    if (p.payload.type !== 'udp' || p.payload.dstPort !== DHCPV6_CLIENT_PORT || p.payload.srcPort !== DHCPV6_SERVER_PORT) return false;
    try {
      answers.push(decodeDhcpv6(p.payload.data));
    } catch {
      return true; // undecodable: dropped, as RFC 8415 §16 has a client drop what it cannot parse
    }
    wake?.();
    return true;
  });
  const send = (m: Dhcpv6Message) => {
    exchange.push(m);
    host.sendRaw(encodeIpv6Packet({ version: 6, trafficClass: 0, flowLabel: 0, hopLimit: 1, src: host.linkLocal, dst: ALL_DHCP_RELAY_AGENTS_AND_SERVERS, extensionHeaders: [], payload: { type: 'udp', srcPort: DHCPV6_CLIENT_PORT, dstPort: DHCPV6_SERVER_PORT, data: encodeDhcpv6(m) } }));
  };
  const awaitAnswer = async (transactionId: number, types: number[], build: (elapsed: number) => Dhcpv6Message): Promise<Dhcpv6Message | undefined> => {
    const t0 = performance.now();
    for (let attempt = 0; attempt < (o.attempts ?? 3) && !o.signal?.aborted; attempt++) {
      send(build(Math.min(0xffff, Math.round((performance.now() - t0) / 10))));
      const deadline = performance.now() + (o.timeoutMs ?? 1000);
      while (performance.now() < deadline && !o.signal?.aborted) {
        const i = answers.findIndex((a) => a.transactionId === transactionId && types.includes(a.msgType));
        if (i >= 0) {
          const [a] = answers.splice(i, 1);
          exchange.push(a);
          return a;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, deadline - performance.now());
          function done() {
            clearTimeout(timer);
            wake = undefined;
            resolve();
          }
          wake = done;
        });
      }
    }
    return undefined;
  };
  const common = (elapsed: number): Dhcpv6Option[] => [{ code: OPTION.CLIENTID, duid }, { code: OPTION.ELAPSED_TIME, centiseconds: elapsed }, { code: OPTION.ORO, requested: oro }];
  try {
    const solicitId = randomInt(0, 1 << 24);
    const first = await awaitAnswer(solicitId, [MESSAGE.ADVERTISE, MESSAGE.REPLY], (elapsed) => ({
      msgType: MESSAGE.SOLICIT,
      transactionId: solicitId,
      options: [...common(elapsed), ...(o.rapidCommit ? [{ code: OPTION.RAPID_COMMIT } as const] : []), { code: OPTION.IA_PD, iaid, t1: 0, t2: 0, options: [] }],
    }));
    if (!first) return { kind: 'no-answer', stage: 'solicit', exchange };
    const refusal = statusOf(first);
    if (refusal) return { kind: 'refused', ...refusal, exchange };
    let reply = first;
    if (first.msgType === MESSAGE.ADVERTISE) {
      const server = findOption(first.options, OPTION.SERVERID);
      const ia = findOption(first.options, OPTION.IA_PD);
      if (!server || !ia) return { kind: 'refused', status: -1, message: `Advertise without ${server ? 'IA_PD' : 'Server ID'}`, exchange };
      const requestId = randomInt(0, 1 << 24);
      const r = await awaitAnswer(requestId, [MESSAGE.REPLY], (elapsed) => ({ msgType: MESSAGE.REQUEST, transactionId: requestId, options: [...common(elapsed), { code: OPTION.SERVERID, duid: server.duid }, ia] }));
      if (!r) return { kind: 'no-answer', stage: 'request', exchange };
      const refused = statusOf(r);
      if (refused) return { kind: 'refused', ...refused, exchange };
      reply = r;
    }
    const prefix = findOption(findOption(reply.options, OPTION.IA_PD)?.options ?? [], OPTION.IAPREFIX);
    if (!prefix) return { kind: 'refused', status: -1, message: 'Reply without IAPREFIX', exchange };
    const exclude = findOption(prefix.options, OPTION.PD_EXCLUDE);
    let excluded: string | undefined;
    try {
      excluded = exclude ? `${excludedPrefix({ prefix: prefix.prefix, length: prefix.prefixLength }, exclude)}/${exclude.prefixLength}` : undefined;
    } catch (e) {
      excluded = `invalid PD_EXCLUDE: ${(e as Error).message}`;
    }
    return { kind: 'delegated', prefix: prefix.prefix, length: prefix.prefixLength, ...(excluded ? { excluded } : {}), dnsServers: findOption(reply.options, OPTION.DNS_SERVERS)?.servers ?? [], exchange };
  } finally {
    untap();
  }
}

/** A Status Code other than Success at the top level or in the IA_PD (RFC 8415 §21.13). */
function statusOf(m: Dhcpv6Message): { status: number; message: string } | undefined {
  const top = findOption(m.options, OPTION.STATUS_CODE);
  const inIa = findOption(findOption(m.options, OPTION.IA_PD)?.options ?? [], OPTION.STATUS_CODE);
  const s = top && top.status !== 0 ? top : inIa && inIa.status !== 0 ? inIa : undefined;
  return s ? { status: s.status, message: s.message } : undefined;
}
