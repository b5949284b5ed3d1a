import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { decodePacket, encodePacket, SCTP_UDP_PORT } from '../../protocol/sctp/index.ts';

/**
 * Health check of an AMF container (N2 over SCTP over UDP, RFC 6951) from the harness's side of the
 * lab network: an INIT (RFC 9260 §5.1, step A) to the SCTP port, encapsulated in UDP to the
 * encapsulation port, must be answered with an INIT ACK carrying our Initiate Tag as its
 * Verification Tag (§8.5). A listener keeps no state for an INIT it answered (the State Cookie,
 * §5.1.3), so the probe leaves nothing behind in the element; no COOKIE ECHO follows.
 */
export async function answersSctpInit(
  address: string,
  sctpPort: number,
  udpPort = SCTP_UDP_PORT,
  timeoutMs = 1000,
): Promise<boolean> {
  const v6 = address.includes(':');
  const s = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
  // RFC 9260 §5.1: the Initiate Tag is not 0.
  const tag = randomBytes(4).readUInt32BE() || 1;
  const srcPort = 1024 + (tag % 60000);
  const init = encodePacket({
    srcPort,
    dstPort: sctpPort,
    verificationTag: 0,
    chunks: [
      {
        type: 'init',
        initiateTag: tag,
        arwnd: 65535,
        outboundStreams: 2,
        inboundStreams: 2,
        initialTsn: tag,
        params: [],
      },
    ],
  });
  try {
    return await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      s.on('error', () => undefined);
      s.on('message', (m) => {
        let ok = false;
        try {
          const p = decodePacket(m);
          ok =
            p.checksumValid &&
            p.verificationTag === tag &&
            p.srcPort === sctpPort &&
            p.chunks.some((c) => c.type === 'init-ack');
        } catch {
          // Not an SCTP packet of ours: keep waiting.
        }
        if (ok) {
          clearTimeout(t);
          resolve(true);
        }
      });
      s.send(init, udpPort, address, (err) => {
        if (err) {
          clearTimeout(t);
          resolve(false);
        }
      });
    });
  } finally {
    s.close();
  }
}

/** Polls until the AMF answers an INIT or `withinMs` passes (the bridge's address may still be tentative). */
export async function sctpBecomesReachable(
  address: string,
  sctpPort: number,
  udpPort = SCTP_UDP_PORT,
  withinMs = 8000,
): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await answersSctpInit(address, sctpPort, udpPort, 300).catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
