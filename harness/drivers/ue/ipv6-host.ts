import {
  decodeIpv6Packet,
  echoRequest,
  encodeIpv6Packet,
  routerSolicitation,
  type Icmpv6Message,
  type Ipv6Packet,
} from '../../protocol/ipv6/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { addressBytes, addressString } from '../../protocol/udpip/datagram.ts';
import { ephemeralPort } from './random-ids.ts';

/** The /64 of `prefix` with the interface identifier of `iid` (RFC 4291 §2.5.1). */
export function withInterfaceId(prefix: string, iid: string): string {
  const a = addressBytes(prefix);
  addressBytes(iid).copy(a, 8, 8);
  return addressString(a);
}

/**
 * The IPv6 side of a UE on a PDP context / PDN connection (RFC 7066 §2, TS 29.061 §11.2.1.3.2a):
 * link-local address from the network's interface identifier, Router Solicitation with the
 * RFC 4861 §6.3.7 retransmissions, the global address from the RA's /64 (SLAAC, RFC 4862), and
 * ICMPv6 echo through the bearer.
 */
export interface Bearer {
  send(packet: Buffer): void;
  onPacket(listener: (packet: Buffer) => void): void;
}

export type RouterAdvertisement = Extract<Icmpv6Message, { type: 'router-advertisement' }>;

export interface SolicitTimers {
  /** RTR_SOLICITATION_INTERVAL (RFC 4861 §10: 4 s). */
  intervalMs: number;
  /** MAX_RTR_SOLICITATIONS (RFC 4861 §10: 3). */
  maxSolicitations: number;
}

export const RFC4861_TIMERS: SolicitTimers = { intervalMs: 4000, maxSolicitations: 3 };

export class UeIpv6Host {
  private waiters: ((p: Ipv6Packet) => boolean)[] = [];
  private readonly taps = new Set<(raw: Buffer, p: Ipv6Packet) => boolean>();
  /** Packets that arrived and no waiter wanted (for checks on what else the network sent). */
  readonly unexpected: Ipv6Packet[] = [];
  readonly linkLocal: string;
  global?: string;

  constructor(
    private readonly bearer: Bearer,
    /** The interface identifier, as an address in ::/64 (e.g. from the EUA or PDN address). */
    readonly interfaceId: string,
    private readonly recorder?: PacketRecorder,
  ) {
    this.linkLocal = withInterfaceId('fe80::', interfaceId);
    bearer.onPacket((raw) => this.receive(raw));
  }

  private receive(raw: Buffer): void {
    this.recorder?.ip(raw);
    let p: Ipv6Packet;
    try {
      p = decodeIpv6Packet(raw);
    } catch {
      return;
    }
    for (const tap of this.taps) if (tap(raw, p)) return;
    const i = this.waiters.findIndex((w) => w(p));
    if (i >= 0) this.waiters.splice(i, 1);
    else this.unexpected.push(p);
    // RFC 4443 §4.2: every node answers echo to its own unicast addresses.
    const m = p.payload.type === 'icmpv6' ? p.payload.message : undefined;
    if (m?.type === 'echo-request' && (p.dst === this.linkLocal || p.dst === this.global)) {
      this.echoRequestsAnswered++;
      this.send({
        ...p,
        src: p.dst,
        dst: p.src,
        hopLimit: 64,
        extensionHeaders: [],
        payload: {
          type: 'icmpv6',
          message: { type: 'echo-reply', identifier: m.identifier, sequence: m.sequence, data: m.data },
        },
      });
    }
  }

  /** The address this host sends from: the global one once SLAAC gave it, else link-local. */
  get source(): string {
    return this.global ?? this.linkLocal;
  }

  /** Echo requests this host received and answered. */
  echoRequestsAnswered = 0;

  private send(p: Ipv6Packet): void {
    this.sendRaw(encodeIpv6Packet(p));
  }

  /** Sends a whole IPv6 packet up the bearer (e.g. a TCP segment whose checksum is already filled in). */
  sendRaw(raw: Buffer): void {
    this.recorder?.ip(raw);
    this.bearer.send(raw);
  }

  /**
   * A standing consumer of arriving packets, asked before any waiter (a TCP connection takes
   * its segments here, however many arrive at once); returns the function that removes it.
   */
  tap(consumer: (raw: Buffer, p: Ipv6Packet) => boolean): () => void {
    this.taps.add(consumer);
    return () => this.taps.delete(consumer);
  }

  private waitFor(
    match: (p: Ipv6Packet) => boolean,
    ms: number,
    signal?: AbortSignal,
  ): Promise<Ipv6Packet | undefined> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (p?: Ipv6Packet) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(p);
      };
      const waiter = (p: Ipv6Packet) => {
        if (!match(p)) return false;
        finish(p);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        finish();
      }, ms);
      const onAbort = () => finish();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Sends RS until an RA arrives (RFC 4861 §6.3.7); returns it and the number of RS sent, or undefined. */
  async solicitRouter(
    timers: SolicitTimers = RFC4861_TIMERS,
    signal?: AbortSignal,
  ): Promise<{ ra: RouterAdvertisement; packet: Ipv6Packet; solicitations: number } | undefined> {
    for (let n = 1; n <= timers.maxSolicitations; n++) {
      const wait = this.waitFor(
        (p) => p.payload.type === 'icmpv6' && p.payload.message.type === 'router-advertisement',
        timers.intervalMs,
        signal,
      );
      this.send(routerSolicitation(this.linkLocal));
      const p = await wait;
      if (p && p.payload.type === 'icmpv6' && p.payload.message.type === 'router-advertisement') {
        const ra = p.payload.message;
        // RFC 4862 §5.5.3: a /64 with A=1 gives the global address prefix::IID.
        const pio = ra.options.find((o) => o.type === 'prefix-information' && o.autonomous && o.prefixLength === 64);
        if (pio && pio.type === 'prefix-information') this.global = withInterfaceId(pio.prefix, this.interfaceId);
        return { ra, packet: p, solicitations: n };
      }
      if (signal?.aborted) return undefined;
    }
    return undefined;
  }

  /**
   * A UDP request/response exchange (e.g. RFC 862 echo) from the global address and an ephemeral
   * port (RFC 6335 §6: 49152-65535); resolves with the answer's payload and RTT, or undefined.
   */
  async udpRequest(
    dst: string,
    dstPort: number,
    data: Buffer,
    timeoutMs = 2000,
    signal?: AbortSignal,
  ): Promise<{ rttMs: number; data: Buffer; from: string } | undefined> {
    const src = this.global ?? this.linkLocal;
    const srcPort = ephemeralPort();
    const wait = this.waitFor(
      (p) =>
        p.payload.type === 'udp' && p.payload.dstPort === srcPort && p.payload.srcPort === dstPort && p.src === dst,
      timeoutMs,
      signal,
    );
    const t0 = performance.now();
    this.send({
      version: 6,
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: 64,
      src,
      dst,
      extensionHeaders: [],
      payload: { type: 'udp', srcPort, dstPort, data },
    });
    const reply = await wait;
    return reply && reply.payload.type === 'udp'
      ? { rttMs: performance.now() - t0, data: reply.payload.data, from: reply.src }
      : undefined;
  }

  /** ICMPv6 echo to `dst` from the global address (or link-local); resolves with the RTT or undefined. */
  async ping(
    dst: string,
    identifier: number,
    sequence: number,
    timeoutMs = 2000,
    signal?: AbortSignal,
  ): Promise<{ rttMs: number; reply: Ipv6Packet } | undefined> {
    const src = this.global ?? this.linkLocal;
    const wait = this.waitFor(
      (p) =>
        p.payload.type === 'icmpv6' &&
        p.payload.message.type === 'echo-reply' &&
        p.payload.message.identifier === identifier &&
        p.payload.message.sequence === sequence,
      timeoutMs,
      signal,
    );
    const t0 = performance.now();
    this.send(echoRequest(src, dst, identifier, sequence, Buffer.from('v6harness')));
    const reply = await wait;
    return reply ? { rttMs: performance.now() - t0, reply } : undefined;
  }
}
