import type { RemoteInfo } from 'node:dgram';
import {
  decodeIpPacket,
  decodeIpv6Packet,
  echoReplyTo,
  encodeIpPacket,
  newIpView,
  readIpView,
  routerAdvertisement,
  type IpPacket,
  type Ipv4Packet,
  type Ipv6Packet,
  type NdOption,
  type Pref64Length,
} from '../../protocol/ip/index.ts';
import * as gtpu from '../../protocol/gtpu/index.ts';
import { addressBytes, addressString } from '../../protocol/common/ip-bytes.ts';
import { internetChecksum } from '../../protocol/ip/checksum.ts';
import { DHCPV6_PD_FAULTS } from './dhcpv6-pd-server.ts';
import type { FaultSet } from './fault-set.ts';
import { IPV4_UPLINK_FAULTS, ipv4Uplink } from './ipv4-uplink.ts';
import { UdpServer } from './udp-server.ts';
import { ErrorIndicationLimit } from './error-indication-limit.ts';
import { Dhcpv6PdServer } from './dhcpv6-pd-server.ts';
import { ALL_DHCP_RELAY_AGENTS_AND_SERVERS, DHCPV6_SERVER_PORT } from '../../protocol/dhcpv6/index.ts';
import { ForwardingSocket, forwardingThreadWanted, prepareForwardingThread } from './forwarding/forwarding-thread.ts';
import { echoHosts, type UdpEchoHosts } from './forwarding/udp-echo-fast-path.ts';

/**
 * The gateway user plane on GTP-U (TS 29.281) as TS 29.061 §11.2.1.3 describes the IPv6 side of
 * a PDN connection or PDP context: the PGW or GGSN is the UE's first-hop router. It answers Router
 * Solicitation with an RA holding the connection's /64 (A=1, L=0, infinite lifetimes), the MTU
 * and RDNSS options; answers echo to its own addresses; drops packets whose source is not the
 * connection's prefix or link-local address (BCP 38); and sends Error Indication for an unknown
 * TEID (§7.3.1). On a connection of PDN type IPv4 or IPv4v6 it also forwards the UE's IPv4
 * packets to SGi (ipv4-uplink.ts) and sends the answers down the tunnel.
 */
export const FIRST_HOP_FAULTS = [
  'no-ra',
  'ra-no-mtu',
  'ra-on-link',
  'no-error-indication',
  'forward-link-local',
  'no-sgi',
  'sgi-drops-tcp',
  'user-plane-stalls',
  'pd-not-routed',
  'iid-source-check',
  'ra-no-pref64',
  'error-indication-unlimited',
  ...IPV4_UPLINK_FAULTS,
  ...DHCPV6_PD_FAULTS,
] as const;

/** The first hop's faults, named in the element's list (pgw/faults.ts says what each does). */
export type FirstHopFault = (typeof FIRST_HOP_FAULTS)[number];

/** What lies behind the gateway's SGi/Gi: answers to forwarded packets (see elements/internet). */
export interface Sgi {
  deliver(p: IpPacket, raw: Buffer): Buffer | undefined;
  /**
   * The hosts whose UDP echo (RFC 862) the forwarding thread may answer for `deliver`, byte for
   * byte as it would (udp-echo-fast-path.ts); `answeredElsewhere` learns how to count those answers.
   */
  udpEcho?(): { hosts: string[]; port: number; hopLimit: number; answeredElsewhere(count: () => number): void };
}

/** What the user plane needs to know of one PDN connection / PDP context. */
export interface UserPlaneSession {
  ipv6Prefix?: string;
  /** The UE's IPv4 address (PAA / EUA) on a connection of PDN type IPv4 or IPv4v6. */
  ipv4?: string;
  /** The UE's interface identifier (as ::x:x:x:x). */
  interfaceId?: string;
  /** A UP function that was not told the IID (PFCP) accepts any link-local source. */
  anyLinkLocal?: boolean;
  /** A prefix delegated by DHCPv6 (TS 23.401 §5.3.1.2.6), holding ipv6Prefix. */
  delegated?: { prefix: string; length: number };
  /** The peer's (SGW's or SGSN's) user-plane F-TEID. */
  peerUserPlane?: { teid: number; address: string };
  config: { mtu: number; dnsIpv6: string[]; probeIpv6?: string; pref64?: string };
}
const ROUTER_LINK_LOCAL = 'fe80::1';
/** The socket's receive buffer: 4 MiB (capped by net.core.rmem_max), as UdpServer's. */
const RECV_BUFFER = 4 * 1024 * 1024;
/** Faults that change what the fast path would do: with any of them every packet is the main thread's. */
const SLOW_PATH_FAULTS = ['iid-source-check', 'no-sgi', 'user-plane-stalls'] as const;
/** Fault `user-plane-stalls`: the first this many ms of every second, nothing is forwarded to SGi. */
const STALL_MS = 100;
const INFINITE = 0xffffffff;

export class Ipv6FirstHop {
  private readonly server: UdpServer;
  private readonly view: gtpu.GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: -1 };
  private readonly ipView = newIpView();
  /**
   * Where each session's peer user plane sends from (in-process labs do not use port 2152
   * everywhere, and several SGWs may share one loopback address); by address as a fallback.
   */
  private readonly sessionPorts = new WeakMap<UserPlaneSession, number>();
  private readonly peerPorts = new Map<string, number>();
  private readonly own = {
    forwarded: 0,
    droppedSpoofed: 0,
    droppedLinkLocal: 0,
    droppedIpv4: 0,
    errorIndications: 0,
    errorIndicationsSuppressed: 0,
  };
  /**
   * Where the fast path applies (an in-process internet behind SGi, no fault that changes the
   * path) and the batched socket is built, the user plane's socket lives in the forwarding thread
   * (forwarding/forwarding-worker.ts), which answers the hot packets itself and hands this thread
   * the rest. Otherwise (a TUN SGi, V6HARNESS_UDP=dgram, V6HARNESS_FORWARDING=main) the
   * UdpServer here, as before.
   */
  private worker?: ForwardingSocket;
  /** The fast path's echo hosts (none: the worker hands everything over). */
  private readonly echo?: UdpEchoHosts;
  private readonly echoHostAddresses: string[] = [];

  /** What this user plane did, the forwarding thread's share included. */
  get counters(): Readonly<typeof this.own & { forwardedInThread: number }> {
    const inThread = this.forwardedInThread + (this.worker?.forwarded ?? 0);
    return { ...this.own, forwarded: this.own.forwarded + inThread, forwardedInThread: inThread };
  }
  private readonly errorIndicationLimit = new ErrorIndicationLimit();
  private bound?: { address: string; port: number };

  constructor(
    private readonly address: string,
    /** The session whose user-plane TEID (ours) is `teid`. */
    private readonly lookup: (teid: number) => UserPlaneSession | undefined,
    private readonly faults: FaultSet<FirstHopFault>,
    private readonly onError: (err: unknown, from: RemoteInfo) => void = () => {},
    /** The session whose prefix holds `address` (UE-to-UE traffic through the gateway). */
    private readonly byAddress: (address: string) => UserPlaneSession | undefined = () => undefined,
    /** The network behind SGi/Gi, if any. */
    private readonly sgi?: Sgi,
  ) {
    this.server = new UdpServer((msg, from) => this.receive(msg, from), onError);
    this.dhcpv6 = new Dhcpv6PdServer(address, ROUTER_LINK_LOCAL, faults);
    const echo = sgi?.udpEcho?.();
    if (echo && !SLOW_PATH_FAULTS.some((f) => faults.has(f))) {
      this.echo = echoHosts(echo.hosts, echo.port, echo.hopLimit);
      this.echoHostAddresses = echo.hosts;
      echo.answeredElsewhere(() => this.workerEchoed + (this.worker?.echoed ?? 0));
      // The thread starts now (its first start takes a while), so it is ready by start().
      if (forwardingThreadWanted()) prepareForwardingThread();
    }
  }

  /**
   * The control plane is about to handle a message (a session created, modified or deleted, a
   * peer's restart, also in the promises it settles): the forwarding thread forgets what it was
   * told (fast-path-table.ts). Entries are made again only while a G-PDU is handled here, a task
   * of its own, so never between this and the change, nor from the state before it.
   */
  controlPlaneChanged(): void {
    this.worker?.table.invalidateAll();
  }

  private readonly dhcpv6: Dhcpv6PdServer;

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('user plane is not started');
    return this.bound;
  }

  async start(port: number): Promise<void> {
    if (this.echo && forwardingThreadWanted()) {
      const onError = this.onError;
      this.worker = await ForwardingSocket.open(
        { address: this.address, port, recvBufferSize: RECV_BUFFER, echo: this.echo },
        (msg, from) => {
          try {
            this.receive(msg, from);
          } catch (err) {
            onError(err, from);
          }
        },
      );
      this.bound = this.worker.address();
      const at = this.bound;
      // A dead forwarding thread is the element's error, reported as any other (never silent).
      this.worker.onLost = (why) =>
        onError(new Error(`user plane ${at.address} port ${at.port}: ${why}`), {
          address: at.address,
          family: at.address.includes(':') ? 'IPv6' : 'IPv4',
          port: at.port,
          size: 0,
        });
      this.worker.onSendFailed = (why) =>
        onError(new Error(`user plane ${at.address} port ${at.port}: ${why}`), {
          address: at.address,
          family: at.address.includes(':') ? 'IPv6' : 'IPv4',
          port: at.port,
          size: 0,
        });
      return;
    }
    this.bound = await this.server.listen(this.address, port);
  }

  async stop(): Promise<void> {
    const w = this.worker;
    if (w) {
      // Its share stays in the counters after it is gone.
      this.forwardedInThread += w.forwarded;
      this.workerEchoed += w.echoed;
      this.worker = undefined;
      await w.close();
    }
    await this.server.close();
  }

  private workerEchoed = 0;
  private forwardedInThread = 0;

  private send(data: Buffer, to: { address: string; port: number }): void {
    if (this.worker) this.worker.send(data, to.port, to.address);
    else this.server.send(data, to);
  }

  private receive(msg: Buffer, from: RemoteInfo): void {
    if (!gtpu.readGpduHeader(msg, 0, msg.length, this.view)) return;
    if (this.view.messageType === 1) {
      this.send(gtpu.echoResponse(msg), from);
      return;
    }
    if (this.view.messageType !== 255) return;
    const s = this.lookup(this.view.teid);
    if (!s) {
      if (this.faults.has('no-error-indication')) return;
      if (!this.faults.has('error-indication-unlimited') && !this.errorIndicationLimit.allow(from.address)) {
        this.own.errorIndicationsSuppressed++;
        return;
      }
      this.own.errorIndications++;
      this.send(gtpu.errorIndication(this.view.teid, this.address, from.port), from);
      return;
    }
    if (s.peerUserPlane) {
      this.sessionPorts.set(s, from.port);
      this.peerPorts.set(s.peerUserPlane.address, from.port);
      if (this.worker && this.echo) this.offerFastPath(this.view.teid, s, from);
    }
    const inner = msg.subarray(this.view.payloadOffset, this.view.payloadOffset + this.view.payloadLength);
    if (inner.length > 0 && inner[0] >> 4 === 4) {
      const up = ipv4Uplink(s, inner, this.faults);
      if (up.kind === 'forward') this.forwardIpv4(s, up.packet, inner);
      else if (up.reason === 'spoofed') this.own.droppedSpoofed++;
      else this.own.droppedIpv4++;
      return;
    }
    if (inner.length === 0 || inner[0] >> 4 !== 6) return;
    let p: Ipv6Packet;
    try {
      p = decodeIpv6Packet(inner);
    } catch {
      return;
    }
    if (!this.sourceAllowed(s, p.src)) {
      this.own.droppedSpoofed++;
      return;
    }
    if (
      p.payload.type === 'udp' &&
      p.payload.dstPort === DHCPV6_SERVER_PORT &&
      p.dst === ALL_DHCP_RELAY_AGENTS_AND_SERVERS
    ) {
      const answer = this.dhcpv6.answer(s, p, p.payload.data);
      if (answer) this.downlink(s, answer);
      return;
    }
    if (p.payload.type === 'icmpv6' && p.payload.message.type === 'router-solicitation') {
      if (!this.faults.has('no-ra')) this.downlink(s, encodeIpPacket(this.routerAdvertisement(s, p.src)));
      return;
    }
    const echoReply = this.isOwnAddress(s, p.dst) ? echoReplyTo(p) : undefined;
    if (echoReply) {
      this.downlink(s, encodeIpPacket(echoReply));
      return;
    }
    this.forward(s, p, inner);
  }

  /**
   * Tells the forwarding thread that this session's UDP echo to the in-process internet may be
   * answered there: its packets then take, in the worker, exactly the path receive() → forward()
   * → towardSgi() → the internet's echo → downlink() takes here. Only when that path is certain:
   * the peer sends from its F-TEID's address, no session owns an echo host's address (UE-to-UE
   * would win), and no echo host is the session's probe address (the gateway would answer itself).
   */
  private offerFastPath(teid: number, s: UserPlaneSession, from: RemoteInfo): void {
    const peer = s.peerUserPlane!;
    if (s.ipv6Prefix === undefined || !addressBytes(from.address).equals(addressBytes(peer.address))) return;
    for (const h of this.echoHostAddresses)
      if (
        this.byAddress(h) ||
        (s.config.probeIpv6 !== undefined && addressBytes(s.config.probeIpv6).equals(addressBytes(h)))
      )
        return;
    this.worker!.table.install(teid, s.ipv6Prefix, peer.teid, from);
  }

  /**
   * Routing a UE's packet on (RFC 4291 §2.5.6: link-local destinations are never forwarded; each
   * UE has its own point-to-point link, TS 29.061 §11.2.1.3): to another PDN connection's prefix
   * through its tunnel, or out of SGi.
   */
  private forward(from: UserPlaneSession, p: Ipv6Packet, inner: Buffer): void {
    const linkScope =
      p.dst.startsWith('fe8') ||
      p.dst.startsWith('fe9') ||
      p.dst.startsWith('fea') ||
      p.dst.startsWith('feb') ||
      p.dst.startsWith('ff02:');
    if (linkScope && !this.faults.has('forward-link-local')) {
      this.own.droppedLinkLocal++;
      return;
    }
    const to = this.byAddress(p.dst);
    if (inner[7] <= 1) return; // RFC 8200 §3: hop limit exhausted.
    if (to) {
      const copy = Buffer.from(inner);
      copy[7]--;
      this.own.forwarded++;
      this.downlink(to, copy);
      return;
    }
    this.towardSgi(from, p, inner);
  }

  /**
   * An IPv4 packet on: to another PDP context / PDN connection that owns the destination (its TTL
   * taken down by one and the header checksum redone, RFC 1812 §5.3.1, §5.2.2), or out of SGi.
   * Link-local 169.254/16 is never forwarded (RFC 3927 §2.7).
   */
  private forwardIpv4(from: UserPlaneSession, p: Ipv4Packet, inner: Buffer): void {
    if ((inner[12] === 169 && inner[13] === 254) || (inner[16] === 169 && inner[17] === 254)) {
      if (!this.faults.has('forward-link-local')) {
        this.own.droppedLinkLocal++;
        return;
      }
    }
    const to = this.byAddress(p.dst);
    if (!to) {
      this.towardSgi(from, p, inner);
      return;
    }
    const copy = Buffer.from(inner);
    const headerLength = (copy[0] & 0x0f) * 4;
    copy[8]--;
    copy[10] = 0;
    copy[11] = 0;
    copy.writeUInt16BE(internetChecksum(copy, 0, headerLength), 10);
    this.own.forwarded++;
    this.downlink(to, copy);
  }

  /** Out of SGi, either family, through the SGi faults. */
  private towardSgi(from: UserPlaneSession, p: IpPacket, inner: Buffer): void {
    if (!this.sgi || this.faults.has('no-sgi')) return;
    if (this.faults.has('sgi-drops-tcp') && p.payload.type === 'tcp') return;
    const stall = this.faults.has('user-plane-stalls') ? STALL_MS - (Date.now() % 1000) : 0;
    if (stall > 0) {
      // Held until the stall ends, then forwarded (the receive buffer is reused: keep a copy).
      const held = Buffer.from(inner);
      setTimeout(() => this.toSgi(from, decodeIpPacket(held), held), stall);
      return;
    }
    this.toSgi(from, p, inner);
  }

  private toSgi(from: UserPlaneSession, p: IpPacket, inner: Buffer): void {
    this.own.forwarded++;
    const reply = this.sgi?.deliver(p, inner);
    if (reply) this.downlink(from, reply);
  }

  /**
   * A packet from SGi (a real interface) toward a UE: down the tunnel of the UE whose /64 holds it,
   * or whose IPv4 address it is for (TS 29.061 §11.2.1.1). The kernel has routed it already.
   */
  fromSgi(raw: Buffer): void {
    const v = this.ipView;
    if (!readIpView(raw, 0, raw.length, v)) return;
    const to = this.byAddress(addressString(raw.subarray(v.dstOffset, v.dstOffset + v.addressLength)));
    if (to) this.downlink(to, raw);
  }

  /** BCP 38 / TS 29.061 §11.2.1.3: the UE may only use its /64 or its link-local address. */
  private sourceAllowed(s: UserPlaneSession, src: string): boolean {
    if (this.faults.has('no-source-check')) return true;
    const b = addressBytes(src);
    if (src.startsWith('fe80:'))
      return (
        s.anyLinkLocal === true ||
        (s.interfaceId !== undefined && b.subarray(8).equals(addressBytes(s.interfaceId).subarray(8)))
      );
    if (s.ipv6Prefix === undefined) return false;
    const own = addressBytes(s.ipv6Prefix);
    // Fault iid-source-check: only the PAA's own address, which breaks /64 sharing (RFC 7278) and
    // temporary addresses (RFC 8981); TS 29.061 §11.2.1.3.2a leaves the global IID to the UE.
    if (this.faults.has('iid-source-check'))
      return (
        b.subarray(0, 8).equals(own.subarray(0, 8)) &&
        s.interfaceId !== undefined &&
        b.subarray(8).equals(addressBytes(s.interfaceId).subarray(8))
      );
    if (b.subarray(0, 8).equals(own.subarray(0, 8))) return true;
    return (
      s.delegated !== undefined &&
      !this.faults.has('pd-not-routed') &&
      withinPrefix(b, addressBytes(s.delegated.prefix), s.delegated.length)
    );
  }

  private isOwnAddress(s: UserPlaneSession, dst: string): boolean {
    return dst === ROUTER_LINK_LOCAL || dst === s.config.probeIpv6;
  }

  private routerAdvertisement(s: UserPlaneSession, to: string) {
    const options: NdOption[] = [
      {
        type: 'prefix-information',
        prefixLength: 64,
        onLink: this.faults.has('ra-on-link'),
        autonomous: true,
        validLifetime: INFINITE,
        preferredLifetime: INFINITE,
        prefix: s.ipv6Prefix!,
      },
    ];
    if (!this.faults.has('ra-no-mtu')) options.push({ type: 'mtu', mtu: s.config.mtu });
    if (s.config.dnsIpv6.length) options.push({ type: 'rdnss', lifetime: INFINITE, servers: s.config.dnsIpv6 });
    // RFC 8781 §4: lifetime in units of 8 s (at most 65528); 1800 s outlives a few RA intervals.
    const pref64 = s.config.pref64?.split('/');
    if (pref64 && !this.faults.has('ra-no-pref64'))
      options.push({
        type: 'pref64',
        lifetime: 1800,
        prefixLength: Number(pref64[1]) as Pref64Length,
        prefix: pref64[0],
      });
    return routerAdvertisement(ROUTER_LINK_LOCAL, to.startsWith('fe80:') ? to : 'ff02::1', {
      routerLifetime: 65535,
      options,
    });
  }

  private downlink(s: UserPlaneSession, inner: Buffer): void {
    const peer = s.peerUserPlane;
    if (!peer) return;
    const buf = Buffer.allocUnsafe(12 + inner.length);
    inner.copy(buf, 12);
    const start = gtpu.writeGpduHeader(buf, 12, peer.teid, inner.length);
    this.send(buf.subarray(start), {
      address: peer.address,
      port: this.sessionPorts.get(s) ?? this.peerPorts.get(peer.address) ?? gtpu.GTPU_PORT,
    });
  }
}

/** Whether the first `length` bits of `a` and `prefix` agree. */
function withinPrefix(a: Buffer, prefix: Buffer, length: number): boolean {
  const whole = length >> 3;
  if (!a.subarray(0, whole).equals(prefix.subarray(0, whole))) return false;
  const rest = length & 7;
  return rest === 0 || ((a[whole] ^ prefix[whole]) & (0xff << (8 - rest)) & 0xff) === 0;
}
