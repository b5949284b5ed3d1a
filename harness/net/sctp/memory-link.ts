import type { Clock } from './clock.ts';
import { PortDemux } from './demux.ts';
import { ipHeaderLength, type PacketReceiver, type PeerAddress, type SctpTransport } from './transport.ts';

/**
 * What the link does to one packet: drop it, deliver extra copies (duplication), or hold it
 * longer than the others (reordering).
 */
export interface LinkFate {
  drop?: boolean;
  copies?: number;
  extraDelay?: number;
}

export type Impairment = (packet: Buffer, from: string, to: string) => LinkFate;

/**
 * An in-process network of SCTP transports, one per address, whose packets are delivered after
 * `delay` ms on the given clock, through an impairment function: the lossy link of the in-process
 * property tests, driven by a simulated clock so that hours of retransmission timers run in
 * milliseconds.
 */
export class MemoryNetwork {
  private readonly nodes = new Map<string, MemoryTransport>();
  /** Every packet offered to the link, in order: [from, to, octets]. */
  readonly log: { from: string; to: string; packet: Buffer; fate: LinkFate }[] = [];
  keepLog = false;

  constructor(
    readonly clock: Clock,
    private readonly delay = 1,
    public impair: Impairment = () => ({}),
  ) {}

  transport(address: string): SctpTransport {
    if (this.nodes.has(address)) throw new Error(`memory network: ${address} is taken`);
    const t = new MemoryTransport(this, address);
    this.nodes.set(address, t);
    return t;
  }

  carry(packet: Buffer, from: string, to: string): void {
    const fate = this.impair(packet, from, to);
    if (this.keepLog) this.log.push({ from, to, packet: Buffer.from(packet), fate });
    if (fate.drop) return;
    const dst = this.nodes.get(to);
    if (!dst) return;
    const copies = 1 + (fate.copies ?? 0);
    for (let i = 0; i < copies; i++) {
      const copy = Buffer.from(packet);
      this.clock.set(() => dst.deliver(copy, from), this.delay + (fate.extraDelay ?? 0) + i);
    }
  }

  remove(address: string): void {
    this.nodes.delete(address);
  }
}

class MemoryTransport implements SctpTransport {
  readonly kind = 'memory';
  readonly answersOutOfTheBlue = true;
  private readonly demux: PortDemux;

  constructor(
    private readonly net: MemoryNetwork,
    readonly address: string,
  ) {
    this.demux = new PortDemux('memory', (p, to) => this.send(p, to));
  }

  headerOverhead(address: string): number {
    return ipHeaderLength(address);
  }

  send(packet: Buffer, to: PeerAddress): void {
    this.net.carry(packet, this.address, to.address);
  }

  bind(port: number, receiver: PacketReceiver): void {
    this.demux.bind(port, receiver);
  }

  unbind(port: number): void {
    this.demux.unbind(port);
  }

  deliver(packet: Buffer, from: string): void {
    this.demux.dispatch(packet, { address: from });
  }

  async close(): Promise<void> {
    this.net.remove(this.address);
  }
}
