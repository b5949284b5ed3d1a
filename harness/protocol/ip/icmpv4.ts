import type { Reader, Writer } from '../common/cursor.ts';
import { icmpTable, type IcmpCodec } from './icmp-codec.ts';

/**
 * ICMP for IPv4 (RFC 792): Echo, Destination Unreachable (code 4 Fragmentation Needed carries the
 * next-hop MTU, RFC 1191 §4), Time Exceeded; anything else kept as its octets. The checksum covers
 * the ICMP message only (no pseudo-header); the packet codec computes and verifies it.
 */
export type Icmpv4Message =
  | { type: 'echo-request' | 'echo-reply'; identifier: number; sequence: number; data: Buffer }
  | { type: 'destination-unreachable'; code: number; nextHopMtu: number; invoking: Buffer }
  | { type: 'time-exceeded'; code: number; invoking: Buffer }
  | { type: 'unknown'; icmpType: number; code: number; rest: Buffer };

type Of<K extends Icmpv4Message['type']> = Extract<Icmpv4Message, { type: K }>;

type Echo = Of<'echo-request' | 'echo-reply'>;

const echo = (type: number, name: Echo['type']): IcmpCodec<Echo> => ({
  type,
  name,
  code: () => 0,
  bodyLength: (m) => 4 + m.data.length,
  encode: (m, w) => void w.u16(m.identifier, 'identifier').u16(m.sequence, 'sequence').bytes(m.data),
  decode: (r) => ({ type: name, identifier: r.u16(), sequence: r.u16(), data: r.rest() }),
});

/** RFC 792, RFC 1191 §4: unused (2 octets), next-hop MTU, the invoking header and 64 bits. */
const destinationUnreachable: IcmpCodec<Of<'destination-unreachable'>> = {
  type: 3,
  name: 'destination-unreachable',
  code: (m) => m.code,
  bodyLength: (m) => 4 + m.invoking.length,
  encode: (m, w) => void w.u16(0).u16(m.nextHopMtu, 'next-hop MTU').bytes(m.invoking),
  decode(r, code) {
    r.u16();
    return { type: 'destination-unreachable', code, nextHopMtu: r.u16(), invoking: r.rest() };
  },
};

const timeExceeded: IcmpCodec<Of<'time-exceeded'>> = {
  type: 11,
  name: 'time-exceeded',
  code: (m) => m.code,
  bodyLength: (m) => 4 + m.invoking.length,
  encode: (m, w) => void w.u32(0).bytes(m.invoking),
  decode(r, code) {
    r.u32();
    return { type: 'time-exceeded', code, invoking: r.rest() };
  },
};

const TABLE = icmpTable<Icmpv4Message>([
  echo(0, 'echo-reply'),
  destinationUnreachable,
  echo(8, 'echo-request'),
  timeExceeded,
] as unknown as IcmpCodec<Icmpv4Message>[]);

/** Octets of the message including its 4-octet type/code/checksum header. */
export function icmpv4Length(m: Icmpv4Message): number {
  return 4 + (m.type === 'unknown' ? m.rest.length : TABLE.byName.get(m.type)!.bodyLength(m));
}

/** Writes the message with a zero checksum; the packet encoder fills it in. */
export function writeIcmpv4(w: Writer, m: Icmpv4Message): void {
  if (m.type === 'unknown') {
    w.u8(m.icmpType, 'ICMP type').u8(m.code, 'ICMP code').u16(0).bytes(m.rest);
    return;
  }
  const c = TABLE.byName.get(m.type)!;
  w.u8(c.type).u8(c.code(m), 'ICMP code').u16(0);
  c.encode(m, w);
}

/** Reads the whole window as one ICMP message. */
export function readIcmpv4(r: Reader): Icmpv4Message {
  r.at('ICMP');
  const icmpType = r.u8();
  const code = r.u8();
  r.u16();
  const c = TABLE.byType[icmpType];
  return c ? c.decode(r, code) : { type: 'unknown', icmpType, code, rest: r.rest() };
}
