import { randomBytes, randomInt } from 'node:crypto';
import {
  decodeDhcpv6,
  encodeDhcpv6,
  excludedPrefix,
  findOption,
  MESSAGE,
  OPTION,
  type Dhcpv6Message,
  type Dhcpv6Option,
} from '../../protocol/dhcpv6/index.ts';
import { bearerTransport, type Dhcpv6Transport } from './dhcpv6-transport.ts';
import type { UeIpv6Host } from './ipv6-host.ts';

export interface PdClientOptions {
  /** Ask for PD_EXCLUDE in the ORO (RFC 6603 §4.1). */
  pdExclude?: boolean;
  rapidCommit?: boolean;
  /** SOL_TIMEOUT / REQ_TIMEOUT (RFC 8415 §7.6: 1 s) and how many transmissions of each message. */
  timeoutMs?: number;
  attempts?: number;
  signal?: AbortSignal;
  /** The client's DUID (RFC 8415 §11): the same one again is the same client. Default: a fresh DUID-UUID. */
  duid?: Buffer;
  /** The IA_PD's IAID (RFC 8415 §21.21). Default 1. */
  iaid?: number;
}

/** What a Release needs (RFC 8415 §18.2.7): who we are, who delegated, and the IA_PD as delegated. */
export interface PdLease {
  duid: Buffer;
  serverId: Buffer;
  iaPd: Extract<Dhcpv6Option, { code: 25 }>;
}

export type PdOutcome =
  | {
      kind: 'delegated';
      prefix: string;
      length: number;
      /** The prefix PD_EXCLUDE names, if the option came. */
      excluded?: string;
      dnsServers: string[];
      lease: PdLease;
      /** Every message of the exchange, in order (for the report). */
      exchange: Dhcpv6Message[];
    }
  | { kind: 'refused'; status: number; message: string; exchange: Dhcpv6Message[] }
  | { kind: 'no-answer'; stage: 'solicit' | 'request'; exchange: Dhcpv6Message[] };

export type ReleaseOutcome =
  | { kind: 'released'; status: number; message: string; exchange: Dhcpv6Message[] }
  | { kind: 'no-answer'; stage: 'release'; exchange: Dhcpv6Message[] };

/**
 * One client transaction after another over a transport (RFC 8415 §15): each message sent and
 * retransmitted every `timeoutMs` (the RFC's doubling backoff shortened to a fixed interval: the
 * link is one tunnel or one veth) until an answer of the right type with its transaction ID
 * arrives. Undecodable datagrams are dropped, as RFC 8415 §16 has a client drop what it cannot parse.
 */
class Transactions {
  readonly exchange: Dhcpv6Message[] = [];
  private readonly answers: Dhcpv6Message[] = [];
  private wake: (() => void) | undefined;
  private readonly unlisten: () => void;

  constructor(
    private readonly transport: Dhcpv6Transport,
    private readonly o: PdClientOptions,
  ) {
    this.unlisten = transport.listen((data) => {
      try {
        this.answers.push(decodeDhcpv6(data));
      } catch {
        return;
      }
      this.wake?.();
    });
  }

  async transact(
    transactionId: number,
    types: number[],
    build: (elapsed: number) => Dhcpv6Message,
  ): Promise<Dhcpv6Message | undefined> {
    const t0 = performance.now();
    for (let attempt = 0; attempt < (this.o.attempts ?? 3) && !this.o.signal?.aborted; attempt++) {
      const m = build(Math.min(0xffff, Math.round((performance.now() - t0) / 10)));
      this.exchange.push(m);
      this.transport.send(encodeDhcpv6(m));
      const deadline = performance.now() + (this.o.timeoutMs ?? 1000);
      while (performance.now() < deadline && !this.o.signal?.aborted) {
        const i = this.answers.findIndex((a) => a.transactionId === transactionId && types.includes(a.msgType));
        if (i >= 0) {
          const [a] = this.answers.splice(i, 1);
          this.exchange.push(a);
          return a;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, deadline - performance.now());
          this.wake = done;
          function done() {
            clearTimeout(timer);
            resolve();
          }
        });
        this.wake = undefined;
      }
    }
    return undefined;
  }

  close(): void {
    this.unlisten();
  }
}

/**
 * The UE as DHCPv6 requesting router on its PDN connection (TS 23.401 §5.3.1.2.6, after SLAAC):
 * requestPrefixVia over the UE's bearer.
 */
export function requestPrefix(host: UeIpv6Host, o: PdClientOptions = {}): Promise<PdOutcome> {
  return requestPrefixVia(bearerTransport(host), o);
}

/**
 * A requesting router: Solicit with IA_PD to All_DHCP_Relay_Agents_and_Servers (RFC 8415
 * §18.2.1), then Request to the advertising server (§18.2.2), or Reply at once with Rapid Commit
 * (§18.2.1). Its DUID is, unless given, a random DUID-UUID (RFC 6355): no identity.
 */
export async function requestPrefixVia(transport: Dhcpv6Transport, o: PdClientOptions = {}): Promise<PdOutcome> {
  const duid = o.duid ?? Buffer.concat([Buffer.from([0, 4]), randomBytes(16)]);
  const iaid = o.iaid ?? 1;
  const oro: number[] = [OPTION.DNS_SERVERS, ...(o.pdExclude !== false ? [OPTION.PD_EXCLUDE] : [])];
  const tx = new Transactions(transport, o);
  const exchange = tx.exchange;
  const common = (elapsed: number): Dhcpv6Option[] => [
    { code: OPTION.CLIENTID, duid },
    { code: OPTION.ELAPSED_TIME, centiseconds: elapsed },
    { code: OPTION.ORO, requested: oro },
  ];
  try {
    const solicitId = randomInt(0, 1 << 24);
    const first = await tx.transact(solicitId, [MESSAGE.ADVERTISE, MESSAGE.REPLY], (elapsed) => ({
      msgType: MESSAGE.SOLICIT,
      transactionId: solicitId,
      options: [
        ...common(elapsed),
        ...(o.rapidCommit ? [{ code: OPTION.RAPID_COMMIT } as const] : []),
        { code: OPTION.IA_PD, iaid, t1: 0, t2: 0, options: [] },
      ],
    }));
    if (!first) return { kind: 'no-answer', stage: 'solicit', exchange };
    const refusal = statusOf(first);
    if (refusal) return { kind: 'refused', ...refusal, exchange };
    let reply = first;
    if (first.msgType === MESSAGE.ADVERTISE) {
      const server = findOption(first.options, OPTION.SERVERID);
      const ia = findOption(first.options, OPTION.IA_PD);
      if (!server || !ia)
        return {
          kind: 'refused',
          status: -1,
          message: `Advertise without ${server ? 'IA_PD' : 'Server ID'}`,
          exchange,
        };
      const requestId = randomInt(0, 1 << 24);
      const r = await tx.transact(requestId, [MESSAGE.REPLY], (elapsed) => ({
        msgType: MESSAGE.REQUEST,
        transactionId: requestId,
        options: [...common(elapsed), { code: OPTION.SERVERID, duid: server.duid }, ia],
      }));
      if (!r) return { kind: 'no-answer', stage: 'request', exchange };
      const refused = statusOf(r);
      if (refused) return { kind: 'refused', ...refused, exchange };
      reply = r;
    }
    const serverId = findOption(reply.options, OPTION.SERVERID);
    const iaPd = findOption(reply.options, OPTION.IA_PD);
    const prefix = findOption(iaPd?.options ?? [], OPTION.IAPREFIX);
    if (!prefix || !iaPd) return { kind: 'refused', status: -1, message: 'Reply without IAPREFIX', exchange };
    // RFC 8415 §16.10: a Reply without a Server ID is discarded; a Release could not name the server.
    if (!serverId) return { kind: 'refused', status: -1, message: 'Reply without Server ID', exchange };
    const exclude = findOption(prefix.options, OPTION.PD_EXCLUDE);
    let excluded: string | undefined;
    try {
      excluded = exclude
        ? `${excludedPrefix({ prefix: prefix.prefix, length: prefix.prefixLength }, exclude)}/${exclude.prefixLength}`
        : undefined;
    } catch (e) {
      excluded = `invalid PD_EXCLUDE: ${(e as Error).message}`;
    }
    return {
      kind: 'delegated',
      prefix: prefix.prefix,
      length: prefix.prefixLength,
      ...(excluded ? { excluded } : {}),
      dnsServers: findOption(reply.options, OPTION.DNS_SERVERS)?.servers ?? [],
      lease: { duid, serverId: serverId.duid, iaPd },
      exchange,
    };
  } finally {
    tx.close();
  }
}

/**
 * Release (RFC 8415 §18.2.7): the delegated IA_PD handed back to the server that delegated it;
 * the server answers with a Reply whose top-level Status Code says how it went (§18.3.7).
 * REL_TIMEOUT is 1 s and REL_MAX_RC 4 (§7.6) unless `timeoutMs`/`attempts` say otherwise.
 */
export async function releasePrefix(
  transport: Dhcpv6Transport,
  lease: PdLease,
  o: Pick<PdClientOptions, 'timeoutMs' | 'attempts' | 'signal'> = {},
): Promise<ReleaseOutcome> {
  const tx = new Transactions(transport, { attempts: 4, ...o });
  try {
    const id = randomInt(0, 1 << 24);
    const reply = await tx.transact(id, [MESSAGE.REPLY], (elapsed) => ({
      msgType: MESSAGE.RELEASE,
      transactionId: id,
      options: [
        { code: OPTION.CLIENTID, duid: lease.duid },
        { code: OPTION.SERVERID, duid: lease.serverId },
        { code: OPTION.ELAPSED_TIME, centiseconds: elapsed },
        lease.iaPd,
      ],
    }));
    if (!reply) return { kind: 'no-answer', stage: 'release', exchange: tx.exchange };
    // §18.3.7: a Status Code at the top level; its absence means Success (§21.13).
    const status = findOption(reply.options, OPTION.STATUS_CODE);
    return { kind: 'released', status: status?.status ?? 0, message: status?.message ?? '', exchange: tx.exchange };
  } finally {
    tx.close();
  }
}

/** A Status Code other than Success at the top level or in the IA_PD (RFC 8415 §21.13). */
function statusOf(m: Dhcpv6Message): { status: number; message: string } | undefined {
  const top = findOption(m.options, OPTION.STATUS_CODE);
  const inIa = findOption(findOption(m.options, OPTION.IA_PD)?.options ?? [], OPTION.STATUS_CODE);
  const s = top && top.status !== 0 ? top : inIa && inIa.status !== 0 ? inIa : undefined;
  return s ? { status: s.status, message: s.message } : undefined;
}
