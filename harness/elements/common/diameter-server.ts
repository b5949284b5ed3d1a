import { createServer, type Server, type Socket } from 'node:net';
import {
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
  type DiameterMessage,
  type PeerIdentity,
} from '../../protocol/diameter/index.ts';

/** How one Diameter application's stand-in (S6a HSS, Gx PCRF) plugs into the base-protocol server. */
export interface DiameterServerOptions {
  address: string;
  port?: number;
  identity: PeerIdentity;
  /** The application this node serves (RFC 6733 §5.3.1: advertised in the CEA, required in the CER). */
  application: number;
  /** Faults of the base protocol, each one a real node could have. */
  ceaWithoutOriginHost?: boolean;
  ignoreWatchdog?: boolean;
  /** An application request, with the peer as `[address]:port`; an answer to send, or undefined for none. */
  onRequest(m: DiameterMessage, peer: string): DiameterMessage | undefined;
  onError?: (e: unknown) => void;
}

/**
 * The base protocol of a Diameter server on TCP (RFC 6733 §2.1). Each connection starts in Wait-CER
 * (§5.6.4): the first message must be a CER, answered with a CEA (2001 when the peer advertises the
 * application, else 5010 DIAMETER_NO_COMMON_APPLICATION and the connection closes); then Device-Watchdog
 * (§5.5) and Disconnect-Peer (§5.4) are answered here, unknown commands get 3001 (§7.1.3), and every
 * other request goes to the application.
 */
export class DiameterServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  endpoint = { address: '', port: 0 };

  constructor(private readonly opts: DiameterServerOptions) {}

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

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    const { identity, application } = this.opts;
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
            const common = advertises(m, application);
            const cea = capabilitiesExchange(
              identity,
              ids,
              common ? RESULT.DIAMETER_SUCCESS : RESULT.DIAMETER_NO_COMMON_APPLICATION,
              [application],
            );
            if (this.opts.ceaWithoutOriginHost) cea.avps = cea.avps.filter((a) => a.name !== 'Origin-Host');
            send(cea);
            if (!common) return void socket.end();
            open = true;
            continue;
          }
          switch (m.commandCode) {
            case COMMANDS['Device-Watchdog']:
              if (!this.opts.ignoreWatchdog) send(deviceWatchdog(identity, ids, RESULT.DIAMETER_SUCCESS));
              break;
            case COMMANDS['Disconnect-Peer']:
              send(disconnectPeer(identity, ids, { resultCode: RESULT.DIAMETER_SUCCESS }));
              socket.end();
              break;
            default: {
              const answer = this.opts.onRequest(m, peer);
              if (answer) send(answer);
            }
          }
        }
      } catch (e) {
        this.opts.onError?.(e);
        socket.destroy();
      }
    });
  }
}

/** RFC 6733 §7.1.3: DIAMETER_COMMAND_UNSUPPORTED (3001), with the E bit, for a command the node does not serve. */
export function commandUnsupported(req: DiameterMessage, identity: PeerIdentity): DiameterMessage {
  return {
    ...req,
    request: false,
    error: true,
    avps: [
      avp('Result-Code', 3001),
      avp('Origin-Host', identity.originHost),
      avp('Origin-Realm', identity.originRealm),
    ],
  };
}

/** RFC 6733 §5.3.1: the CER names `id` in Auth-Application-Id, directly or vendor-specifically, or relays all. */
function advertises(cer: DiameterMessage, id: number): boolean {
  const direct = findAllAvps(cer.avps, 'Auth-Application-Id').map((a) => (a.type === 'u32' ? a.value : -1));
  const vendor = findAllAvps(cer.avps, 'Vendor-Specific-Application-Id').map((g) =>
    g.type === 'grouped' ? avpNumber(g.value, 'Auth-Application-Id') : undefined,
  );
  return [...direct, ...vendor].some((a) => a === id || a === 0xffffffff);
}
