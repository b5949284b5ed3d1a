import { EventEmitter } from 'node:events';
import {
  type AbortChunk,
  checksumValid,
  type DecodedSctpPacket,
  decodePacket,
  encodePacket,
  type InitAckChunk,
  type InitChunk,
  PARAMS,
  type SctpParam,
  unrecognizedParamAction,
} from '../../protocol/sctp/index.ts';
import { Association, type AssociationHost, randomTag, type TieTags } from './association.ts';
import { type Clock, realClock } from './clock.ts';
import { CookieSigner } from './cookie.ts';
import { outOfTheBlueReply } from './ootb.ts';
import { type AssociationOptions, associationOptions } from './options.ts';
import { ephemeralPort, type PeerAddress, type SctpTransport } from './transport.ts';

export interface EndpointOptions extends Partial<AssociationOptions> {
  /** Local SCTP port; an ephemeral one when absent. */
  port?: number;
  clock?: Clock;
  /** Addresses listed in our INIT ACKs (§3.3.3 IPv4/IPv6 Address parameters), e.g. a bound address. */
  addresses?: string[];
}

export interface EndpointEvents {
  /** A peer set up an association with this (listening) endpoint. */
  association: [Association];
  /** A packet that failed its checksum or did not decode, dropped (§6.8). */
  dropped: [{ from: PeerAddress; reason: string }];
}

/**
 * An SCTP endpoint (RFC 9260 §2.1): one local port on one transport, its associations keyed by
 * peer address and port, the State Cookie secret, and the handling of packets that belong to no
 * association (INIT and COOKIE ECHO when listening, §8.4 otherwise). `listen()` accepts
 * associations (`association` events); `connect()` starts one.
 */
export class SctpEndpoint extends EventEmitter<EndpointEvents> implements AssociationHost {
  readonly clock: Clock;
  readonly localPort: number;
  readonly options: AssociationOptions;
  private readonly associations = new Map<string, Association>();
  private readonly signer = new CookieSigner();
  private listening = false;
  private closed = false;
  /** Packets dropped for a bad checksum or a malformed encoding. */
  readonly counters = { badChecksum: 0, malformed: 0, outOfTheBlue: 0 };

  constructor(
    readonly transport: SctpTransport,
    private readonly opts: EndpointOptions = {},
  ) {
    super();
    this.clock = opts.clock ?? realClock;
    this.options = associationOptions(opts);
    let port = opts.port;
    for (let tries = 0; ; tries++) {
      const p = port ?? ephemeralPort();
      try {
        transport.bind(p, (packet, from) => this.receive(packet, from));
        this.localPort = p;
        break;
      } catch (e) {
        if (port !== undefined || tries > 20) throw e;
      }
    }
    port = undefined;
  }

  /** Accepts associations from now on. */
  listen(): this {
    this.listening = true;
    return this;
  }

  /** §5.1 A: starts an association with `peer`; `whenUp()` on it resolves when it is established. */
  connect(peer: PeerAddress, peerPort: number, options: Partial<AssociationOptions> = {}): Association {
    if (this.closed) throw new Error('SCTP endpoint is closed');
    const key = keyOf(peer.address, peerPort);
    if (this.associations.has(key)) throw new Error(`SCTP: an association with [${peer.address}]:${peerPort} exists`);
    const a = new Association(this, { ...peer }, peerPort, associationOptions({ ...this.opts, ...options }));
    this.associations.set(key, a);
    a.connect();
    return a;
  }

  get associationCount(): number {
    return this.associations.size;
  }

  association(peer: string, peerPort: number): Association | undefined {
    return this.associations.get(keyOf(peer, peerPort));
  }

  removed(a: Association): void {
    const key = keyOf(a.peer.address, a.peerPort);
    if (this.associations.get(key) === a) this.associations.delete(key);
  }

  receive(packet: Buffer, from: PeerAddress): void {
    if (!checksumValid(packet)) {
      this.counters.badChecksum++;
      this.emit('dropped', { from, reason: 'bad CRC32c checksum' });
      return;
    }
    let p: DecodedSctpPacket;
    try {
      p = decodePacket(packet);
    } catch (e) {
      this.counters.malformed++;
      this.emit('dropped', { from, reason: (e as Error).message });
      return;
    }
    let a = this.associations.get(keyOf(from.address, p.srcPort));
    const first = p.chunks[0];
    if (!a && first.type === 'init-ack') {
      // The INIT ACK may come from another address of the peer: match our Initiate Tag (§5.1 C).
      for (const x of this.associations.values())
        if (x.state === 'cookie-wait' && x.localTag === p.verificationTag && x.peerPort === p.srcPort) a = x;
    }
    if (a && from.udpPort !== undefined) a.peer.udpPort = from.udpPort; // RFC 6951 §5.4
    if (first.type === 'cookie-echo') {
      this.onCookieEcho(p, first.cookie, from, a);
      return;
    }
    if (a) {
      a.receive(p);
      return;
    }
    if (first.type === 'init' && this.listening && !this.closed) {
      if (p.chunks.length !== 1 || p.verificationTag !== 0) return;
      const reply = this.initAck(first, from, p.srcPort, {
        localTag: randomTag(),
        localInitialTsn: randomTag(),
        localTieTag: 0,
        peerTieTag: 0,
      });
      this.sendTo(from, p.srcPort, first.initiateTag, reply);
      return;
    }
    this.counters.outOfTheBlue++;
    const reply = outOfTheBlueReply(p);
    if (reply) this.transport.send(encodePacket(reply), from);
  }

  /** §5.1.5, §5.2.4: a COOKIE ECHO, for an existing association or a new one. */
  private onCookieEcho(p: DecodedSctpPacket, cookie: Buffer, from: PeerAddress, a: Association | undefined): void {
    const c = this.signer.open(cookie);
    // (1)-(2): a cookie we did not make, or made for other ports or another tag, is discarded.
    if (!c || c.localPort !== this.localPort || c.peerPort !== p.srcPort || c.peerAddress !== from.address) return;
    const duplicate = a !== undefined && c.localTag === a.localTag && c.peerTag === a.peerTag;
    if (!a && p.verificationTag !== c.localTag) return;
    const age = this.clock.now() - c.created;
    if (age > c.lifespan && !duplicate) {
      // (3): stale; tell the peer by how much (microseconds).
      const staleness = Math.min(0xffffffff, Math.round((age - c.lifespan) * 1000));
      this.transport.send(
        encodePacket({
          srcPort: this.localPort,
          dstPort: p.srcPort,
          verificationTag: c.peerTag,
          chunks: [{ type: 'error', causes: [{ cause: 'stale-cookie', staleness }] }],
        }),
        from,
      );
      return;
    }
    if (a) {
      a.onCookieEcho(c);
      a.receive(p);
      return;
    }
    if (!this.listening || this.closed) return;
    const n = new Association(this, { ...from, udpPort: c.peerUdpPort || from.udpPort }, p.srcPort, this.options);
    this.associations.set(keyOf(from.address, p.srcPort), n);
    n.establishFromCookie(c);
    this.emit('association', n);
    n.receive(p);
  }

  /**
   * The INIT ACK answering an INIT (§5.1 B, §3.3.3), or the ABORT that refuses it (§3.3.2:
   * a zero Initiate Tag or stream count; §3.3.2.1: a Host Name Address).
   */
  initAck(init: InitChunk, from: PeerAddress, peerPort: number, tags: TieTags): InitAckChunk | AbortChunk {
    if (init.initiateTag === 0 || init.outboundStreams === 0 || init.inboundStreams === 0)
      return { type: 'abort', reflected: false, causes: [{ cause: 'invalid-mandatory-parameter' }] };
    const unrecognized: SctpParam[] = [];
    let preservative = 0;
    for (const p of init.params) {
      if (p.param === 'host-name-address') {
        const tlv = Buffer.alloc((PARAMS.itemLength(p) + 3) & ~3);
        tlv.writeUInt16BE(PARAMS.typeOf(p), 0);
        tlv.writeUInt16BE(PARAMS.itemLength(p), 2);
        p.name.copy(tlv, 4);
        return { type: 'abort', reflected: false, causes: [{ cause: 'unresolvable-address', address: tlv }] };
      }
      if (p.param === 'cookie-preservative') preservative = Math.min(p.increment, 60_000);
      if (p.param === 'unknown') {
        const act = unrecognizedParamAction(p.paramType);
        if (act.report) {
          const tlv = Buffer.alloc((4 + p.value.length + 3) & ~3);
          tlv.writeUInt16BE(p.paramType, 0);
          tlv.writeUInt16BE(4 + p.value.length, 2);
          p.value.copy(tlv, 4);
          unrecognized.push({ param: 'unrecognized-parameter', parameter: tlv });
        }
        if (!act.skip) break;
      }
    }
    const o = this.options;
    const cookie = this.signer.make({
      created: this.clock.now(),
      lifespan: o.cookieLifespan + preservative,
      localTag: tags.localTag,
      localInitialTsn: tags.localInitialTsn,
      peerTag: init.initiateTag,
      peerInitialTsn: init.initialTsn,
      peerArwnd: init.arwnd,
      outboundStreams: Math.min(o.outboundStreams, init.inboundStreams),
      inboundStreams: Math.min(o.inboundStreams, init.outboundStreams),
      localTieTag: tags.localTieTag,
      peerTieTag: tags.peerTieTag,
      localPort: this.localPort,
      peerPort,
      peerAddress: from.address,
      peerUdpPort: from.udpPort ?? 0,
    });
    return {
      type: 'init-ack',
      initiateTag: tags.localTag,
      arwnd: o.receiveBuffer,
      outboundStreams: Math.min(o.outboundStreams, init.inboundStreams),
      inboundStreams: o.inboundStreams,
      initialTsn: tags.localInitialTsn,
      params: [
        { param: 'state-cookie', cookie },
        ...(this.opts.addresses ?? []).map(
          (address): SctpParam =>
            address.includes(':') ? { param: 'ipv6-address', address } : { param: 'ipv4-address', address },
        ),
        ...unrecognized,
      ],
    };
  }

  private sendTo(to: PeerAddress, port: number, vtag: number, chunk: InitAckChunk | AbortChunk): void {
    this.transport.send(
      encodePacket({ srcPort: this.localPort, dstPort: port, verificationTag: vtag, chunks: [chunk] }),
      to,
    );
  }

  /**
   * Stops listening, aborts the associations still open (call `close()` on an association first
   * for a graceful SHUTDOWN) and releases the port.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listening = false;
    for (const a of [...this.associations.values()]) a.abort();
    this.transport.unbind(this.localPort);
  }
}

function keyOf(address: string, port: number): string {
  return `${address}|${port}`;
}
