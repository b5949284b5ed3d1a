import type { PacketRecorder } from '../../net/pcap/index.ts';
import { type Association, type CloseReason, PPID, sctpConnect, type TransportChoice } from '../../net/sctp/index.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { decodeNgap, encodeNgap, type NgapMessage, type NgapPdu } from '../../protocol/ngap/index.ts';
import { SendQueue, type SendLimit } from '../common/rate-limit.ts';

/**
 * The gNB's end of N2 (TS 38.412): one SCTP association to the AMF carrying NGAP with PPID 60
 * (§7). Stream 0 carries non-UE-associated signalling; UE-associated signalling goes on the
 * other streams, one per UE by its RAN UE NGAP ID, so one UE's messages stay in order (§7).
 */
export interface N2Peer {
  address: string;
  /** SCTP port: 38412 (TS 38.412 §7). */
  port: number;
  /** Raw SCTP (IP protocol 132), or SCTP over UDP (RFC 6951) where the AMF speaks it. */
  transport: TransportChoice;
  /** The AMF's UDP encapsulation port (RFC 6951 §5.1: 9899) when `transport` is `udp`. */
  udpPort?: number;
  /** A ceiling on NGAP messages toward a real AMF (target `limits:`, CLOUD-HARM). */
  sendLimit?: SendLimit;
}

/** Streams asked for: stream 0 and UE-associated streams (the AMF's MIS may lower it). */
const STREAMS = 8;

export class N2Link {
  private readonly limiter?: SendQueue;
  /** NGAP PDUs received that did not decode, with the reason (the element sent them: a check). */
  readonly undecodable: string[] = [];
  closed?: CloseReason;
  private closing = false;

  private constructor(
    private readonly association: Association,
    limit: SendLimit | undefined,
  ) {
    if (limit) this.limiter = new SendQueue(limit);
    association.on('close', (why) => {
      this.closed = why;
    });
  }

  /** Sets up the association (INIT … COOKIE ACK); rejects with the reason when the AMF does not answer. */
  static async connect(peer: N2Peer, recorder: PacketRecorder, localAddress?: string): Promise<N2Link> {
    const a = await sctpConnect({
      transport: peer.transport,
      address: peer.address,
      port: peer.port,
      peerUdpPort: peer.udpPort,
      outboundStreams: STREAMS,
      // A silent AMF is reported within seconds (RFC 9260 §16 would retry INIT for minutes).
      maxInitRetransmits: 4,
      rto: { initial: 500, min: 200, max: 2000 },
      recorder,
      ...(localAddress ? { addresses: [localAddress] } : {}),
    });
    return new N2Link(a, peer.sendLimit);
  }

  /** Decoded NGAP PDUs as they arrive. */
  onPdu(listener: (pdu: NgapPdu) => void): void {
    this.association.on('message', (m) => {
      if (m.ppid !== PPID.NGAP) return;
      let pdu: NgapPdu;
      try {
        pdu = decodeNgap(m.payload);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        this.undecodable.push(e.message);
        return;
      }
      listener(pdu);
    });
  }

  onClose(listener: (why: CloseReason) => void): void {
    this.association.on('close', listener);
  }

  /** Sends a message; `ranUeId` picks the UE's stream, none means stream 0. */
  send(m: NgapMessage, ranUeId?: number): void {
    this.sendOctets(encodeNgap(m), ranUeId);
  }

  /** Sends NGAP octets as they are (a malformed PDU on purpose). */
  sendOctets(octets: Buffer, ranUeId?: number): void {
    const streams = this.association.outboundStreams;
    const stream = ranUeId === undefined || streams < 2 ? 0 : 1 + (ranUeId % (streams - 1));
    const go = () => {
      if (!this.closed && !this.closing) this.association.send(stream, PPID.NGAP, octets);
    };
    if (this.limiter) this.limiter.submit(go);
    else go();
  }

  async close(): Promise<void> {
    this.limiter?.clear();
    this.closing = true;
    if (this.closed) return;
    const t = setTimeout(() => this.association.abort(), 2000);
    try {
      await this.association.close();
    } finally {
      clearTimeout(t);
    }
  }
}
