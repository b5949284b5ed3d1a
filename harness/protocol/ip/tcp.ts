import { EncodeError } from '../common/decode-error.ts';
import type { TcpSegment } from './types.ts';
import { plainChecksum, type UpperLayerCodec } from './upper-layer-codec.ts';

/**
 * The TCP header (RFC 9293 §3.1): ports, sequence and acknowledgment numbers, Data Offset, the
 * control bits (RFC 9293 §3.1, RFC 3168 §6.1 for CWR/ECE), window, checksum over the
 * pseudo-header, urgent pointer, options up to Data Offset × 4 octets, then data.
 */
export const TCP_FLAGS = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

export const tcp: UpperLayerCodec<TcpSegment> = {
  protocol: 6,
  name: 'tcp',
  checksumAt: 16,
  pseudoHeader: true,
  encodingLength: (v) => 20 + v.options.length + v.data.length,
  encode(v, w) {
    const n = v.options.length;
    if (n % 4 !== 0 || n > 40)
      throw new EncodeError(w.protocol, 'TCP options', `${n} octets: must be a multiple of 4, at most 40`);
    w.u16(v.srcPort, 'source port').u16(v.dstPort, 'destination port');
    w.u32(v.seq, 'sequence number').u32(v.ack, 'acknowledgment number');
    w.u8(((20 + n) / 4) << 4).u8(v.flags, 'control bits');
    w.u16(v.window, 'window').u16(0).u16(v.urgentPointer, 'urgent pointer');
    w.bytes(v.options).bytes(v.data);
  },
  decode(r) {
    const start = r.at('TCP').offset;
    const [srcPort, dstPort] = [r.u16(), r.u16()];
    const [seq, ack] = [r.u32(), r.u32()];
    const dataOffset = (r.u8() >> 4) * 4;
    if (dataOffset < 20 || start + dataOffset > r.end)
      r.fail(`data offset ${dataOffset} outside 20…${r.end - start}`, start + 12);
    const flags = r.u8();
    const window = r.u16();
    r.skip(2); // the checksum, verified by the packet decoder
    const urgentPointer = r.u16();
    const options = r.bytes(dataOffset - 20);
    return { type: 'tcp', srcPort, dstPort, seq, ack, flags, window, urgentPointer, options, data: r.rest() };
  },
  ...plainChecksum,
};
