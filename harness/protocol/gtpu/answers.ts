import { decode, encode } from './message.ts';

/**
 * What a GTP-U endpoint answers on its own (TS 29.281): an Echo Response to an Echo Request
 * (§7.2.2: the request's sequence number, Recovery with restart counter 0, §8.2) and an Error
 * Indication for a G-PDU to a TEID it does not know (§7.3.1: TEID Data I and GTP-U Peer Address,
 * §8.3, §8.4; the UDP Port extension header with the G-PDU's source port, §5.2.2.1).
 */
export function echoResponse(request: Buffer): Buffer {
  return encode({
    type: 'echo-response',
    teid: 0,
    sequence: decode(request).sequence ?? 0,
    extensionHeaders: [],
    ies: [{ ie: 'recovery', restartCounter: 0 }],
  });
}

export function errorIndication(teid: number, peerAddress: string, udpPort: number): Buffer {
  return encode({
    type: 'error-indication',
    teid: 0,
    sequence: 0,
    extensionHeaders: [{ type: 'udp-port', port: udpPort }],
    ies: [
      { ie: 'teid-data-i', teid },
      { ie: 'peer-address', address: peerAddress },
    ],
  });
}
