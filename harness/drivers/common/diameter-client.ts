import { connect, type Socket } from 'node:net';
import { randomInt } from 'node:crypto';
import {
  COMMANDS,
  DiameterDeframer,
  RESULT,
  capabilitiesExchange,
  decodeDiameter,
  describeMessage,
  deviceWatchdog,
  disconnectPeer,
  encodeDiameter,
  resultOf,
  type DiameterMessage,
  type DiameterResult,
  type Ids,
  type PeerIdentity,
} from '../../protocol/diameter/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { TcpStreamCapture } from '../../protocol/ip/index.ts';
import type { Endpoint } from './udp-peer.ts';

/**
 * The client side of a Diameter connection (RFC 6733) over TCP (§2.1), shared by the drivers that
 * play a Diameter client (the MME on S6a, the PCEF on Gx): connects, exchanges capabilities
 * advertising the driver's applications (§5.3), answers the server's Device-Watchdog (§5.5) and
 * Disconnect-Peer (§5.4), matches answers to requests by Hop-by-Hop Identifier (§3), and
 * disconnects with DPR. Every message is recorded in the scenario's pcap as TCP to the server.
 */
export interface DiameterClientOptions {
  server: Endpoint;
  /** What the server is, in errors ("the HSS", "the PCRF"). */
  serverName: string;
  recorder: PacketRecorder;
  /** Our Origin-Host is `<host>.<realm>`. */
  host: string;
  realm: string;
  productName: string;
  /** The Auth-Application-Ids advertised in the CER (vendor-specific, 3GPP). */
  applications: readonly number[];
  /** How long an answer may take (the Diameter Tx timer, RFC 6733 §5.5.3 leaves it to the peer). */
  answerTimeoutMs?: number;
}

export type DiameterOutcome =
  | { kind: 'answer'; message: DiameterMessage; result: DiameterResult; rttMs: number }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'closed'; reason: string };

export function describeDiameterOutcome(o: DiameterOutcome): string {
  if (o.kind === 'timeout') return `no answer within ${o.afterMs} ms`;
  if (o.kind === 'closed') return `connection closed: ${o.reason}`;
  const r = o.result;
  return `${describeMessage(o.message)} ${r.kind === 'result-code' ? `Result-Code ${r.code}` : r.kind === 'experimental' ? `Experimental-Result ${r.vendorId}/${r.code}` : 'without a result'}`;
}

export class DiameterClient {
  private socket?: Socket;
  private capture?: TcpStreamCapture;
  private readonly pending = new Map<number, (o: DiameterOutcome) => void>();
  private nextHopByHop = randomInt(1, 0x7fffffff);
  private readonly endToEndBase = (Math.floor(Date.now() / 1000) & 0xfff) << 20;
  private nextEndToEnd = randomInt(0, 0xfffff);
  private sessions = 0;
  identity?: PeerIdentity;
  readonly timeoutMs: number;

  constructor(private readonly opts: DiameterClientOptions) {
    this.timeoutMs = opts.answerTimeoutMs ?? 3000;
  }

  get realm(): string {
    return this.opts.realm;
  }

  /** A Session-Id (RFC 6733 §8.8): `<DiameterIdentity>;<high 32 bits>;<low 32 bits>`. */
  newSessionId(): string {
    return `${this.identity?.originHost ?? `${this.opts.host}.${this.opts.realm}`};${Date.now() >>> 0};${++this.sessions}`;
  }

  /** Connects and exchanges capabilities; returns the CEA's outcome. */
  async open(signal?: AbortSignal): Promise<DiameterOutcome> {
    const { address, port } = this.opts.server;
    const socket = connect({ host: address, port, noDelay: true });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }).catch((e: Error) => {
      throw new Error(`cannot connect to ${this.opts.serverName} at [${address}]:${port}: ${e.message}`);
    });
    const local = { address: socket.localAddress ?? '::1', port: socket.localPort ?? 0 };
    this.capture = new TcpStreamCapture(local, { address, port }, (p) => this.opts.recorder.ip(p));
    this.capture.open();
    this.identity = {
      originHost: `${this.opts.host}.${this.opts.realm}`,
      originRealm: this.opts.realm,
      hostIpAddresses: [local.address],
      productName: this.opts.productName,
      originStateId: 1,
    };
    const deframer = new DiameterDeframer();
    socket.on('data', (chunk) => {
      let messages: Buffer[];
      try {
        messages = deframer.push(chunk);
      } catch (e) {
        return this.fail(
          `the stream of ${this.opts.serverName} lost its framing: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      for (const raw of messages) {
        this.capture?.data(false, raw);
        let m: DiameterMessage;
        try {
          m = decodeDiameter(raw);
        } catch (e) {
          return this.fail(
            `a malformed message from ${this.opts.serverName}: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
        if (m.request) this.onRequest(m);
        else this.pending.get(m.hopByHop)?.({ kind: 'answer', message: m, result: resultOf(m.avps), rttMs: 0 });
      }
    });
    socket.on('close', () => this.fail(`closed by ${this.opts.serverName}`));
    socket.on('error', (e) => this.fail(e.message));
    return this.request((ids) => capabilitiesExchange(this.identity!, ids, undefined, this.opts.applications), signal);
  }

  private onRequest(m: DiameterMessage): void {
    const ids = { hopByHop: m.hopByHop, endToEnd: m.endToEnd };
    if (m.commandCode === COMMANDS['Device-Watchdog'])
      this.send(deviceWatchdog(this.identity!, ids, RESULT.DIAMETER_SUCCESS));
    else if (m.commandCode === COMMANDS['Disconnect-Peer'])
      this.send(disconnectPeer(this.identity!, ids, { resultCode: RESULT.DIAMETER_SUCCESS }));
  }

  private fail(reason: string): void {
    for (const resolve of [...this.pending.values()]) resolve({ kind: 'closed', reason });
  }

  private send(m: DiameterMessage): void {
    const b = encodeDiameter(m);
    this.capture?.data(true, b);
    this.socket?.write(b);
  }

  /** Sends the request `build` makes with fresh identifiers; resolves with its answer, a timeout or the connection's end. */
  request(build: (ids: Ids) => DiameterMessage, signal?: AbortSignal): Promise<DiameterOutcome> {
    const hopByHop = this.nextHopByHop++ >>> 0;
    // RFC 6733 §3: End-to-End Identifier, high 12 bits from the clock, low 20 random then increasing.
    const endToEnd = (this.endToEndBase | (this.nextEndToEnd++ & 0xfffff)) >>> 0;
    const sentAt = performance.now();
    return new Promise<DiameterOutcome>((resolve) => {
      const done = (o: DiameterOutcome) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(hopByHop);
        resolve(o.kind === 'answer' ? { ...o, rttMs: performance.now() - sentAt } : o);
      };
      const onAbort = () => done({ kind: 'closed', reason: 'the scenario was aborted' });
      const timer = setTimeout(() => done({ kind: 'timeout', afterMs: this.timeoutMs }), this.timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(hopByHop, done);
      if (!this.socket || this.socket.destroyed) return done({ kind: 'closed', reason: 'not connected' });
      this.send(build({ hopByHop, endToEnd }));
    });
  }

  /** RFC 6733 §5.4: DPR, then the connection closes whatever the answer. */
  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    if (!socket.destroyed && this.identity)
      await Promise.race([
        this.request((ids) => disconnectPeer(this.identity!, ids)),
        new Promise((r) => setTimeout(r, 500)),
      ]);
    this.socket = undefined;
    if (!socket.destroyed) {
      this.capture?.close();
      await new Promise<void>((resolve) => socket.end(() => resolve()));
    }
    socket.destroy();
  }
}
