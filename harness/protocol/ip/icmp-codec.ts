import type { Reader, Writer } from '../common/cursor.ts';
import { codecTable } from './table.ts';
import type { IcmpPayload, Icmpv6Payload } from './types.ts';
import { plainChecksum, type UpperLayerCodec } from './upper-layer-codec.ts';

/**
 * One ICMP or ICMPv6 message type: its type number, its name in decoded values, and a codec for
 * what follows the 4-octet type/code/checksum header (RFC 792, RFC 4443 §2.1). That header is
 * written and read once for every message, by the protocol codec below; a type no codec claims
 * is kept as its octets.
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

/** Echo Request and Reply: the same in ICMP (RFC 792) and ICMPv6 (RFC 4443 §4.1, §4.2). */
export interface EchoMessage {
  type: 'echo-request' | 'echo-reply';
  identifier: number;
  sequence: number;
  data: Buffer;
}

export const echoCodec = (type: number, name: EchoMessage['type']): IcmpCodec<EchoMessage> => ({
  type,
  name,
  code: () => 0,
  bodyLength: (m) => 4 + m.data.length,
  encode: (m, w) => void w.u16(m.identifier, 'identifier').u16(m.sequence, 'sequence').bytes(m.data),
  decode: (r) => ({ type: name, identifier: r.u16(), sequence: r.u16(), data: r.rest() }),
});

/** A message of a type no codec claims. */
export interface UnknownIcmp {
  type: 'unknown';
  icmpType: number;
  code: number;
  body: Buffer;
}

/**
 * ICMP (RFC 792: the checksum covers the message alone) or ICMPv6 (RFC 4443 §2.3: and the
 * pseudo-header) as an upper layer of the packet codec, from its table of message codecs.
 */
export function icmpProtocol<M extends { type: string }, P extends IcmpPayload | Icmpv6Payload>(
  protocol: number,
  name: P['type'],
  pseudoHeader: boolean,
  codecs: IcmpCodec<M>[],
): UpperLayerCodec<P> {
  const { byNumber, byName } = codecTable(codecs, (c) => c.type);
  const unknown = (m: M) => (m.type === 'unknown' ? (m as unknown as UnknownIcmp) : undefined);
  return {
    protocol,
    name,
    checksumAt: 2,
    pseudoHeader,
    encodingLength(v) {
      const m = v.message as unknown as M;
      return 4 + (unknown(m)?.body.length ?? byName.get(m.type)!.bodyLength(m));
    },
    encode(v, w) {
      const m = v.message as unknown as M;
      const u = unknown(m);
      if (u) {
        w.u8(u.icmpType, `${name} type`).u8(u.code, `${name} code`).u16(0).bytes(u.body);
        return;
      }
      const c = byName.get(m.type)!;
      w.u8(c.type).u8(c.code(m), `${name} code`).u16(0);
      c.encode(m, w);
    },
    decode(r) {
      r.at(name);
      const icmpType = r.u8();
      const code = r.u8();
      r.u16();
      const c = byNumber[icmpType];
      const message = c ? c.decode(r, code) : ({ type: 'unknown', icmpType, code, body: r.rest() } as unknown as M);
      return { type: name, message } as unknown as P;
    },
    ...plainChecksum,
  };
}
