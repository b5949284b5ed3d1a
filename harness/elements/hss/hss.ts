import { createServer, type Server, type Socket } from 'node:net';
import {
  APPLICATION,
  COMMANDS,
  DiameterDeframer,
  RESULT,
  avp,
  avpNumber,
  capabilitiesExchange,
  decodeDiameter,
  deviceWatchdog,
  disconnectPeer,
  encodeDiameter,
  findAllAvps,
  readUpdateLocationRequest,
  updateLocationAnswer,
  type DiameterMessage,
  type PeerIdentity,
} from '../../protocol/diameter/index.ts';
import type { HssFault } from './faults.ts';
import { updateLocation, type SubscriberRecord } from './subscriber-data.ts';

/**
 * An HSS stand-in on S6a (TS 29.272) over Diameter on TCP (RFC 6733 §2.1). Each connection starts
 * in Wait-CER (§5.6): the first message must be a CER, answered with a CEA (2001 when the peer
 * advertises S6a, else 5010 DIAMETER_NO_COMMON_APPLICATION and the connection closes); then
 * Device-Watchdog (§5.5) and Disconnect-Peer (§5.4) are answered, and each Update Location
 * Request gets the answer of subscriber-data.ts (TS 29.272 §5.2.1.1.3).
 */
export interface HssOptions {
  address: string;
  port?: number;
  realm?: string;
  /** The home PLMN as MCC-MNC. */
  homePlmn?: string;
  subscribers: Readonly<Record<string, SubscriberRecord>>;
  faults?: readonly HssFault[];
  onError?: (e: unknown) => void;
}

export class Hss {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly identity: PeerIdentity;
  endpoint = { address: '', port: 0 };

  constructor(private readonly opts: HssOptions) {
    const realm = opts.realm ?? 'epc.mnc001.mcc001.3gppnetwork.org';
    this.identity = {
      originHost: `hss.${realm}`,
      originRealm: realm,
      hostIpAddresses: [opts.address],
      productName: 'v6harness HSS stand-in',
      originStateId: 1,
    };
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

  private has(f: HssFault): boolean {
    return this.opts.faults?.includes(f) ?? false;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const deframer = new DiameterDeframer();
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
            const common = advertisesS6a(m);
            const cea = capabilitiesExchange(
              this.identity,
              ids,
              common ? RESULT.DIAMETER_SUCCESS : RESULT.DIAMETER_NO_COMMON_APPLICATION,
            );
            if (this.has('cea-without-origin-host')) cea.avps = cea.avps.filter((a) => a.name !== 'Origin-Host');
            send(cea);
            if (!common) return void socket.end();
            open = true;
            continue;
          }
          switch (m.commandCode) {
            case COMMANDS['Device-Watchdog']:
              send(deviceWatchdog(this.identity, ids, RESULT.DIAMETER_SUCCESS));
              break;
            case COMMANDS['Disconnect-Peer']:
              send(disconnectPeer(this.identity, ids, { resultCode: RESULT.DIAMETER_SUCCESS }));
              socket.end();
              break;
            case COMMANDS['Update-Location']:
              if (!this.has('silent')) send(this.updateLocationAnswer(m));
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

  private updateLocationAnswer(req: DiameterMessage): DiameterMessage {
    const u = readUpdateLocationRequest(req);
    if (!u.imsi || !u.visitedPlmn)
      return updateLocationAnswer(req, this.identity, { kind: 'result-code', code: RESULT.DIAMETER_MISSING_AVP });
    return updateLocationAnswer(
      req,
      this.identity,
      updateLocation(
        this.opts.subscribers,
        this.opts.homePlmn ?? '001-01',
        u.imsi,
        u.visitedPlmn,
        this.opts.faults ?? [],
      ),
    );
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** RFC 6733 §5.3.1: the CER names S6a in Auth-Application-Id, directly or vendor-specifically, or relays all (0xffffffff). */
function advertisesS6a(cer: DiameterMessage): boolean {
  const direct = findAllAvps(cer.avps, 'Auth-Application-Id').map((a) => (a.type === 'u32' ? a.value : -1));
  const vendor = findAllAvps(cer.avps, 'Vendor-Specific-Application-Id').map((g) =>
    g.type === 'grouped' ? avpNumber(g.value, 'Auth-Application-Id') : undefined,
  );
  return [...direct, ...vendor].some((id) => id === APPLICATION.S6A || id === 0xffffffff);
}
