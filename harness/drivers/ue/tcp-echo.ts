import { randomInt } from 'node:crypto';
import { decodeTcpSegment, encodeIpv6Packet, fillTcpChecksum, tcpChecksumValid, tcpSegment, TCP_FLAGS, type TcpSegment } from '../../protocol/ipv6/index.ts';
import { addressBytes, addressString } from '../../protocol/udpip/datagram.ts';
import type { UeIpv6Host } from './ipv6-host.ts';

const { FIN, SYN, RST, PSH, ACK } = TCP_FLAGS;

export type TcpEchoOutcome =
  /** Connected, the data came back whole, and both sides closed (RFC 9293 §3.6) unless `closed` is false. */
  | { kind: 'echoed'; connectMs: number; rttMs: number; data: Buffer; closed: boolean; badChecksums: number }
  /** The SYN was answered with RST: nothing listens there (RFC 9293 §3.10.7.1). */
  | { kind: 'refused'; connectMs: number }
  /** RST after the connection was established. */
  | { kind: 'reset'; stage: 'data' | 'close' }
  /** Nothing (or not enough) came back in time; `stage` is where it stopped. */
  | { kind: 'timeout'; stage: 'connect' | 'data'; received?: Buffer; badChecksums: number };

/**
 * The UE's own TCP over its bearer (RFC 9293), enough for one exchange with an echo service
 * (RFC 862): three-way handshake (§3.5), one data segment, the echo collected in order and
 * acknowledged, then FIN in both directions (§3.6). Its own stack, not the kernel's, because the
 * UE's addresses live only inside the GTP-U tunnel. No retransmission: on a lab path a lost
 * segment is a finding, reported as a timeout at the stage where it happened.
 */
export async function tcpEcho(host: UeIpv6Host, dst: string, port: number, data: Buffer, timeoutMs = 2000, signal?: AbortSignal): Promise<TcpEchoOutcome> {
  const src = host.global ?? host.linkLocal;
  const peer = addressString(addressBytes(dst));
  const srcPort = 49152 + randomInt(0, 16384); // RFC 6335 §6 ephemeral range
  const queue: TcpSegment[] = [];
  let wake: (() => void) | undefined;
  let badChecksums = 0;
  const untap = host.tap((p, raw) => {
    if (p.payload.type !== 'raw' || p.payload.nextHeader !== 6 || p.src !== peer) return false;
    let s: TcpSegment;
    try {
      s = decodeTcpSegment(p.payload.data);
    } catch {
      return false;
    }
    if (s.dstPort !== srcPort || s.srcPort !== port) return false;
    if (!tcpChecksumValid(raw)) badChecksums++;
    else queue.push(s);
    wake?.();
    return true;
  });
  const deadline = performance.now() + timeoutMs;
  const next = async (): Promise<TcpSegment | undefined> => {
    while (!queue.length) {
      const left = deadline - performance.now();
      if (left <= 0 || signal?.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        signal?.addEventListener('abort', done, { once: true });
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    }
    return queue.shift();
  };
  const send = (f: { seq: number; ack?: number; flags: number; data?: Buffer }) =>
    host.sendRaw(fillTcpChecksum(encodeIpv6Packet({ version: 6, trafficClass: 0, flowLabel: 0, hopLimit: 64, src, dst: peer, extensionHeaders: [], payload: { type: 'raw', nextHeader: 6, data: tcpSegment({ srcPort, dstPort: port, ...f }) } })));
  try {
    const iss = randomInt(0, 2 ** 32);
    const t0 = performance.now();
    send({ seq: iss, flags: SYN });
    let synAck: TcpSegment | undefined;
    while (!synAck) {
      const s = await next();
      if (!s) return { kind: 'timeout', stage: 'connect', badChecksums };
      if (s.flags & RST && s.ack === ((iss + 1) >>> 0)) return { kind: 'refused', connectMs: performance.now() - t0 };
      if ((s.flags & (SYN | ACK)) === (SYN | ACK) && s.ack === ((iss + 1) >>> 0)) synAck = s;
    }
    const connectMs = performance.now() - t0;
    let sndNxt = (iss + 1) >>> 0;
    let rcvNxt = (synAck.seq + 1) >>> 0;
    send({ seq: sndNxt, ack: rcvNxt, flags: ACK });
    const t1 = performance.now();
    send({ seq: sndNxt, ack: rcvNxt, flags: PSH | ACK, data });
    sndNxt = (sndNxt + data.length) >>> 0;
    const parts: Buffer[] = [];
    let got = 0;
    let peerFin = false;
    while (got < data.length) {
      const s = await next();
      if (!s) return { kind: 'timeout', stage: 'data', received: Buffer.concat(parts), badChecksums };
      if (s.flags & RST) return { kind: 'reset', stage: 'data' };
      if (s.seq !== rcvNxt || (!s.data.length && !(s.flags & FIN))) continue; // §3.10.7.4: only the next in order is taken
      parts.push(Buffer.from(s.data));
      got += s.data.length;
      peerFin = (s.flags & FIN) !== 0;
      rcvNxt = (rcvNxt + s.data.length + (peerFin ? 1 : 0)) >>> 0;
      send({ seq: sndNxt, ack: rcvNxt, flags: ACK });
      if (peerFin) break;
    }
    const rttMs = performance.now() - t1;
    // §3.6: our FIN, then the peer's (an echo service closes once its input ends).
    send({ seq: sndNxt, ack: rcvNxt, flags: FIN | ACK });
    sndNxt = (sndNxt + 1) >>> 0;
    let closed = false;
    for (let s = await next(); s; s = closed ? undefined : await next()) {
      if (s.flags & RST) return { kind: 'reset', stage: 'close' };
      if (peerFin) closed = s.ack === sndNxt;
      else if (s.flags & FIN && s.seq === rcvNxt) {
        rcvNxt = (rcvNxt + s.data.length + 1) >>> 0;
        send({ seq: sndNxt, ack: rcvNxt, flags: ACK });
        peerFin = true;
        closed = s.ack === sndNxt;
      }
    }
    return { kind: 'echoed', connectMs, rttMs, data: Buffer.concat(parts), closed, badChecksums };
  } finally {
    untap();
  }
}
