import {
  decodeIcmpv4,
  decodeIpv4Packet,
  icmpv4Packet,
  IPV4_PROTOCOL,
  type Icmpv4Message,
  type Ipv4Packet,
} from '../../protocol/ipv4/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { decodeUdpSegment } from '../../protocol/transport/index.ts';
import { encodeUdpPacket } from '../../protocol/udpip/datagram.ts';
import type { Bearer } from './ipv6-host.ts';
import { ephemeralPort } from './random-ids.ts';

/**
 * The IPv4 side of a UE on a PDN connection of PDN type IPv4 or IPv4v6 (TS 23.401 §5.3.1.1): its
 * one address is the PAA's IPv4 address (TS 29.274 §8.14), known from attach, so there is no
 * address configuration on the bearer; ICMP echo (RFC 792), a UDP request/response and, through
 * tcp-client.ts, TCP, all from that address. It answers echo to its own address (RFC 1122
 * §3.2.2.6). Packets with a bad header checksum are dropped (RFC 1122 §3.2.1.2).
 */
export class UeIpv4Host {
  private waiters: ((p: Ipv4Packet) => boolean)[] = [];
  private readonly taps = new Set<(raw: Buffer, p: Ipv4Packet) => boolean>();
  /** Packets that arrived and no waiter or tap wanted. */
  readonly unexpected: Ipv4Packet[] = [];
  echoRequestsAnswered = 0;

  constructor(
    private readonly bearer: Bearer,
    /** The PAA's IPv4 address. */
    readonly address: string,
    private readonly recorder?: PacketRecorder,
  ) {
    bearer.onPacket((raw) => this.receive(raw));
  }

  get source(): string {
    return this.address;
  }

  private receive(raw: Buffer): void {
    this.recorder?.ip(raw);
    let p: Ipv4Packet;
    try {
      p = decodeIpv4Packet(raw);
    } catch {
      return;
    }
    if (!p.headerChecksumValid) return;
    for (const tap of this.taps) if (tap(raw, p)) return;
    const i = this.waiters.findIndex((w) => w(p));
    if (i >= 0) {
      this.waiters.splice(i, 1);
      return;
    }
    this.unexpected.push(p);
    const m = icmpOf(p);
    if (m?.type === 'echo-request' && p.dst === this.address) {
      this.echoRequestsAnswered++;
      this.sendRaw(
        icmpv4Packet(this.address, p.src, {
          type: 'echo-reply',
          identifier: m.identifier,
          sequence: m.sequence,
          data: m.data,
        }),
      );
    }
  }

  /** Sends a whole IPv4 packet up the bearer. */
  sendRaw(raw: Buffer): void {
    this.recorder?.ip(raw);
    this.bearer.send(raw);
  }

  /** A standing consumer of arriving packets, asked before any waiter; returns its remover. */
  tap(consumer: (raw: Buffer, p: Ipv4Packet) => boolean): () => void {
    this.taps.add(consumer);
    return () => this.taps.delete(consumer);
  }

  private waitFor(
    match: (p: Ipv4Packet) => boolean,
    ms: number,
    signal?: AbortSignal,
  ): Promise<Ipv4Packet | undefined> {
    return new Promise((resolve) => {
      const finish = (p?: Ipv4Packet) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(p);
      };
      const waiter = (p: Ipv4Packet) => {
        if (!match(p)) return false;
        finish(p);
        return true;
      };
      const timer = setTimeout(() => finish(), ms);
      const onAbort = () => finish();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** ICMP echo (RFC 792) to `dst`; resolves with the RTT, or undefined. */
  async ping(
    dst: string,
    identifier: number,
    sequence: number,
    timeoutMs = 2000,
    signal?: AbortSignal,
  ): Promise<{ rttMs: number } | undefined> {
    const wait = this.waitFor(
      (p) => {
        const m = icmpOf(p);
        return p.src === dst && m?.type === 'echo-reply' && m.identifier === identifier && m.sequence === sequence;
      },
      timeoutMs,
      signal,
    );
    const t0 = performance.now();
    this.sendRaw(
      icmpv4Packet(this.address, dst, { type: 'echo-request', identifier, sequence, data: Buffer.from('v6harness') }),
    );
    return (await wait) ? { rttMs: performance.now() - t0 } : undefined;
  }

  /** A UDP request/response (e.g. RFC 862 echo) from an ephemeral port (RFC 6335 §6). */
  async udpRequest(
    dst: string,
    dstPort: number,
    data: Buffer,
    timeoutMs = 2000,
    signal?: AbortSignal,
  ): Promise<{ rttMs: number; data: Buffer } | undefined> {
    const srcPort = ephemeralPort();
    let answer: Buffer | undefined;
    const wait = this.waitFor(
      (p) => {
        if (p.protocol !== IPV4_PROTOCOL.UDP || p.src !== dst) return false;
        try {
          const u = decodeUdpSegment(p.payload, p.src, p.dst);
          if (u.srcPort !== dstPort || u.dstPort !== srcPort || !u.checksumValid) return false;
          answer = u.data;
          return true;
        } catch {
          return false;
        }
      },
      timeoutMs,
      signal,
    );
    const t0 = performance.now();
    this.sendRaw(
      encodeUdpPacket({
        src: { address: this.address, port: srcPort },
        dst: { address: dst, port: dstPort },
        payload: data,
      }),
    );
    return (await wait) && answer ? { rttMs: performance.now() - t0, data: answer } : undefined;
  }
}

function icmpOf(p: Ipv4Packet): Icmpv4Message | undefined {
  if (p.protocol !== IPV4_PROTOCOL.ICMP) return undefined;
  try {
    return decodeIcmpv4(p.payload);
  } catch {
    return undefined;
  }
}
