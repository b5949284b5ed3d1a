import type { Reader, Writer } from '../common/cursor.ts';

/**
 * One ICMP or ICMPv6 message type: its type number, its name in decoded values, and a codec for
 * what follows the 4-octet type/code/checksum header. That header and the checksum are written
 * and read once for every message, in icmpv4.ts / icmpv6.ts and the packet codec.
 */
export interface IcmpCodec<T extends { type: string }> {
  type: number;
  name: T['type'];
  /** The Code octet. */
  code(m: T): number;
  /** Octets after the 4-octet header. */
  bodyLength(m: T): number;
  encode(m: T, w: Writer): void;
  /** The reader's window is the body, to the end of the message. */
  decode(r: Reader, code: number): T;
}

/** Reads or writes the message's header and picks the codec: the same for both ICMPs. */
export function icmpTable<T extends { type: string }>(codecs: IcmpCodec<T>[]) {
  const byType: (IcmpCodec<T> | undefined)[] = new Array<IcmpCodec<T> | undefined>(256).fill(undefined);
  for (const c of codecs) byType[c.type] = c;
  const byName = new Map<string, IcmpCodec<T>>(codecs.map((c) => [c.name, c]));
  return { byType, byName };
}
