import { createHash } from 'node:crypto';
import * as hdr from 'hdr-histogram-js';
import type { PacketRecorder } from '../net/pcap/index.ts';
import { encodeRadius, responseAuthenticatorValid, type RadiusAttribute } from '../protocol/radius/index.ts';
import { openUdpSocket, type UdpSocketLike } from '../net/udp-socket/index.ts';
import { pacedRequests } from './paced-requests.ts';
import type { TrialResult } from './throughput-search.ts';

/**
 * RADIUS accounting transaction rate (MNO-BACKEND "AAA ... transaction rates"): the harness as a
 * NAS (a PGW, TS 29.061 §16) sends Accounting-Request Interim-Update (RFC 2866 §5.1, RFC 2869
 * §5.3) at a fixed rate for a fixed time, each for a new session with its own /64 as
 * Framed-IPv6-Prefix, a Delegated-IPv6-Prefix, NAS-IPv6-Address and Framed-Interface-Id (RFC 3162,
 * RFC 4818); a transaction counts when its Accounting-Response comes within the timeout with a
 * valid Response Authenticator (RFC 2866 §3). Latencies of the counted ones go to a histogram.
 *
 * The Identifier is one octet (RFC 2865 §3): a source port has at most 256 requests in flight, so
 * requests are spread over PORTS sockets; a request finding no free (port, Identifier) is not sent
 * and counts as failed (that many outstanding is far beyond any timeout at a testable rate).
 * Each request is a template with the session number and prefix written in and the authenticator
 * computed (one MD5), so the NAS side costs microseconds per request.
 */
export interface RadiusRateOptions {
  server: { address: string; port: number };
  localAddress: string;
  secret: string;
  /** The NAS's own address as it names itself (NAS-IPv6-Address). */
  nasAddress: string;
  /** A /48 (its first 6 octets are kept) from which each request's /64 is numbered. */
  prefixBase: string;
  apn: string;
  timeoutMs: number;
  recorder: PacketRecorder;
  /** Requests (and answers) of each trial written to the pcap; the rest are only counted. */
  recordFirst?: number;
}

export interface RadiusTrial extends TrialResult {
  /**
   * Answers by verdict: `answered` (valid, in time), `late`, `stale` (the answer to an earlier request on a
   * reused Identifier, after its timeout), `bad-authenticator`, `unmatched`, `no-identifier-free`.
   */
  verdicts: Record<string, number>;
  latencyUs: hdr.Histogram;
}

const PORTS = 16;
const SLOTS = PORTS * 256;
const MAX_PER_TICK = 2000;
/** Acct-Session-Id: 16 hex digits, the request's number. */
const SESSION_ID_LENGTH = 16;
const HEX = Buffer.from('0123456789abcdef');

interface Template {
  packet: Buffer;
  sessionIdAt: number;
  /** Where octets 6-7 of the /64 (its subnet number within the /48) are. */
  prefixAt: number;
}

/** The request template: encoded once by the RADIUS codec, then the variable fields located. */
export function accountingTemplate(
  o: Pick<RadiusRateOptions, 'secret' | 'nasAddress' | 'prefixBase' | 'apn'>,
): Template {
  const marker = 'f'.repeat(SESSION_ID_LENGTH);
  const base = o.prefixBase.split('/')[0];
  const attributes: RadiusAttribute[] = [
    ['Acct-Status-Type', 'Interim-Update'],
    ['Acct-Session-Id', marker],
    ['NAS-IPv6-Address', o.nasAddress],
    ['Called-Station-Id', o.apn],
    ['Framed-IPv6-Prefix', `${base}/64`],
    ['Delegated-IPv6-Prefix', `${base}/56`],
    ['Framed-Interface-Id', '::1'],
    ['Acct-Input-Octets', 1000],
    ['Acct-Output-Octets', 2000],
    ['Acct-Session-Time', 60],
  ];
  const packet = encodeRadius({ code: 'Accounting-Request', identifier: 0, secret: o.secret, attributes });
  const at = (type: number, value: Buffer): number => {
    // Attributes start after the 20-octet header: type, length, value (RFC 2865 §5).
    for (let i = 20; i + 2 <= packet.length; i += packet[i + 1]) {
      if (packet[i] === type && packet.subarray(i + 2, i + packet[i + 1]).equals(value)) return i + 2;
      if (packet[i + 1] < 2) break;
    }
    throw new Error(`RADIUS template: attribute ${type} not found`);
  };
  const sessionIdAt = at(44, Buffer.from(marker)); // Acct-Session-Id (RFC 2866 §5.5)
  const framedAt = packet.indexOf(Buffer.from([97, 12, 0, 64])); // Framed-IPv6-Prefix /64: 8 prefix octets (RFC 3162 §2.3)
  if (framedAt < 20) throw new Error('RADIUS template: Framed-IPv6-Prefix not found');
  return { packet, sessionIdAt, prefixAt: framedAt + 4 + 6 };
}

export class RadiusTransactionRate {
  private readonly sockets: UdpSocketLike[] = [];
  private readonly template: Template;
  private readonly sentAt = new Float64Array(SLOTS);
  private readonly inFlight = new Uint8Array(SLOTS);
  private readonly authenticators = Buffer.alloc(SLOTS * 16);
  /** The Request Authenticator each slot had before its last reuse: a late answer to that request is stale, not forged. */
  private readonly previous = Buffer.alloc(SLOTS * 16);
  private readonly free: number[] = [];
  private next = 0;
  private trialState?: {
    received: number;
    verdicts: Record<string, number>;
    hist: hdr.Histogram;
    outstanding: number;
    recorded: number;
  };

  /**
   * One request buffer per slot, rewritten only when the slot is reused (after its answer, or after
   * a trial's timeout), so nothing is allocated per request.
   */
  private readonly packets: Buffer[];

  constructor(private readonly o: RadiusRateOptions) {
    this.template = accountingTemplate(o);
    this.packets = Array.from({ length: SLOTS }, () => Buffer.from(this.template.packet));
  }

  async open(): Promise<void> {
    for (let p = 0; p < PORTS; p++) {
      this.sockets.push(
        await openUdpSocket({ address: this.o.localAddress, port: 0, recvBufferSize: 4 * 1024 * 1024 }, (msg, from) =>
          this.onAnswer(p, msg, from),
        ),
      );
    }
    for (let s = 0; s < SLOTS; s++) this.free.push(s);
  }

  private onAnswer(port: number, msg: Buffer, from: { address: string; port: number }): void {
    const t = this.trialState;
    if (!t) return;
    const count = (k: string) => (t.verdicts[k] = (t.verdicts[k] ?? 0) + 1);
    // Code 5 = Accounting-Response (RFC 2866 §4.2).
    const slot = port * 256 + msg[1];
    if (msg.length < 20 || msg[0] !== 5 || !this.inFlight[slot]) {
      count('unmatched');
      return;
    }
    const now = performance.now();
    if (t.recorded < (this.o.recordFirst ?? 20) * 2) {
      t.recorded++;
      this.o.recorder.udp(from, this.sockets[port].address(), msg);
    }
    if (!responseAuthenticatorValid(msg, this.authenticators.subarray(slot * 16, slot * 16 + 16), this.o.secret)) {
      count(
        responseAuthenticatorValid(msg, this.previous.subarray(slot * 16, slot * 16 + 16), this.o.secret)
          ? 'stale'
          : 'bad-authenticator',
      );
      return; // RFC 2866 §3: not an answer; the request stays in flight until its timeout
    }
    this.inFlight[slot] = 0;
    this.free.push(slot);
    t.outstanding--;
    const rtt = now - this.sentAt[slot];
    if (rtt > this.o.timeoutMs) {
      count('late');
      return;
    }
    count('answered');
    t.received++;
    t.hist.recordValue(Math.max(1, Math.round(rtt * 1000)));
  }

  /** Writes request `n` into the template for `slot` and signs it (RFC 2866 §3 Request Authenticator). */
  private build(slot: number, n: number): Buffer {
    const buf = this.packets[slot];
    buf[1] = slot & 0xff;
    // Acct-Session-Id: n in SESSION_ID_LENGTH lowercase hex digits, written in place.
    for (let i = SESSION_ID_LENGTH - 1, v = n; i >= 0; i--, v = Math.floor(v / 16))
      buf[this.template.sessionIdAt + i] = HEX[v % 16];
    buf.writeUInt16BE(n & 0xffff, this.template.prefixAt);
    buf.fill(0, 4, 20);
    const auth = createHash('md5').update(buf).update(this.o.secret).digest();
    auth.copy(buf, 4);
    this.authenticators.copy(this.previous, slot * 16, slot * 16, slot * 16 + 16);
    auth.copy(this.authenticators, slot * 16);
    return buf;
  }

  /** Offers `ratePps` requests a second for `durationMs`, then waits out the timeout. */
  async trial(ratePps: number, durationMs: number, signal?: AbortSignal): Promise<RadiusTrial> {
    if (this.sockets.length === 0) throw new Error('RadiusTransactionRate is not open');
    const hist = hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 60_000_000,
      numberOfSignificantValueDigits: 3,
    });
    const t: NonNullable<RadiusTransactionRate['trialState']> = {
      received: 0,
      verdicts: {},
      hist,
      outstanding: 0,
      recorded: 0,
    };
    // Whatever is still in flight from an earlier trial is forgotten: its slots are free again.
    this.inFlight.fill(0);
    this.free.length = 0;
    for (let s = 0; s < SLOTS; s++) this.free.push(s);
    this.trialState = t;
    const { offered, offeredPps } = await pacedRequests({
      ratePps,
      durationMs,
      timeoutMs: this.o.timeoutMs,
      maxPerStep: MAX_PER_TICK,
      signal,
      outstanding: () => t.outstanding,
      send: (now) => {
        const slot = this.free.pop();
        if (slot === undefined) {
          t.verdicts['no-identifier-free'] = (t.verdicts['no-identifier-free'] ?? 0) + 1;
          return;
        }
        const buf = this.build(slot, this.next++);
        const socket = this.sockets[slot >> 8];
        this.sentAt[slot] = now;
        this.inFlight[slot] = 1;
        t.outstanding++;
        if (t.recorded < (this.o.recordFirst ?? 20) * 2) {
          t.recorded++;
          this.o.recorder.udp(socket.address(), this.o.server, buf);
        }
        socket.send(buf, this.o.server.port, this.o.server.address);
      },
    });
    this.trialState = undefined;
    // A request that could not be sent was offered and failed: the search counts it lost.
    return { sent: offered, received: t.received, offeredPps, verdicts: t.verdicts, latencyUs: hist };
  }

  async close(): Promise<void> {
    const all = this.sockets.splice(0);
    await Promise.all(all.map((s) => s.close()));
  }
}
