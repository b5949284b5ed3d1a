import { createSocket } from 'node:dgram';
import { ipFrame } from '../pcap/ip-frame.ts';
import type { PacketRecorder } from '../pcap/recorder.ts';
import type { PeerAddress } from './transport.ts';

/** IANA protocol number of SCTP (RFC 9260 §3). */
export const IPPROTO_SCTP = 132;

/**
 * The address this host sends from towards `peer` (the kernel's source address selection,
 * RFC 6724), found by connecting a UDP socket: nothing is sent.
 */
export function sourceAddressFor(peer: string): Promise<string> {
  return new Promise((resolve) => {
    const s = createSocket(peer.includes(':') ? 'udp6' : 'udp4');
    const done = (a: string) => {
      s.close();
      resolve(a);
    };
    s.on('error', () => done(peer.includes(':') ? '::' : '0.0.0.0'));
    s.connect(9, peer, () => done(s.address().address));
  });
}

/**
 * Writes the SCTP packets a transport sends and receives to a PacketRecorder as the packets
 * that were on the wire: over raw IP as IPv6/IPv4 packets of protocol 132, over UDP (RFC 6951)
 * as UDP datagrams. A raw IPv6 socket does not tell the packet's destination, so the local
 * address is the one the kernel selects towards the peer, found once per peer; packets wait in
 * order while it is found. A packet this transport sent and receives back (loopback, both ends in
 * one process) is written once.
 */
export class SctpCapture {
  private readonly local = new Map<string, string>();
  private readonly queue: { peer: string; frame: (local: string) => Buffer | undefined }[] = [];
  private resolving = false;
  private readonly recentlySent = new Set<number>();
  private readonly sentOrder: number[] = [];

  constructor(
    private readonly recorder: PacketRecorder,
    private readonly mode: { kind: 'raw' } | { kind: 'udp'; localPort: () => number },
    private readonly fixedLocal?: string,
  ) {}

  sent(packet: Buffer, to: PeerAddress): void {
    const crc = packet.readUInt32LE(8);
    if (this.recentlySent.size >= 256) this.recentlySent.delete(this.sentOrder.shift()!);
    this.recentlySent.add(crc);
    this.sentOrder.push(crc);
    const copy = Buffer.from(packet);
    this.push(to.address, (local) => this.frame(local, to, copy, true));
  }

  received(packet: Buffer, from: PeerAddress, localAddress?: string): void {
    if (this.recentlySent.has(packet.readUInt32LE(8))) return;
    const copy = Buffer.from(packet);
    if (localAddress) this.local.set(from.address, localAddress);
    this.push(from.address, (local) => this.frame(local, from, copy, false));
  }

  private frame(local: string, peer: PeerAddress, packet: Buffer, outgoing: boolean): Buffer | undefined {
    if (this.mode.kind === 'raw') {
      const [src, dst] = outgoing ? [local, peer.address] : [peer.address, local];
      this.recorder.ip(ipFrame(src, dst, IPPROTO_SCTP, packet));
    } else {
      const me = { address: local, port: this.mode.localPort() };
      const them = { address: peer.address, port: peer.udpPort ?? 9899 };
      if (outgoing) this.recorder.udp(me, them, packet);
      else this.recorder.udp(them, me, packet);
    }
    return undefined;
  }

  private push(peer: string, frame: (local: string) => Buffer | undefined): void {
    const known = this.fixedLocal ?? this.local.get(peer);
    if (known && this.queue.length === 0) {
      frame(known);
      return;
    }
    this.queue.push({ peer, frame });
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.resolving) return;
    this.resolving = true;
    try {
      while (this.queue.length) {
        const head = this.queue[0];
        let local = this.fixedLocal ?? this.local.get(head.peer);
        if (!local) {
          local = await sourceAddressFor(head.peer);
          this.local.set(head.peer, local);
        }
        this.queue.shift();
        head.frame(local);
      }
    } finally {
      this.resolving = false;
    }
  }

  /** Resolves when every packet so far is written. */
  async settled(): Promise<void> {
    while (this.queue.length || this.resolving) await new Promise((r) => setTimeout(r, 5));
  }
}
