import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ipPayload, readCapture } from '../../harness/net/pcap/index.ts';
import { datagramOf, decodeIpPacket, type Endpoint } from '../../harness/protocol/ip/index.ts';

/** The UDP datagrams of test/fixtures/captures/gn-osmo-ggsn.pcapng (sgsnemu ⇄ osmo-ggsn 1.9, copied from shared/captures). */
export const OSMO_CAPTURE = fileURLToPath(new URL('../fixtures/captures/gn-osmo-ggsn.pcapng', import.meta.url));

/** The IP packets of the capture, as they were on the wire. */
export function osmoPackets(): Buffer[] {
  return readCapture(readFileSync(OSMO_CAPTURE)).map((p) => ipPayload(p)!);
}

export interface OsmoDatagram {
  src: Endpoint;
  dst: Endpoint;
  payload: Buffer;
}

export function osmoDatagrams(): OsmoDatagram[] {
  return osmoPackets().map((raw) => {
    const d = datagramOf(decodeIpPacket(raw));
    if (!d) throw new Error('non-UDP packet in the osmo capture');
    return { src: d.src, dst: d.dst, payload: d.data };
  });
}
