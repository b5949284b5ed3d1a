import { createServer, type Server, type Socket } from 'node:net';
import {
  APPLICATION,
  COMMANDS,
  DiameterDeframer,
  RESULT,
  avp,
  avpNumber,
  capabilitiesExchange,
  creditControlAnswer,
  decodeDiameter,
  deviceWatchdog,
  disconnectPeer,
  encodeDiameter,
  findAllAvps,
  findAvp,
  readCreditControlRequest,
  type CcaOutcome,
  type DiameterMessage,
  type GxRecord,
  type PeerIdentity,
} from '../../protocol/diameter/index.ts';
import type { GxPolicyDeclaration } from '../../lab/target.ts';
import type { PcrfFault } from './faults.ts';
import { decide } from './policy.ts';

export type { GxRecord };

/**
 * A PCRF stand-in on Gx (TS 29.212) over Diameter on TCP (RFC 6733 §2.1). Each connection starts
 * in Wait-CER (§5.6): the first message must be a CER, answered with a CEA (2001 when the peer
 * advertises Gx, else 5010 DIAMETER_NO_COMMON_APPLICATION and the connection closes); then
 * Device-Watchdog (§5.5) and Disconnect-Peer (§5.4) are answered, and each Credit-Control Request
 * (§5.6.2) gets the decision of policy.ts. Every CCR is recorded with what the PCEF said about the
 * session (UE addresses, RAT and IP-CAN type, APN, user location) for scenarios to check.
 */
export interface PcrfOptions {
  address: string;
  port?: number;
  realm?: string;
  policy?: GxPolicyDeclaration;
  faults?: readonly PcrfFault[];
  onError?: (e: unknown) => void;
  /** Called with each record as it is made (the container writes them where the lab reads them). */
  onRecord?: (r: GxRecord) => void;
}

/** The realm (and so the identity, pcrf.<realm>) of a PCRF whose target entry names none. */
export const PCRF_DEFAULT_REALM = 'epc.mnc001.mcc001.3gppnetwork.org';

export class Pcrf {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly identity: PeerIdentity;
  private readonly sessions = new Set<string>();
  readonly records: GxRecord[] = [];
  endpoint = { address: '', port: 0 };

  constructor(private readonly opts: PcrfOptions) {
    const realm = opts.realm ?? PCRF_DEFAULT_REALM;
    this.identity = {
      originHost: `pcrf.${realm}`,
      originRealm: realm,
      hostIpAddresses: [opts.address],
      productName: 'v6harness PCRF stand-in',
      originStateId: 1,
    };
  }

  get originHost(): string {
    return this.identity.originHost;
  }

  async start(): Promise<void> {
    const server = createServer((socket) => this.serve(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(
        { port: this.opts.port ?? 0, host: this.opts.address, ipv6Only: this.opts.address.includes(':') },
        () => resolve(),
      );
    });
    server.on('error', (e) => this.opts.onError?.(e));
    const a = server.address();
    if (a && typeof a === 'object') this.endpoint = { address: a.address, port: a.port };
  }

  private has(f: PcrfFault): boolean {
    return this.opts.faults?.includes(f) ?? false;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const deframer = new DiameterDeframer();
    const peer = `[${socket.remoteAddress}]:${socket.remotePort}`;
    let open = false;
    const send = (m: DiameterMessage) => socket.write(encodeDiameter(m));
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (e) => this.opts.onError?.(e));
    socket.on('data', (chunk) => {
      try {
        for (const raw of deframer.push(chunk)) {
          const m = decodeDiameter(raw);
          const ids = { hopByHop: m.hopByHop, endToEnd: m.endToEnd };
          if (!m.request) continue;
          if (!open) {
            // RFC 6733 §5.6.4 (Wait-CER): anything but a CER closes the connection.
            if (m.commandCode !== COMMANDS['Capabilities-Exchange']) return void socket.destroy();
            const common = advertises(m, APPLICATION.GX);
            const cea = capabilitiesExchange(
              this.identity,
              ids,
              common ? RESULT.DIAMETER_SUCCESS : RESULT.DIAMETER_NO_COMMON_APPLICATION,
              [APPLICATION.GX],
            );
            if (this.has('cea-without-origin-host')) cea.avps = cea.avps.filter((a) => a.name !== 'Origin-Host');
            send(cea);
            if (!common) return void socket.end();
            open = true;
            continue;
          }
          switch (m.commandCode) {
            case COMMANDS['Device-Watchdog']:
              if (!this.has('ignore-watchdog')) send(deviceWatchdog(this.identity, ids, RESULT.DIAMETER_SUCCESS));
              break;
            case COMMANDS['Disconnect-Peer']:
              send(disconnectPeer(this.identity, ids, { resultCode: RESULT.DIAMETER_SUCCESS }));
              socket.end();
              break;
            case COMMANDS['Credit-Control']:
              if (!this.has('silent')) send(this.creditControl(m, peer));
              break;
            default:
              // RFC 6733 §7.1.3: DIAMETER_COMMAND_UNSUPPORTED (3001), with the E bit.
              send({
                ...m,
                request: false,
                error: true,
                avps: [
                  avp('Result-Code', 3001),
                  avp('Origin-Host', this.identity.originHost),
                  avp('Origin-Realm', this.identity.originRealm),
                ],
              });
          }
        }
      } catch (e) {
        this.opts.onError?.(e);
        socket.destroy();
      }
    });
  }

  /** TS 29.212 §5.6.2-3: the CCR's required AVPs, then the policy decision. */
  private creditControl(req: DiameterMessage, peer: string): DiameterMessage {
    const ccr = readCreditControlRequest(req);
    const missing = (
      [
        'Session-Id',
        'Origin-Host',
        'Origin-Realm',
        'Destination-Realm',
        'CC-Request-Type',
        'CC-Request-Number',
      ] as const
    ).find((n) => !findAvp(req.avps, n));
    const sid = ccr.sessionId ?? '';
    const outcome: CcaOutcome = missing
      ? { kind: 'result-code', code: RESULT.DIAMETER_MISSING_AVP }
      : decide(ccr, this.opts.policy, this.sessions.has(sid), this.opts.faults ?? []);
    if (outcome.kind === 'success' && ccr.requestType === 'initial') this.sessions.add(sid);
    if (ccr.requestType === 'termination') this.sessions.delete(sid);
    const cca = creditControlAnswer(req, this.identity, outcome);
    if (missing) cca.avps.push(failedAvp(missing));
    if (this.has('cca-without-result-code'))
      cca.avps = cca.avps.filter((a) => a.name !== 'Result-Code' && a.name !== 'Experimental-Result');
    const { userLocation, ...rest } = ccr;
    const record: GxRecord = {
      at: Date.now(),
      peer,
      ccr: {
        ...rest,
        ...(userLocation
          ? {
              userLocation: {
                type: userLocation.type,
                hex: userLocation.raw.toString('hex'),
                ...(userLocation.tai ? { tai: userLocation.tai } : {}),
                ...(userLocation.ecgi ? { ecgi: userLocation.ecgi } : {}),
              },
            }
          : {}),
      },
      answer: {
        kind: outcome.kind,
        ...(outcome.kind !== 'success' ? { code: outcome.code } : {}),
        ...(outcome.kind === 'success' && outcome.policy?.defaultBearerQos
          ? { qci: outcome.policy.defaultBearerQos.qci }
          : {}),
      },
    };
    this.records.push(record);
    this.opts.onRecord?.(record);
    return cca;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** RFC 6733 §7.5 Failed-AVP: the missing AVP with a zero-filled value of its type. */
function failedAvp(
  name: 'Session-Id' | 'Origin-Host' | 'Origin-Realm' | 'Destination-Realm' | 'CC-Request-Type' | 'CC-Request-Number',
) {
  const numeric = name === 'CC-Request-Type' || name === 'CC-Request-Number';
  return avp('Failed-AVP', [avp(name, numeric ? 0 : '')]);
}

/** RFC 6733 §5.3.1: the CER names `id` in Auth-Application-Id, directly or vendor-specifically, or relays all. */
function advertises(cer: DiameterMessage, id: number): boolean {
  const direct = findAllAvps(cer.avps, 'Auth-Application-Id').map((a) => (a.type === 'u32' ? a.value : -1));
  const vendor = findAllAvps(cer.avps, 'Vendor-Specific-Application-Id').map((g) =>
    g.type === 'grouped' ? avpNumber(g.value, 'Auth-Application-Id') : undefined,
  );
  return [...direct, ...vendor].some((a) => a === id || a === 0xffffffff);
}
