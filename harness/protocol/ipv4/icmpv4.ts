import { Reader, Writer } from '../common/cursor.ts';
import { internetChecksum } from '../common/checksum.ts';

/**
 * ICMP for IPv4 (RFC 792): Echo, Destination Unreachable (code 4 Fragmentation Needed carries the
 * next-hop MTU, RFC 1191 §4), Time Exceeded. The checksum covers the ICMP message only.
 */
export type Icmpv4Message =
  | { type: 'echo-request' | 'echo-reply'; identifier: number; sequence: number; data: Buffer; checksumValid?: boolean }
  | { type: 'destination-unreachable'; code: number; nextHopMtu: number; invoking: Buffer; checksumValid?: boolean }
  | { type: 'time-exceeded'; code: number; invoking: Buffer; checksumValid?: boolean }
  | { type: 'unknown'; icmpType: number; code: number; rest: Buffer; checksumValid?: boolean };

const TYPES = { 'echo-reply': 0, 'destination-unreachable': 3, 'echo-request': 8, 'time-exceeded': 11 } as const;

export function encodeIcmpv4(m: Icmpv4Message): Buffer {
  let b: Buffer;
  switch (m.type) {
    case 'echo-request':
    case 'echo-reply':
      b = Buffer.alloc(8 + m.data.length);
      new Writer(b, 0, 'icmpv4')
        .u8(TYPES[m.type])
        .u8(0)
        .u16(0)
        .u16(m.identifier, 'identifier')
        .u16(m.sequence, 'sequence')
        .bytes(m.data);
      break;
    case 'destination-unreachable':
      b = Buffer.alloc(8 + m.invoking.length);
      new Writer(b, 0, 'icmpv4')
        .u8(3)
        .u8(m.code, 'code')
        .u16(0)
        .u16(0)
        .u16(m.nextHopMtu, 'next-hop MTU')
        .bytes(m.invoking);
      break;
    case 'time-exceeded':
      b = Buffer.alloc(8 + m.invoking.length);
      new Writer(b, 0, 'icmpv4').u8(11).u8(m.code, 'code').u16(0).u32(0).bytes(m.invoking);
      break;
    case 'unknown':
      b = Buffer.alloc(4 + m.rest.length);
      new Writer(b, 0, 'icmpv4').u8(m.icmpType, 'type').u8(m.code, 'code').u16(0).bytes(m.rest);
      break;
  }
  b.writeUInt16BE(internetChecksum(b), 2);
  return b;
}

export function decodeIcmpv4(b: Buffer): Icmpv4Message {
  const r = Reader.of(b, 'icmpv4').at('header');
  const type = r.u8();
  const code = r.u8();
  r.u16();
  const checksumValid = internetChecksum(b) === 0;
  switch (type) {
    case 0:
    case 8:
      return {
        type: type === 8 ? 'echo-request' : 'echo-reply',
        identifier: r.u16(),
        sequence: r.u16(),
        data: r.rest(),
        checksumValid,
      };
    case 3: {
      r.u16();
      return { type: 'destination-unreachable', code, nextHopMtu: r.u16(), invoking: r.rest(), checksumValid };
    }
    case 11:
      r.u32();
      return { type: 'time-exceeded', code, invoking: r.rest(), checksumValid };
    default:
      return { type: 'unknown', icmpType: type, code, rest: r.rest(), checksumValid };
  }
}
