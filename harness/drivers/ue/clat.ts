import { extract, synthesize } from '../../protocol/dns/rfc6052.ts';
import { encodeIcmpv4, encodeIpv4Packet } from '../../protocol/ipv4/index.ts';
import { decodeIpv4Packet, type Ipv4Packet, type Ipv6Packet } from '../../protocol/ipv6/index.ts';
import { ipv4UpperChecksum, translate4to6, translate6to4 } from '../../protocol/siit/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import type { UeIpv6Host } from './ipv6-host.ts';
import { ephemeralPort } from './random-ids.ts';

/** RFC 7335: the IPv4 Service Continuity Prefix 192.0.0.0/29; the CLAT's host side takes 192.0.0.2 (RFC 6877 §6.3 leaves the choice). */
export const CLAT_IPV4 = '192.0.0.2';

export interface ClatOptions {
  /** The PLAT's Pref64::/n, learned from the RA (RFC 8781) or by RFC 7050 discovery. */
  pref64: string;
  /** The CLAT's own IPv6 address: an interface identifier of its own in the PDN connection's /64. */
  address: string;
}

/**
 * The customer-side translator of 464XLAT (RFC 6877) in the UE model: an IPv4-only application
 * on the UE sends from 192.0.0.2; the CLAT translates statelessly (RFC 7915, RFC 6145's successor)
 * to IPv6 from its own address to Pref64::dst (RFC 6052), over the IPv6-only bearer, and
 * translates answers from Pref64::src back. It records what it had to drop, and why.
 */
export class Clat {
  private readonly waiting: ((p: Ipv4Packet) => boolean)[] = [];
  readonly dropped: string[] = [];
  private readonly untap: () => void;

  constructor(
    private readonly host: UeIpv6Host,
    readonly options: ClatOptions,
    /** Records the application's IPv4 packets too, next to their IPv6 translations. */
    private readonly recorder?: PacketRecorder,
  ) {
    this.untap = host.tap((raw, p) => {
      if (p.dst !== options.address) return false;
      const src4 = extract(options.pref64, p.src);
      if (!src4) {
        this.dropped.push(`from ${p.src}${icmpv6Error(p)}: not in Pref64 ${options.pref64}`);
        return true;
      }
      const t = translate6to4(raw, src4, CLAT_IPV4);
      if (!t.ok) {
        this.dropped.push(`from ${p.src}: ${t.reason}`);
        return true;
      }
      this.recorder?.ip(t.packet);
      const v4 = decodeIpv4Packet(t.packet);
      const i = this.waiting.findIndex((w) => w(v4));
      if (i >= 0) this.waiting.splice(i, 1);
      return true;
    });
  }

  close(): void {
    this.untap();
  }

  /** Sends an IPv4 packet of the application through the CLAT; false (and a reason in `dropped`) if untranslatable. */
  send4(packet: Buffer): boolean {
    this.recorder?.ip(packet);
    const v4 = decodeIpv4Packet(packet);
    const t = translate4to6(packet, this.options.address, synthesize(this.options.pref64, v4.dst));
    if (!t.ok) {
      this.dropped.push(`to ${v4.dst}: ${t.reason}`);
      return false;
    }
    this.host.sendRaw(t.packet);
    return true;
  }

  private wait(match: (p: Ipv4Packet) => boolean, ms: number, signal?: AbortSignal): Promise<Ipv4Packet | undefined> {
    return new Promise((resolve) => {
      const done = (p?: Ipv4Packet) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(p);
      };
      const waiter = (p: Ipv4Packet) => {
        if (!match(p)) return false;
        done(p);
        return true;
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        done();
      }, ms);
      const onAbort = () => done();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** ICMP Echo from the IPv4 application (RFC 792) through the CLAT. */
  async ping4(
    dst: string,
    identifier: number,
    sequence: number,
    timeoutMs = 2000,
    signal?: AbortSignal,
  ): Promise<{ rttMs: number; reply: Ipv4Packet } | undefined> {
    const wait = this.wait(
      (p) =>
        p.protocol === 1 &&
        p.src === dst &&
        p.payload[0] === 0 &&
        p.payload.readUInt16BE(4) === identifier &&
        p.payload.readUInt16BE(6) === sequence,
      timeoutMs,
      signal,
    );
    const t0 = performance.now();
    if (
      !this.send4(
        encodeIpv4Packet({
          tos: 0,
          identification: sequence,
          dontFragment: true,
          moreFragments: false,
          fragmentOffset: 0,
          ttl: 64,
          protocol: 1,
          src: CLAT_IPV4,
          dst,
          payload: encodeIcmpv4({ type: 'echo-request', identifier, sequence, data: Buffer.from('v6harness clat') }),
        }),
      )
    )
      return undefined;
    const reply = await wait;
    return reply ? { rttMs: performance.now() - t0, reply } : undefined;
  }

  /** A UDP request/response (e.g. RFC 862 echo) from the IPv4 application through the CLAT. */
  async udp4(
    dst: string,
    dstPort: number,
    data: Buffer,
    timeoutMs = 2000,
    signal?: AbortSignal,
  ): Promise<{ rttMs: number; data: Buffer } | undefined> {
    const srcPort = ephemeralPort();
    const seg = Buffer.alloc(8 + data.length);
    seg.writeUInt16BE(srcPort, 0);
    seg.writeUInt16BE(dstPort, 2);
    seg.writeUInt16BE(seg.length, 4);
    data.copy(seg, 8);
    seg.writeUInt16BE(ipv4UpperChecksum(CLAT_IPV4, dst, 17, seg) || 0xffff, 6);
    const wait = this.wait(
      (p) =>
        p.protocol === 17 &&
        p.src === dst &&
        p.payload.readUInt16BE(0) === dstPort &&
        p.payload.readUInt16BE(2) === srcPort,
      timeoutMs,
      signal,
    );
    const t0 = performance.now();
    if (
      !this.send4(
        encodeIpv4Packet({
          tos: 0,
          identification: 0,
          dontFragment: true,
          moreFragments: false,
          fragmentOffset: 0,
          ttl: 64,
          protocol: 17,
          src: CLAT_IPV4,
          dst,
          payload: seg,
        }),
      )
    )
      return undefined;
    const reply = await wait;
    return reply ? { rttMs: performance.now() - t0, data: reply.payload.subarray(8) } : undefined;
  }
}

/** An ICMPv6 error (RFC 4443 §3) named, e.g. " (ICMPv6 destination-unreachable code 0)": why a path failed. */
function icmpv6Error(p: Ipv6Packet): string {
  const m = p.payload.type === 'icmpv6' ? p.payload.message : undefined;
  if (!m || !('invoking' in m)) return '';
  return ` (ICMPv6 ${m.type}${'code' in m ? ` code ${m.code}` : ''})`;
}
