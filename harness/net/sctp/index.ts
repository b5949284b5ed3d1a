import { EventEmitter } from 'node:events';
import type { PacketRecorder } from '../pcap/recorder.ts';
import { SCTP_UDP_PORT } from '../../protocol/sctp/index.ts';
import type { Association } from './association.ts';
import { SctpEndpoint, type EndpointOptions } from './endpoint.ts';
import { RawIpTransport } from './raw-transport.ts';
import type { SctpTransport } from './transport.ts';
import { UdpTransport } from './udp-transport.ts';

/**
 * Userspace SCTP (RFC 9260) for N2/S1-MME on hosts without kernel SCTP: `sctpListen` (a server,
 * e.g. an AMF stand-in on port 38412) and `sctpConnect` (a client, e.g. a gNB), over raw IP
 * (protocol 132; root) or UDP encapsulation (RFC 6951; containers). See docs/sctp.md.
 */
export { Association, type AssociationState, type CloseReason, type AssociationEvents } from './association.ts';
export { SctpEndpoint, type EndpointOptions } from './endpoint.ts';
export type { SctpMessage } from './inbound.ts';
export { type AssociationOptions, ASSOCIATION_DEFAULTS } from './options.ts';
export { ManualClock, realClock, type Clock } from './clock.ts';
export { MemoryNetwork, type Impairment, type LinkFate } from './memory-link.ts';
export { RawIpTransport } from './raw-transport.ts';
export { UdpTransport } from './udp-transport.ts';
export type { PeerAddress, SctpTransport } from './transport.ts';
export { PPID, SCTP_PORT, SCTP_UDP_PORT } from '../../protocol/sctp/index.ts';

export type TransportChoice = 'raw' | 'udp';

export interface SctpSocketOptions extends Omit<EndpointOptions, 'port'> {
  transport: TransportChoice;
  /** Local UDP port for UDP encapsulation: 9899 when listening, any for a client, unless given. */
  udpPort?: number;
  recorder?: PacketRecorder;
}

async function openTransport(
  kind: TransportChoice,
  family: 4 | 6,
  o: { udpPort: number; address?: string; recorder?: PacketRecorder },
): Promise<SctpTransport> {
  if (kind === 'raw') return new RawIpTransport({ family, recorder: o.recorder, localAddress: o.address });
  return UdpTransport.open({ family, port: o.udpPort, address: o.address, recorder: o.recorder });
}

const familyOf = (address: string): 4 | 6 => (address.includes(':') ? 6 : 4);

export interface SctpServerEvents {
  association: [Association];
}

/** A listening endpoint with its own transport. */
export class SctpServer extends EventEmitter<SctpServerEvents> {
  constructor(
    readonly endpoint: SctpEndpoint,
    readonly transport: SctpTransport,
  ) {
    super();
    endpoint.on('association', (a) => this.emit('association', a));
  }

  get port(): number {
    return this.endpoint.localPort;
  }

  /** The UDP encapsulation port, over UDP. */
  get udpPort(): number | undefined {
    return this.transport instanceof UdpTransport ? this.transport.localUdpPort : undefined;
  }

  /** Aborts what is still open and releases the socket. */
  async close(): Promise<void> {
    await this.endpoint.close();
    await this.transport.close();
  }
}

/** Listens on `port` (and `address`, when given: it is listed in INIT ACKs and used in captures). */
export async function sctpListen(
  o: SctpSocketOptions & { port: number; address?: string; family?: 4 | 6 },
): Promise<SctpServer> {
  const family = o.family ?? (o.address ? familyOf(o.address) : 6);
  const transport = await openTransport(o.transport, family, {
    udpPort: o.udpPort ?? SCTP_UDP_PORT,
    address: o.address,
    recorder: o.recorder,
  });
  try {
    const endpoint = new SctpEndpoint(transport, { ...o, addresses: o.address ? [o.address] : o.addresses }).listen();
    return new SctpServer(endpoint, transport);
  } catch (e) {
    await transport.close();
    throw e;
  }
}

/**
 * Sets up an association with `address`:`port` and resolves when it is established (or rejects
 * with the reason: no answer to INIT, ABORT from the peer). The association owns its endpoint and
 * transport: they are released when it closes.
 */
export async function sctpConnect(
  o: SctpSocketOptions & { address: string; port: number; localPort?: number; peerUdpPort?: number },
): Promise<Association> {
  const transport = await openTransport(o.transport, familyOf(o.address), {
    udpPort: o.udpPort ?? 0,
    recorder: o.recorder,
  });
  let endpoint: SctpEndpoint;
  try {
    endpoint = new SctpEndpoint(transport, { ...o, port: o.localPort });
  } catch (e) {
    await transport.close();
    throw e;
  }
  const a = endpoint.connect(
    { address: o.address, udpPort: o.transport === 'udp' ? (o.peerUdpPort ?? SCTP_UDP_PORT) : undefined },
    o.port,
  );
  a.once('close', () => void endpoint.close().then(() => transport.close()));
  await a.whenUp();
  return a;
}
