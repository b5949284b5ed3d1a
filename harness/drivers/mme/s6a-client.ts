import { connect, type Socket } from 'node:net';
import { randomInt } from 'node:crypto';
import { noteIdentity } from '../common/identities.ts';
import type { Plmn } from '../../protocol/common/plmn.ts';
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
  readSubscription,
  resultOf,
  updateLocationRequest,
  type DiameterMessage,
  type DiameterResult,
  type PeerIdentity,
  type Subscription,
} from '../../protocol/diameter/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { TcpStreamCapture } from '../../protocol/ip/index.ts';
import type { Endpoint } from '../common/udp-peer.ts';

/**
 * The MME side of S6a (TS 29.272 §5.2.1.1) over Diameter on TCP (RFC 6733 §2.1): connects,
 * exchanges capabilities advertising S6a (§5.3), answers the HSS's Device-Watchdog (§5.5), sends
 * Update Location Requests with the Visited-PLMN-Id, and disconnects with DPR (§5.4). Every
 * message is recorded in the scenario's pcap as IPv6/TCP to the HSS's port.
 */
export interface S6aClientOptions {
  hss: Endpoint;
  recorder: PacketRecorder;
  /** The HSS's realm (Destination-Realm); the MME's own realm is the same by default. */
  realm?: string;
  /** How long an answer may take (the Diameter Tx timer, RFC 6733 §5.5.3 leaves it to the peer). */
  answerTimeoutMs?: number;
}

export type S6aOutcome =
  | { kind: 'answer'; message: DiameterMessage; result: DiameterResult; subscription?: Subscription; rttMs: number }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'closed'; reason: string };

export function describeS6aOutcome(o: S6aOutcome): string {
  if (o.kind === 'timeout') return `no answer within ${o.afterMs} ms`;
  if (o.kind === 'closed') return `connection closed: ${o.reason}`;
  const r = o.result;
  return `${describeMessage(o.message)} ${r.kind === 'result-code' ? `Result-Code ${r.code}` : r.kind === 'experimental' ? `Experimental-Result ${r.vendorId}/${r.code}` : 'without a result'}`;
}

export class S6aClient {
  private socket?: Socket;
  private capture?: TcpStreamCapture;
  private readonly pending = new Map<number, (o: S6aOutcome) => void>();
  private nextHopByHop = randomInt(1, 0x7fffffff);
  private readonly endToEndBase = (Math.floor(Date.now() / 1000) & 0xfff) << 20;
  private nextEndToEnd = randomInt(0, 0xfffff);
  private sessions = 0;
  private identity?: PeerIdentity;
  private readonly timeoutMs: number;
  private readonly realm: string;

  constructor(private readonly opts: S6aClientOptions) {
    this.timeoutMs = opts.answerTimeoutMs ?? 3000;
    this.realm = opts.realm ?? 'epc.mnc001.mcc001.3gppnetwork.org';
  }

  /** Connects and exchanges capabilities; returns the CEA's outcome. */
  async open(signal?: AbortSignal): Promise<S6aOutcome> {
    const { address, port } = this.opts.hss;
    const socket = connect({ host: address, port, noDelay: true });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }).catch((e: Error) => {
      throw new Error(`S6a: cannot connect to the HSS at [${address}]:${port}: ${e.message}`);
    });
    const local = { address: socket.localAddress ?? '::1', port: socket.localPort ?? 0 };
    this.capture = new TcpStreamCapture(local, { address, port }, (p) => this.opts.recorder.ip(p));
    this.capture.open();
    this.identity = {
      originHost: `mme.${this.realm}`,
      originRealm: this.realm,
      hostIpAddresses: [local.address],
      productName: 'v6harness MME',
      originStateId: 1,
    };
    const deframer = new DiameterDeframer();
    socket.on('data', (chunk) => {
      let messages: Buffer[];
      try {
        messages = deframer.push(chunk);
      } catch (e) {
        return this.fail(`the HSS's stream lost its framing: ${e instanceof Error ? e.message : String(e)}`);
      }
      for (const raw of messages) {
        this.capture?.data(false, raw);
        let m: DiameterMessage;
        try {
          m = decodeDiameter(raw);
        } catch (e) {
          return this.fail(`a malformed message from the HSS: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (m.request) this.onRequest(m);
        else
          this.pending.get(m.hopByHop)?.({
            kind: 'answer',
            message: m,
            result: resultOf(m.avps),
            subscription: readSubscription(m.avps),
            rttMs: 0,
          });
      }
    });
    socket.on('close', () => this.fail('closed by the HSS'));
    socket.on('error', (e) => this.fail(e.message));
    return this.request((ids) => capabilitiesExchange(this.identity!, ids), signal);
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

  private request(
    build: (ids: { hopByHop: number; endToEnd: number }) => DiameterMessage,
    signal?: AbortSignal,
  ): Promise<S6aOutcome> {
    const hopByHop = this.nextHopByHop++ >>> 0;
    // RFC 6733 §3: End-to-End Identifier, high 12 bits from the clock, low 20 random then increasing.
    const endToEnd = (this.endToEndBase | (this.nextEndToEnd++ & 0xfffff)) >>> 0;
    const sentAt = performance.now();
    return new Promise<S6aOutcome>((resolve) => {
      const done = (o: S6aOutcome) => {
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

  /** TS 29.272 §5.2.1.1.2: ULR for an initial attach in `visitedPlmn` (the home PLMN when not roaming). */
  updateLocation(imsi: string, visitedPlmn: Plmn, signal?: AbortSignal): Promise<S6aOutcome> {
    noteIdentity('imsi', imsi);
    const id = this.identity!;
    const sessionId = `${id.originHost};${Date.now() >>> 0};${++this.sessions}`;
    return this.request(
      (ids) =>
        updateLocationRequest(
          {
            sessionId,
            originHost: id.originHost,
            originRealm: id.originRealm,
            destinationRealm: this.realm,
            imsi,
            visitedPlmn,
          },
          ids,
        ),
      signal,
    );
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
