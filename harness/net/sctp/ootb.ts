import type { SctpPacket } from '../../protocol/sctp/index.ts';

/**
 * §8.4: the answer to an "out of the blue" packet — one that belongs to no association — or
 * undefined when it is to be discarded silently. (An INIT or COOKIE ECHO to a listening endpoint
 * is not out of the blue; the endpoint handles those before asking here.)
 */
export function outOfTheBlueReply(p: SctpPacket): SctpPacket | undefined {
  const back = { srcPort: p.dstPort, dstPort: p.srcPort };
  const first = p.chunks[0];
  // (2) ABORT: discard.
  if (p.chunks.some((c) => c.type === 'abort')) return undefined;
  // (3) INIT to a port that takes no associations: ABORT with the INIT's Initiate Tag, T bit clear.
  if (first.type === 'init')
    return { ...back, verificationTag: first.initiateTag, chunks: [{ type: 'abort', reflected: false, causes: [] }] };
  // (5) SHUTDOWN ACK: SHUTDOWN COMPLETE with the T bit, the packet's own tag reflected.
  if (first.type === 'shutdown-ack')
    return { ...back, verificationTag: p.verificationTag, chunks: [{ type: 'shutdown-complete', reflected: true }] };
  // (6) SHUTDOWN COMPLETE, (7) a Stale Cookie ERROR or COOKIE ACK: discard.
  if (first.type === 'shutdown-complete' || first.type === 'cookie-ack') return undefined;
  if (first.type === 'error' && first.causes.some((c) => c.cause === 'stale-cookie')) return undefined;
  // (8) Anything else: ABORT with the T bit, the packet's tag reflected.
  return { ...back, verificationTag: p.verificationTag, chunks: [{ type: 'abort', reflected: true, causes: [] }] };
}
