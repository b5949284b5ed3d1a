import type { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { codecTable } from './table.ts';
import type { ExtensionHeader } from './types.ts';

/**
 * IPv6 extension headers (RFC 8200 §4): Hop-by-Hop Options (§4.3), Routing (§4.4), Fragment
 * (§4.5), Destination Options (§4.6). Every one starts with the Next Header octet, written and
 * read once by the packet codec; the codecs here handle the rest. One table by header number.
 */
interface ExtensionCodec<T extends ExtensionHeader> {
  number: number;
  name: T['type'];
  /** Octets of the whole header, Next Header octet included. */
  length(h: T): number;
  /** Everything after the Next Header octet. */
  encode(h: T, w: Writer): void;
  /** Reads everything after the Next Header octet. */
  decode(r: Reader): T;
}

type Options = Extract<ExtensionHeader, { type: 'hop-by-hop' | 'destination-options' }>;
type Routing = Extract<ExtensionHeader, { type: 'routing' }>;
type Fragment = Extract<ExtensionHeader, { type: 'fragment' }>;

/** Hdr Ext Len (§4.3, §4.4, §4.6): the length in 8-octet units, not counting the first 8 octets. */
function writeLength(w: Writer, length: number, name: string): void {
  if (length % 8 !== 0) throw new EncodeError(w.protocol, name, `length ${length} is not a multiple of 8`);
  w.u8(length / 8 - 1, `${name} length`);
}

const options = <K extends Options['type']>(number: number, name: K): ExtensionCodec<Options> => ({
  number,
  name,
  length: (h) => 2 + h.options.length,
  encode(h, w) {
    writeLength(w, 2 + h.options.length, name);
    w.bytes(h.options);
  },
  decode(r) {
    const len = (r.u8() + 1) * 8 - 2;
    return { type: name, options: r.bytes(len) };
  },
});

const routing: ExtensionCodec<Routing> = {
  number: 43,
  name: 'routing',
  length: (h) => 4 + h.data.length,
  encode(h, w) {
    writeLength(w, 4 + h.data.length, 'routing');
    w.u8(h.routingType, 'Routing Type').u8(h.segmentsLeft, 'Segments Left').bytes(h.data);
  },
  decode(r) {
    const len = (r.u8() + 1) * 8 - 4;
    return { type: 'routing', routingType: r.u8(), segmentsLeft: r.u8(), data: r.bytes(len) };
  },
};

const fragment: ExtensionCodec<Fragment> = {
  number: 44,
  name: 'fragment',
  length: () => 8,
  encode(h, w) {
    if (h.offset !== (h.offset & 0x1fff))
      throw new EncodeError(w.protocol, 'Fragment Offset', `${h.offset} is not 0..8191`);
    w.u8(0)
      .u16((h.offset << 3) | (h.more ? 1 : 0))
      .u32(h.identification, 'Identification');
  },
  decode(r) {
    r.u8();
    const om = r.u16();
    return { type: 'fragment', offset: om >> 3, more: (om & 1) !== 0, identification: r.u32() };
  },
};

type AnyCodec = ExtensionCodec<ExtensionHeader>;
const CODECS = [
  options(0, 'hop-by-hop'),
  routing,
  fragment,
  options(60, 'destination-options'),
] as unknown as AnyCodec[];
const TABLE = codecTable(CODECS, (c) => c.number);
const named = (h: ExtensionHeader) => TABLE.byName.get(h.type)!;

export const extensionCodec = (number: number): AnyCodec | undefined => TABLE.byNumber[number];
export const extensionNumber = (h: ExtensionHeader): number => named(h).number;
export const extensionLength = (h: ExtensionHeader): number => named(h).length(h);
export const writeExtension = (h: ExtensionHeader, w: Writer): void => named(h).encode(h, w);

/**
 * RFC 8200 §8.1: with a Routing header whose Segments Left is not zero, the pseudo-header's
 * destination is the final one, in the header itself. Where it sits in the header's data (after
 * the Segments Left octet): the last address of type 0 (RFC 5095) and type 2 (RFC 6275 §6.4), the
 * first of the Segment List of type 4 (RFC 8754 §2). -1 for any other routing type.
 */
export function finalDestinationAt(routingType: number, dataLength: number): number {
  if (dataLength < 20) return -1;
  if (routingType === 0 || routingType === 2) return dataLength - 16;
  if (routingType === 4) return 4;
  return -1;
}
