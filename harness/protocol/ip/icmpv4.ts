import { echoCodec, type EchoMessage, type IcmpCodec, type UnknownIcmp } from './icmp-codec.ts';

/**
 * ICMP for IPv4 (RFC 792): Echo, Destination Unreachable (code 4 Fragmentation Needed carries the
 * next-hop MTU, RFC 1191 §4), Time Exceeded; anything else kept as its octets. The checksum covers
 * the ICMP message only (no pseudo-header); the packet codec computes and verifies it (icmp.ts).
 */
export type Icmpv4Message =
  | EchoMessage
  | { type: 'destination-unreachable'; code: number; nextHopMtu: number; invoking: Buffer }
  | { type: 'time-exceeded'; code: number; invoking: Buffer }
  | UnknownIcmp;

type Of<K extends Icmpv4Message['type']> = Extract<Icmpv4Message, { type: K }>;

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

export const ICMPV4_CODECS = [
  echoCodec(0, 'echo-reply'),
  destinationUnreachable,
  echoCodec(8, 'echo-request'),
  timeExceeded,
] as unknown as IcmpCodec<Icmpv4Message>[];
