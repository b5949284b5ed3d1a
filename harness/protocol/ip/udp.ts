import { udpChecksumValue } from './checksum.ts';
import type { UdpDatagram } from './types.ts';
import type { UpperLayerCodec } from './upper-layer-codec.ts';

/**
 * UDP (RFC 768): source port, destination port, length (header and data), checksum over the
 * pseudo-header; a computed zero is sent as all ones. A zero checksum field means none was
 * computed: accepted over IPv4 (RFC 768), not over IPv6 (RFC 8200 §8.1).
 */
export const udp: UpperLayerCodec<UdpDatagram> = {
  protocol: 17,
  name: 'udp',
  checksumAt: 6,
  pseudoHeader: true,
  encodingLength: (v) => 8 + v.data.length,
  encode(v, w) {
    w.u16(v.srcPort, 'source port')
      .u16(v.dstPort, 'destination port')
      .u16(8 + v.data.length, 'UDP length')
      .u16(0)
      .bytes(v.data);
  },
  decode(r) {
    r.at('UDP');
    const start = r.offset;
    const srcPort = r.u16();
    const dstPort = r.u16();
    const length = r.u16();
    const checksum = r.u16();
    if (length !== r.end - start) r.fail(`UDP length ${length} but ${r.end - start} octet(s)`, start + 4);
    const d: UdpDatagram = { type: 'udp', srcPort, dstPort, data: r.rest() };
    if (checksum === 0) d.noChecksum = true;
    return d;
  },
  checksumValue: (v, c) => (v.noChecksum ? 0 : udpChecksumValue(c)),
  checksumValid: (v, sumVerified, version) => (v.noChecksum ? version === 4 : sumVerified),
};
