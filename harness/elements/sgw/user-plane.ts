import type { RemoteInfo } from 'node:dgram';
import * as gtpu from '../../protocol/gtpu/index.ts';
import { UdpServer } from '../common/udp-server.ts';
import type { GtpuPeer, SgwSession } from './bearers.ts';
import type { SgwFault } from './faults.ts';

/** Fault `lossy-uplink`: one uplink G-PDU in this many is dropped. */
const LOSSY_EVERY = 20;

/**
 * The SGW user plane (TS 23.401 §4.4.3.3; TS 29.281): GTP-U endpoints for S1-U and S5/S8-U.
 * A G-PDU to our S1-U TEID goes on to the PGW's S5/S8-U F-TEID, one to our S5/S8-U TEID goes to
 * the eNodeB's F-TEID; a G-PDU to an unknown TEID gets an Error Indication (§7.3.1); switching
 * a bearer to another eNodeB sends an End Marker on the old path (§7.3.2; TS 23.401
 * §5.5.1.1.2 step 6a).
 */
export class SgwUserPlane {
  /** S1-U toward eNodeBs and S5/S8-U toward PGWs: one socket each, possibly of different families. */
  private readonly s1u: UdpServer;
  private readonly s5u: UdpServer;
  private readonly s5uAlt?: UdpServer;
  private readonly view: gtpu.GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: -1 };
  private bound?: { address: string; port: number };
  readonly counters = { uplink: 0, downlink: 0, endMarkers: 0, errorIndications: 0 };
  /** Uplink G-PDUs seen (fault `lossy-uplink`: every LOSSY_EVERY-th is dropped). */
  private uplinkSeen = 0;

  constructor(
    private readonly addresses: { s1u: string; s5: string; s5Alt?: string },
    private readonly lookup: (teid: number) => { session: SgwSession; side: 's1u' | 's5u' } | undefined,
    private readonly faults: ReadonlySet<SgwFault>,
    /** Where the PGW's GTP-U listens, when it is not 2152 (in-process labs). */
    private readonly pgwUserPlanePort: (address: string) => number,
    onError?: (err: unknown, from: RemoteInfo) => void,
  ) {
    this.s1u = new UdpServer((msg, from) => this.receive(msg, from, this.s1u, addresses.s1u), onError);
    this.s5u = new UdpServer((msg, from) => this.receive(msg, from, this.s5u, addresses.s5), onError);
    const alt = addresses.s5Alt;
    if (alt) this.s5uAlt = new UdpServer((msg, from) => this.receive(msg, from, this.s5uAlt!, alt), onError);
  }

  /** The S5/S8-U socket for a PGW at `address` (its family). */
  private s5uFor(address: string): UdpServer {
    return this.s5uAlt && address.includes(':') !== this.addresses.s5.includes(':') ? this.s5uAlt : this.s5u;
  }

  /** The S1-U endpoint (what eNodeBs send to). */
  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('SGW user plane is not started');
    return this.bound;
  }

  async start(port: number): Promise<void> {
    this.bound = await this.s1u.listen(this.addresses.s1u, port);
    try {
      await this.s5u.listen(this.addresses.s5, 0);
      if (this.s5uAlt && this.addresses.s5Alt) await this.s5uAlt.listen(this.addresses.s5Alt, 0);
    } catch (err) {
      await this.s1u.close();
      throw err;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.s1u.close(), this.s5u.close(), this.s5uAlt?.close()]);
  }

  /** TS 29.281 §7.3.2 End Marker to the eNodeB the bearer leaves: T=1 with its TEID, no payload. */
  endMarker(old: GtpuPeer): void {
    this.counters.endMarkers++;
    this.s1u.send(gtpu.encode({ type: 'end-marker', teid: old.teid, extensionHeaders: [], ies: [] }), {
      address: old.address,
      port: old.port ?? gtpu.GTPU_PORT,
    });
  }

  private receive(msg: Buffer, from: RemoteInfo, socket: UdpServer, address: string): void {
    if (!gtpu.readGpduHeader(msg, 0, msg.length, this.view)) return;
    if (this.view.messageType === 1) {
      socket.send(gtpu.echoResponse(msg), from);
      return;
    }
    if (this.view.messageType !== 255) return;
    const hit = this.lookup(this.view.teid);
    if (!hit) {
      if (this.faults.has('no-error-indication')) return;
      this.counters.errorIndications++;
      socket.send(gtpu.errorIndication(this.view.teid, address, from.port), from);
      return;
    }
    const { session, side } = hit;
    // A TEID is only valid on its own interface.
    if ((side === 's1u') !== (socket === this.s1u)) return;
    if (side === 's1u') {
      // The eNodeB sends from its GTP-U port; remember it for downlink (2152 in a real network).
      if (session.enb && session.enb.address === from.address) session.enb.port = from.port;
      if (this.faults.has('drop-uplink') || !session.pgwU) return;
      if (this.faults.has('lossy-uplink') && ++this.uplinkSeen % LOSSY_EVERY === 0) return;
      this.counters.uplink++;
      this.forward(
        this.s5uFor(session.pgwU.address),
        session.pgwU.teid,
        { address: session.pgwU.address, port: this.pgwUserPlanePort(session.pgwU.address) },
        msg,
      );
    } else {
      const enb = session.enb;
      if (!enb) return; // Idle mode: TS 23.401 §5.3.4.3 would buffer and send Downlink Data Notification.
      this.counters.downlink++;
      this.forward(this.s1u, enb.teid, { address: enb.address, port: enb.port ?? gtpu.GTPU_PORT }, msg);
    }
  }

  /**
   * Relays the G-PDU just received (described by `this.view`) with the next hop's TEID: a fresh
   * 8-octet header is written in place just before the payload (the received header is at least
   * that long), so relaying allocates nothing per packet.
   */
  private forward(socket: UdpServer, teid: number, to: { address: string; port: number }, msg: Buffer): void {
    const { payloadOffset, payloadLength } = this.view;
    const start = gtpu.writeGpduHeader(msg, payloadOffset, teid, payloadLength);
    socket.send(msg.subarray(start, payloadOffset + payloadLength), to);
  }
}
