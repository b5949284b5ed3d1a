import type { PacketRecorder } from '../../net/pcap/index.ts';
import { extract, synthesize } from '../../protocol/dns/rfc6052.ts';
import {
  decodeIpv4Packet,
  encodeIpPacket,
  translate4to6,
  translate6to4,
  type Ipv4Packet,
  type Ipv6Packet,
} from '../../protocol/ip/index.ts';
import { type Bearer, UeIpHost } from './ip-host.ts';
import type { UeIpv6Host } from './ipv6-host.ts';

/** RFC 7335: the IPv4 Service Continuity Prefix 192.0.0.0/29; the CLAT's host side takes 192.0.0.2 (RFC 6877 §6.3 leaves the choice). */
export const CLAT_IPV4 = '192.0.0.2';

export interface ClatOptions {
  /** The PLAT's Pref64::/n, learned from the RA (RFC 8781) or by RFC 7050 discovery. */
  pref64: string;
  /** The CLAT's own IPv6 address: an interface identifier of its own in the PDN connection's /64. */
  address: string;
}

/**
 * The translator of 464XLAT's customer side (RFC 6877) as the IPv4 application's link: what the
 * application sends from 192.0.0.2 is translated statelessly (RFC 7915) to IPv6 from the CLAT's
 * own address to Pref64::dst (RFC 6052) and sent on the UE's IPv6-only bearer; IPv6 packets to the
 * CLAT's address from Pref64::src come back translated. What cannot be translated is dropped,
 * and the reason kept.
 */
class ClatLink implements Bearer {
  readonly dropped: string[] = [];
  private listener?: (packet: Buffer) => void;
  readonly untap: () => void;

  constructor(
    private readonly host: UeIpv6Host,
    private readonly options: ClatOptions,
  ) {
    this.untap = host.tap((_raw, p) => {
      if (p.dst !== options.address) return false;
      const src4 = extract(options.pref64, p.src);
      const t = src4 ? translate6to4(p, src4, CLAT_IPV4) : undefined;
      if (!t?.ok)
        this.dropped.push(`from ${p.src}${t ? `: ${t.reason}` : `${icmpv6Error(p)}: not in Pref64 ${options.pref64}`}`);
      else this.listener?.(encodeIpPacket(t.packet));
      return true;
    });
  }

  send(packet: Buffer): void {
    const p = decodeIpv4Packet(packet);
    const t = translate4to6(p, this.options.address, synthesize(this.options.pref64, p.dst));
    if (!t.ok) this.dropped.push(`to ${p.dst}: ${t.reason}`);
    else this.host.sendRaw(encodeIpPacket(t.packet));
  }

  onPacket(listener: (packet: Buffer) => void): void {
    this.listener = listener;
  }
}

/**
 * The IPv4-only application's stack on a UE with a CLAT (RFC 6877): an IPv4 host at 192.0.0.2
 * (ip-host.ts: Echo, UDP request/response) whose link is the translator. Its IPv4 packets are
 * recorded next to their IPv6 translations.
 */
export class Clat extends UeIpHost<Ipv4Packet> {
  private readonly link: ClatLink;

  constructor(
    host: UeIpv6Host,
    readonly options: ClatOptions,
    recorder?: PacketRecorder,
  ) {
    const link = new ClatLink(host, options);
    super(link, 4, recorder);
    this.link = link;
  }

  /** What the CLAT had to drop, and why. */
  get dropped(): readonly string[] {
    return this.link.dropped;
  }

  get source(): string {
    return CLAT_IPV4;
  }

  protected isOwn(address: string): boolean {
    return address === CLAT_IPV4;
  }

  close(): void {
    this.link.untap();
  }
}

/** An ICMPv6 error (RFC 4443 §3) named, e.g. " (ICMPv6 destination-unreachable code 0)": why a path failed. */
function icmpv6Error(p: Ipv6Packet): string {
  const m = p.payload.type === 'icmpv6' ? p.payload.message : undefined;
  if (!m || !('invoking' in m)) return '';
  return ` (ICMPv6 ${m.type}${'code' in m ? ` code ${m.code}` : ''})`;
}
