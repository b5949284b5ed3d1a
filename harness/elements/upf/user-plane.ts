import type { PacketRecorder } from '../../net/pcap/index.ts';
import type { RemoteInfo } from 'node:dgram';
import * as gtpu from '../../protocol/gtpu/index.ts';
import { decodeIpPacket } from '../../protocol/ip/index.ts';
import { INTERFACE } from '../../protocol/pfcp/index.ts';
import { ErrorIndicationLimit } from '../common/error-indication-limit.ts';
import {
  ForwardingSocket,
  forwardingThreadWanted,
  prepareForwardingThread,
} from '../common/forwarding/forwarding-thread.ts';
import { echoHosts, type UdpEchoHosts } from '../common/forwarding/udp-echo-fast-path.ts';
import type { Sgi } from '../common/ipv6-first-hop.ts';
import { UdpServer } from '../common/udp-server.ts';
import type { UpfFault } from './faults.ts';
import { type DownlinkChoice, N3FastPath } from './n3-fast-path.ts';
import { type Far, type Pdr, pdiMatches } from './rules.ts';
import type { N4Session, N4Sessions } from './sessions.ts';
import { N9Uplink } from './n9.ts';

/**
 * The UPF's user plane (TS 23.501 §5.8.2, TS 29.244 §5.2): G-PDUs on N3 (and from the SMF on
 * N4-u) are detected by the session's PDRs — local F-TEID, QFI of the PDU Session Container
 * (TS 38.415 §5.5.2), UE IP address, SDF filters — and forwarded by their FAR: to N6 (the
 * in-process internet, or another PDU session of this UPF: UE-to-UE), to the CP function (a
 * Router Solicitation to the SMF, TS 23.501 §5.8.2.2.2) or to access (downlink, with the QFI of
 * the PDR's QER in a PDU Session Container). Error Indication answers a G-PDU to an unknown TEID
 * (TS 29.281 §7.3.1), rate-limited per peer; Echo Request is answered (§7.2.2).
 *
 * With an in-process data network behind N6 and the batched socket built, the N3 socket lives in
 * the forwarding thread (elements/common/forwarding, as the PGW's S5/S8-U): it answers the UDP echo
 * of the sessions n3-fast-path.ts offered it, in place, and hands every other datagram to this
 * thread, which decides as it always did (buffering FARs, Error Indication, RS to the SMF...).
 */
const HEADROOM = 16;
/** The socket's receive buffer: 4 MiB (capped by net.core.rmem_max), as UdpServer's. */
const RECV_BUFFER = 4 * 1024 * 1024;
/** Faults that change what the fast path would do: with any of them every packet is the main thread's. */
const SLOW_PATH_FAULTS: readonly UpfFault[] = ['no-n6'];

export class N3UserPlane {
  private readonly server: UdpServer;
  private readonly view: gtpu.GpduView = {
    teid: 0,
    messageType: 0,
    payloadOffset: 0,
    payloadLength: 0,
    sequence: -1,
    qfi: -1,
  };
  /** Where each GTP-U peer sends from (in-process labs do not use port 2152 everywhere). */
  private readonly peerPorts = new Map<string, number>();
  private readonly errorIndicationLimit = new ErrorIndicationLimit();
  private readonly own = {
    uplink: 0,
    downlink: 0,
    toCpFunction: 0,
    fromCpFunction: 0,
    ueToUe: 0,
    unmatched: 0,
    dropped: 0,
    errorIndications: 0,
    errorIndicationsReceived: 0,
  };
  /** The forwarding thread's socket (see above), and what it is told. */
  private worker?: ForwardingSocket;
  private fast?: N3FastPath;
  private readonly echoHosts?: UdpEchoHosts;
  private readonly echoHostAddresses: string[] = [];
  /** Where the last downlink went (N3FastPath.offer reads it after an uplink packet). */
  private lastDown?: DownlinkChoice;
  private forwardedInThread = 0;
  private workerEchoed = 0;

  /** What this user plane did, the forwarding thread's share included (each of its packets went up and down). */
  get counters(): Readonly<typeof this.own & { forwardedInThread: number }> {
    const inThread = this.forwardedInThread + (this.worker?.forwarded ?? 0);
    return {
      ...this.own,
      uplink: this.own.uplink + inThread,
      downlink: this.own.downlink + inThread,
      forwardedInThread: inThread,
    };
  }

  constructor(
    private readonly address: string,
    private readonly sessions: N4Sessions,
    private readonly faults: ReadonlySet<UpfFault>,
    private readonly n6?: Sgi,
    onError: (err: unknown, from: RemoteInfo) => void = () => {},
    n9Port?: (address: string) => number | undefined,
    /**
     * Where N9 is recorded (a leg no driver sees): as V-UPF, the G-PDUs it relays to the H-UPF and
     * those it takes from it on a Core PDR. Nothing else of the user plane is recorded here.
     */
    private readonly n9Recorder?: PacketRecorder,
  ) {
    this.server = new UdpServer((msg, from) => this.receive(msg, from), onError);
    // N9 leaves from the same socket as N3 (the forwarding thread's, when it has it).
    this.n9 = new N9Uplink((data, to) => {
      if (this.n9Recorder && this.bound) this.n9Recorder.udp(this.bound, to, data);
      this.sendTo(data, to);
    }, n9Port);
    this.onError = onError;
    const echo = n6?.udpEcho?.();
    if (echo && !SLOW_PATH_FAULTS.some((f) => faults.has(f))) {
      this.echoHosts = echoHosts(echo.hosts, echo.port, echo.hopLimit);
      this.echoHostAddresses = echo.hosts;
      echo.answeredElsewhere(() => this.workerEchoed + (this.worker?.echoed ?? 0));
      // The thread starts now (its first start takes a while), so it is ready by start().
      if (forwardingThreadWanted()) prepareForwardingThread();
    }
  }

  private readonly onError: (err: unknown, from: RemoteInfo) => void;

  /**
   * An N4 message is about to be handled: the forwarding thread's usage goes into the URRs and it
   * forgets every session (n3-fast-path.ts) until this thread has carried one of its packets again.
   */
  controlPlaneChanged(): void {
    this.fast?.controlPlaneChanged();
  }

  /** The URRs count what the forwarding thread forwarded too, up to now. */
  syncUsage(): void {
    this.fast?.syncUsage();
  }

  /** Home-routed roaming: the uplink relayed over N9 to the home UPF (n9.ts). */
  readonly n9: N9Uplink;

  private bound?: { address: string; port: number };

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('UPF user plane is not started');
    return this.bound;
  }

  async start(port: number): Promise<{ address: string; port: number }> {
    if (this.echoHosts && forwardingThreadWanted()) {
      const onError = this.onError;
      const worker = await ForwardingSocket.open(
        { address: this.address, port, recvBufferSize: RECV_BUFFER, echo: this.echoHosts },
        (msg, from) => {
          try {
            this.receive(msg, from);
          } catch (err) {
            onError(err, from);
          }
        },
      );
      const at = worker.address();
      const report = (why: string) =>
        onError(new Error(`UPF user plane ${at.address} port ${at.port}: ${why}`), {
          address: at.address,
          family: at.address.includes(':') ? 'IPv6' : 'IPv4',
          port: at.port,
          size: 0,
        });
      // A dead forwarding thread, or datagrams it could not send, are the element's errors.
      worker.onLost = report;
      worker.onSendFailed = report;
      this.worker = worker;
      this.fast = new N3FastPath(worker.table, this.sessions, this.echoHostAddresses, this.echoHosts.port);
      this.bound = at;
      return at;
    }
    this.bound = await this.server.listen(this.address, port);
    return this.bound;
  }

  async stop(): Promise<void> {
    const w = this.worker;
    if (w) {
      // The URRs and counters keep its share after it is gone.
      this.fast?.controlPlaneChanged();
      this.forwardedInThread += w.forwarded;
      this.workerEchoed += w.echoed;
      this.worker = undefined;
      this.fast = undefined;
      await w.close();
    }
    await this.server.close();
  }

  private sendTo(data: Buffer, to: { address: string; port: number }): void {
    if (this.worker) this.worker.send(data, to.port, to.address);
    else this.server.send(data, to);
  }

  private receive(msg: Buffer, from: RemoteInfo): void {
    const v = this.view;
    if (!gtpu.readGpduHeader(msg, 0, msg.length, v)) return;
    if (v.messageType === 1) {
      this.peerPorts.set(from.address, from.port);
      return this.echo(msg, from);
    }
    if (v.messageType === 26) {
      this.own.errorIndicationsReceived++;
      return;
    }
    if (v.messageType !== 255) return;
    const s = this.sessions.byLocalTeid(v.teid);
    if (!s) return this.errorIndication(v.teid, from);
    const inner = msg.subarray(v.payloadOffset, v.payloadOffset + v.payloadLength);
    const pdr = this.detect(s, inner, v.teid, v.qfi ?? -1);
    if (!pdr) {
      this.own.unmatched++;
      return;
    }
    if (pdr.source === INTERFACE.core && this.n9Recorder && this.bound)
      this.n9Recorder.udp({ address: from.address, port: from.port }, this.bound, msg);
    // The port each peer sends from: the CP function's per session, an access peer's by address.
    if (pdr.source === INTERFACE['cp-function']) {
      this.own.fromCpFunction++;
      s.cpPort = from.port;
    } else if (pdr.source === INTERFACE.access) {
      this.own.uplink++;
      this.peerPorts.set(from.address, from.port);
    }
    // §5.4.2: a QER whose UL gate is closed drops what the UE sends.
    if (pdr.source === INTERFACE.access && pdr.qerIds.some((id) => s.qers.get(id)?.gateUlOpen === false)) {
      this.own.dropped++;
      return;
    }
    this.count(s, pdr, inner.length, true);
    if (!this.fast || pdr.source !== INTERFACE.access) return this.apply(s, pdr, inner);
    this.lastDown = undefined;
    this.apply(s, pdr, inner);
    this.fast.offer(v.teid, s, pdr, inner, from, this.lastDown);
    this.lastDown = undefined;
  }

  /** §5.2.1: the matching PDR of highest precedence among those with this F-TEID. */
  private detect(s: N4Session, inner: Buffer, teid: number, qfi: number): Pdr | undefined {
    for (const p of s.pdrs) {
      if (p.teid !== teid) continue;
      if (p.qfi !== undefined && p.qfi !== qfi) continue;
      if (this.faults.has('no-rs-forwarding') && p.sdf.some((r) => r.protocol === 58) && p.farId !== undefined) {
        const far = s.fars.get(p.farId);
        if (far?.destination === INTERFACE['cp-function']) continue;
      }
      // The UE's address is the source of what comes from access, the destination of the rest (N9 downlink, CP function).
      if (pdiMatches(p, inner, p.source === INTERFACE.access)) return p;
    }
    return undefined;
  }

  private apply(s: N4Session, pdr: Pdr, inner: Buffer): void {
    const far = pdr.farId !== undefined ? s.fars.get(pdr.farId) : undefined;
    if (far?.action !== 'forw') {
      this.own.dropped++;
      return;
    }
    switch (far.destination) {
      case INTERFACE.access:
        return this.toAccess(s, pdr, far, inner);
      case INTERFACE['cp-function']:
        if (!far.peer) return;
        this.own.toCpFunction++;
        return this.send(far.peer, inner, -1, s.cpPort);
      default:
        // Toward Core with an Outer Header Creation: N9 to the home UPF (n9.ts).
        if (far.peer) return this.n9.forward(s, pdr, far.peer, inner);
        return this.toN6(inner);
    }
  }

  /** Uplink out of N6: to another PDU session of this UPF (UE-to-UE), else to the data network. */
  private toN6(inner: Buffer): void {
    if (this.faults.has('no-n6')) {
      this.own.dropped++;
      return;
    }
    const v = inner[0] >> 4;
    const hop = v === 6 ? inner[7] : inner[8];
    if (hop <= 1) return; // RFC 8200 §3, RFC 791: hop limit / TTL exhausted
    const other = this.faults.has('no-ue-to-ue') ? undefined : this.sessions.byDestination(inner);
    if (other) {
      this.own.ueToUe++;
      const copy = Buffer.from(inner);
      if (v === 6) copy[7]--;
      else decrementTtl(copy);
      return this.fromN6(copy, other);
    }
    if (!this.n6) return;
    let reply: Buffer | undefined;
    try {
      reply = this.n6.deliver(decodeIpPacket(inner), inner);
    } catch {
      return;
    }
    if (reply) this.fromN6(reply);
  }

  /** A packet from N6 toward a UE: the downlink PDR (source Core) of the session its destination belongs to. */
  fromN6(packet: Buffer, to = this.sessions.byDestination(packet)): void {
    if (!to) return;
    for (const p of to.pdrs) {
      if (p.source !== INTERFACE.core && p.source !== INTERFACE['sgi-lan-n6-lan']) continue;
      if (!pdiMatches(p, packet, false)) continue;
      this.count(to, p, packet.length, false);
      const far = p.farId !== undefined ? to.fars.get(p.farId) : undefined;
      if (far?.action === 'forw' && far.destination === INTERFACE.access) this.toAccess(to, p, far, packet);
      else this.own.dropped++;
      return;
    }
    this.own.unmatched++;
  }

  /** Downlink on N3: the FAR's Outer Header Creation, the QER's QFI in a PDU Session Container. */
  private toAccess(s: N4Session, pdr: Pdr, far: Far, inner: Buffer): void {
    if (!far.peer) {
      this.own.dropped++;
      return;
    }
    let qfi = -1;
    for (const id of pdr.qerIds) {
      const q = s.qers.get(id);
      if (q && !q.gateDlOpen) {
        this.own.dropped++;
        return;
      }
      if (q?.qfi !== undefined) qfi = q.qfi;
    }
    if (qfi < 0 && pdr.qfi !== undefined) qfi = pdr.qfi;
    if (this.faults.has('no-qfi')) qfi = -1;
    else if (this.faults.has('wrong-qfi') && qfi >= 0) qfi = (qfi + 1) & 0x3f;
    this.own.downlink++;
    if (this.fast) this.lastDown = { s, pdr, far, qfi };
    this.send(far.peer, inner, qfi);
  }

  private send(peer: { teid: number; address: string }, inner: Buffer, qfi: number, port?: number): void {
    const buf = Buffer.allocUnsafe(HEADROOM + inner.length);
    inner.copy(buf, HEADROOM);
    const start =
      qfi >= 0
        ? gtpu.writeGpduHeaderWithQfi(buf, HEADROOM, peer.teid, inner.length, 0, qfi)
        : gtpu.writeGpduHeader(buf, HEADROOM, peer.teid, inner.length);
    this.sendTo(buf.subarray(start), {
      address: peer.address,
      // A peer UPF over N9 that has not sent yet (the V-UPF, to the H-UPF's first downlink): its declared port.
      port: port ?? this.peerPorts.get(peer.address) ?? this.n9.portOf(peer.address) ?? gtpu.GTPU_PORT,
    });
  }

  private count(s: N4Session, pdr: Pdr, octets: number, uplink: boolean): void {
    for (const id of pdr.urrIds) {
      const u = s.urrs.get(id);
      if (!u) continue;
      if (uplink) {
        u.ulOctets += octets;
        u.ulPackets++;
      } else {
        u.dlOctets += octets;
        u.dlPackets++;
      }
    }
  }

  /** TS 29.281 §7.2.2 Echo Response with Recovery 0 (§8.2). */
  private echo(msg: Buffer, from: RemoteInfo): void {
    this.sendTo(gtpu.echoResponse(msg), from);
  }

  /** TS 29.281 §7.3.1: Error Indication with the TEID and our address, UDP Port extension header. */
  private errorIndication(teid: number, from: RemoteInfo): void {
    if (this.faults.has('no-error-indication')) return;
    if (!this.errorIndicationLimit.allow(from.address)) return;
    this.own.errorIndications++;
    this.sendTo(gtpu.errorIndication(teid, this.address, from.port), from);
  }
}

/** RFC 791 TTL - 1 with the header checksum patched incrementally (RFC 1624). */
function decrementTtl(p: Buffer): void {
  const old = p.readUInt16BE(8);
  p[8]--;
  let sum = (~p.readUInt16BE(10) & 0xffff) + (~old & 0xffff) + p.readUInt16BE(8);
  sum = (sum & 0xffff) + (sum >>> 16);
  sum = (sum & 0xffff) + (sum >>> 16);
  p.writeUInt16BE(~sum & 0xffff, 10);
}
