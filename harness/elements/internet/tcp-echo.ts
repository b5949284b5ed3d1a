import { randomInt } from 'node:crypto';
import { ipPacket, tcpSegment, TCP_FLAGS, type IpPacket } from '../../protocol/ip/index.ts';

const { FIN, SYN, RST, PSH, ACK } = TCP_FLAGS;

/** RFC 9293 §3.3.2 states this host passes through (LISTEN is the absence of a TCB). */
type State = 'syn-received' | 'established' | 'last-ack';

interface Tcb {
  state: State;
  /** SND.NXT and RCV.NXT (RFC 9293 §3.3.1), modulo 2^32. */
  sndNxt: number;
  rcvNxt: number;
}

/** At most this many connections are kept: a scan or a flood of SYNs cannot grow memory without bound. */
const MAX_TCBS = 4096;

/**
 * The TCP side of the in-process internet hosts: the echo service (RFC 862 §1, TCP port 7) on a
 * minimal RFC 9293 state machine — SYN → SYN-ACK, data echoed and acknowledged in order, FIN
 * answered with FIN-ACK — and RST for a closed port or a segment of no connection (§3.10.7.1).
 * Out-of-order data is not queued: it is answered with an ACK for what is expected (§3.10.7.4),
 * as a receiver with a zero-size reassembly queue would. Segments with a bad checksum are
 * dropped (§3.1) and counted. The same service answers over IPv6 and IPv4: the checksum is
 * checked and computed over the arriving packet's family's pseudo-header (protocol/ip).
 */
export class TcpEchoService {
  private readonly tcbs = new Map<string, Tcb>();
  readonly counters = { connections: 0, echoedOctets: 0, resets: 0, badChecksum: 0 };

  constructor(private readonly echoPort: number) {}

  /** The answer to a TCP packet (IPv6 or IPv4) for one of the hosts, or undefined. */
  answer(p: IpPacket): IpPacket | undefined {
    const s = p.payload;
    if (s.type !== 'tcp') return undefined;
    if (!s.checksumValid) {
      this.counters.badChecksum++;
      return undefined;
    }
    const key = `${p.src}|${s.srcPort}|${p.dst}|${s.dstPort}`;
    const tcb = this.tcbs.get(key);
    const reply = (f: { seq: number; ack?: number; flags: number; data?: Buffer }) =>
      ipPacket(p.dst, p.src, tcpSegment({ srcPort: s.dstPort, dstPort: s.srcPort, ...f }));
    if (s.flags & RST) {
      this.tcbs.delete(key);
      return undefined;
    }
    if (!tcb) {
      if ((s.flags & (SYN | ACK)) === SYN && s.dstPort === this.echoPort && this.tcbs.size < MAX_TCBS) {
        const iss = randomInt(0, 2 ** 32);
        this.tcbs.set(key, { state: 'syn-received', sndNxt: (iss + 1) >>> 0, rcvNxt: (s.seq + 1) >>> 0 });
        this.counters.connections++;
        return reply({ seq: iss, ack: (s.seq + 1) >>> 0, flags: SYN | ACK });
      }
      // §3.10.7.1 (CLOSED): an ACK is answered <SEQ=SEG.ACK><CTL=RST>, anything else
      // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
      this.counters.resets++;
      if (s.flags & ACK) return reply({ seq: s.ack, flags: RST });
      const segLen = s.data.length + (s.flags & SYN ? 1 : 0) + (s.flags & FIN ? 1 : 0);
      return reply({ seq: 0, ack: (s.seq + segLen) >>> 0, flags: RST | ACK });
    }
    if (s.flags & SYN) return reply({ seq: (tcb.sndNxt - 1) >>> 0, ack: tcb.rcvNxt, flags: SYN | ACK }); // a retransmitted SYN
    if (!(s.flags & ACK)) return undefined; // §3.10.7.4 fifth: no ACK bit, drop.
    if (tcb.state === 'syn-received' && s.ack === tcb.sndNxt) tcb.state = 'established';
    if (tcb.state === 'last-ack') {
      if (s.ack === tcb.sndNxt) this.tcbs.delete(key);
      return undefined;
    }
    if (tcb.state !== 'established') return undefined;
    if (s.seq !== tcb.rcvNxt)
      return s.data.length || s.flags & FIN ? reply({ seq: tcb.sndNxt, ack: tcb.rcvNxt, flags: ACK }) : undefined;
    const fin = (s.flags & FIN) !== 0;
    tcb.rcvNxt = (tcb.rcvNxt + s.data.length + (fin ? 1 : 0)) >>> 0;
    // The echo: whatever arrived goes straight back, with the acknowledgment of it.
    const echo = s.data.length ? Buffer.from(s.data) : undefined;
    const seq = tcb.sndNxt;
    tcb.sndNxt = (tcb.sndNxt + (echo?.length ?? 0) + (fin ? 1 : 0)) >>> 0;
    this.counters.echoedOctets += echo?.length ?? 0;
    if (fin) tcb.state = 'last-ack'; // CLOSE-WAIT, and the echo service closes at once (§3.10.4).
    if (!echo && !fin) return undefined; // a bare ACK needs no answer
    return reply({ seq, ack: tcb.rcvNxt, flags: ACK | (echo ? PSH : 0) | (fin ? FIN : 0), data: echo });
  }
}
