import type { PacketRecorder } from '../../net/pcap/index.ts';
import { addressBytes, addressString } from '../../protocol/common/ip-bytes.ts';
import {
  decodeIpPacket,
  echoReplyTo,
  encodeIpPacket,
  icmpv4Packet,
  icmpv6Packet,
  ipPacket,
  udpDatagram,
  type IpPacket,
} from '../../protocol/ip/index.ts';
import { PacketWaiters } from './packet-waiters.ts';
import { ephemeralPort } from './random-ids.ts';

/** How a UE's IP stack reaches the network: one bearer (TS 23.401 §4.7.2) or a PDP context. */
export interface Bearer {
  send(packet: Buffer): void;
  onPacket(listener: (packet: Buffer) => void): void;
}

/** RFC 5952 text of an address, so that any spelling of it matches what the decoder gives. */
const canonical = (a: string) => addressString(addressBytes(a));

/**
 * What a UE's IPv6 and IPv4 stacks share on their bearer: taking packets of their family apart
 * (drop what does not decode; over IPv4 also a bad header checksum, RFC 1122 §3.2.1.2), standing
 * consumers and one-shot waiters for them, answering Echo to an own address (RFC 4443 §4.2, RFC
 * 1122 §3.2.2.6), an Echo of its own and a UDP request/response (e.g. RFC 862 echo) from an
 * ephemeral port (RFC 6335 §6). Datagrams whose checksum fails are not taken (RFC 768).
 */
export abstract class UeIpHost<P extends IpPacket> extends PacketWaiters<P> {
  /** Echo requests this host received and answered. */
  echoRequestsAnswered = 0;

  constructor(
    private readonly bearer: Bearer,
    readonly version: P['version'],
    private readonly recorder?: PacketRecorder,
  ) {
    super();
    bearer.onPacket((raw) => this.receive(raw));
  }

  /** The address this host sends from. */
  abstract get source(): string;
  /** Whether `address` is one of this host's own. */
  protected abstract isOwn(address: string): boolean;

  private receive(raw: Buffer): void {
    this.recorder?.ip(raw);
    let p: IpPacket;
    try {
      p = decodeIpPacket(raw);
    } catch {
      return;
    }
    if (p.version !== this.version || (p.version === 4 && !p.headerChecksumValid)) return;
    if (this.offer(raw, p as P) !== 'unexpected') return;
    const reply = this.isOwn(p.dst) ? echoReplyTo(p) : undefined;
    if (reply) {
      this.echoRequestsAnswered++;
      this.send(reply);
    }
  }

  protected send(p: IpPacket): void {
    this.sendRaw(encodeIpPacket(p));
  }

  /** Sends a whole IP packet up the bearer. */
  sendRaw(raw: Buffer): void {
    this.recorder?.ip(raw);
    this.bearer.send(raw);
  }

  /** Echo (ICMPv6, RFC 4443 §4.1, or ICMP, RFC 792) to `dst`; resolves with the RTT and the reply, or undefined. */
  async ping(
    dst: string,
    identifier: number,
    sequence: number,
    timeoutMs = 2000,
    signal?: AbortSignal,
  ): Promise<{ rttMs: number; reply: P } | undefined> {
    const from = canonical(dst);
    const wait = this.waitFor(
      (p) => {
        const m = p.payload.type === 'icmp' || p.payload.type === 'icmpv6' ? p.payload.message : undefined;
        return p.src === from && m?.type === 'echo-reply' && m.identifier === identifier && m.sequence === sequence;
      },
      timeoutMs,
      signal,
    );
    const t0 = performance.now();
    const request = { type: 'echo-request' as const, identifier, sequence, data: Buffer.from('v6harness') };
    this.send(this.version === 6 ? icmpv6Packet(this.source, dst, request) : icmpv4Packet(this.source, dst, request));
    const reply = await wait;
    return reply ? { rttMs: performance.now() - t0, reply } : undefined;
  }

  /** A UDP request/response; resolves with the answer's data, its source and the RTT, or undefined. */
  async udpRequest(
    dst: string,
    dstPort: number,
    data: Buffer,
    timeoutMs = 2000,
    signal?: AbortSignal,
  ): Promise<{ rttMs: number; data: Buffer; from: string } | undefined> {
    const srcPort = ephemeralPort();
    const from = canonical(dst);
    const wait = this.waitFor(
      (p) =>
        p.src === from &&
        p.payload.type === 'udp' &&
        p.payload.checksumValid === true &&
        p.payload.srcPort === dstPort &&
        p.payload.dstPort === srcPort,
      timeoutMs,
      signal,
    );
    const t0 = performance.now();
    this.send(ipPacket(this.source, dst, udpDatagram(srcPort, dstPort, data)));
    const reply = await wait;
    return reply?.payload.type === 'udp'
      ? { rttMs: performance.now() - t0, data: reply.payload.data, from: reply.src }
      : undefined;
  }
}
