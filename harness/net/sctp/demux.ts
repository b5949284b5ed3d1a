import { checksumValid, decodePacket, encodePacket } from '../../protocol/sctp/index.ts';
import { outOfTheBlueReply } from './ootb.ts';
import type { PacketReceiver, PeerAddress } from './transport.ts';

/**
 * Hands each received packet to the receiver bound to its destination port. A packet for a port
 * nobody bound is answered per §8.4 when the transport owns the whole SCTP port space (UDP
 * encapsulation, the in-process link), and ignored over raw IP, where another SCTP stack on the
 * host may own the port.
 */
export class PortDemux {
  private readonly receivers = new Map<number, PacketReceiver>();

  constructor(
    private readonly kind: string,
    private readonly answer: ((packet: Buffer, to: PeerAddress) => void) | undefined,
  ) {}

  get size(): number {
    return this.receivers.size;
  }

  bind(port: number, receiver: PacketReceiver): void {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`SCTP port ${port} is not 1..65535`);
    if (this.receivers.has(port)) throw new Error(`SCTP port ${port} is already bound on the ${this.kind} transport`);
    this.receivers.set(port, receiver);
  }

  unbind(port: number): void {
    this.receivers.delete(port);
  }

  has(port: number): boolean {
    return this.receivers.has(port);
  }

  dispatch(packet: Buffer, from: PeerAddress): void {
    if (packet.length < 16) return;
    const port = (packet[2] << 8) | packet[3];
    const r = this.receivers.get(port);
    if (r) {
      r(packet, from);
      return;
    }
    if (!this.answer || !checksumValid(packet)) return;
    try {
      const reply = outOfTheBlueReply(decodePacket(packet));
      if (reply) this.answer(encodePacket(reply), from);
    } catch {
      // A malformed packet for nobody: nothing to answer.
    }
  }
}
