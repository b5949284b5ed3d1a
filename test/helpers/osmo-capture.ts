import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ipPayload, readCapture } from '../../harness/net/pcap/index.ts';
import { decodeUdpPacket, type UdpDatagram } from '../../harness/protocol/udpip/datagram.ts';

/** The UDP datagrams of test/fixtures/captures/gn-osmo-ggsn.pcapng (sgsnemu ⇄ osmo-ggsn 1.9, copied from shared/captures). */
export const OSMO_CAPTURE = fileURLToPath(new URL('../fixtures/captures/gn-osmo-ggsn.pcapng', import.meta.url));

export function osmoDatagrams(): UdpDatagram[] {
  return readCapture(readFileSync(OSMO_CAPTURE)).map((p) => {
    const d = decodeUdpPacket(ipPayload(p)!);
    if (!d) throw new Error('non-UDP packet in the osmo capture');
    return d;
  });
}
