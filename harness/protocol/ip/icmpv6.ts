import { readIpv6, writeIpv6 } from '../common/ip-bytes.ts';
import type { Reader, Writer } from '../common/cursor.ts';
import { echoCodec, type EchoMessage, type IcmpCodec, type UnknownIcmp } from './icmp-codec.ts';
import { ndOptionsLength, readNdOptions, writeNdOptions, type NdOption } from './nd-options.ts';

/**
 * ICMPv6 messages (RFC 4443 §3 errors, §4 echo) and Neighbor Discovery messages (RFC 4861
 * §4.1-§4.4). The checksum (RFC 4443 §2.3, over the RFC 8200 §8.1 pseudo-header) is computed by
 * the packet encoder and verified by the packet decoder.
 */
export type Icmpv6Message =
  | EchoMessage
  | { type: 'destination-unreachable'; code: number; invoking: Buffer }
  | { type: 'packet-too-big'; mtu: number; invoking: Buffer }
  | { type: 'time-exceeded'; code: number; invoking: Buffer }
  | { type: 'parameter-problem'; code: number; pointer: number; invoking: Buffer }
  | { type: 'router-solicitation'; options: NdOption[] }
  | {
      type: 'router-advertisement';
      curHopLimit: number;
      managed: boolean;
      other: boolean;
      /** Remaining flag bits of the octet (H, Prf, P ...), kept as sent. */
      otherFlags: number;
      routerLifetime: number;
      reachableTime: number;
      retransTimer: number;
      options: NdOption[];
    }
  | { type: 'neighbor-solicitation'; target: string; options: NdOption[] }
  | {
      type: 'neighbor-advertisement';
      router: boolean;
      solicited: boolean;
      override: boolean;
      target: string;
      options: NdOption[];
    }
  | UnknownIcmp;

type Known = Exclude<Icmpv6Message, { type: 'unknown' }>;
type Of<K extends Known['type']> = Extract<Icmpv6Message, { type: K }>;

type ErrorMessage = Of<'destination-unreachable' | 'time-exceeded'>;

/** §3.1, §3.3: a code, 4 unused octets, as much of the invoking packet as fits. */
const error = (type: number, name: ErrorMessage['type']): IcmpCodec<ErrorMessage> => ({
  type,
  name,
  code: (m) => m.code,
  bodyLength: (m) => 4 + m.invoking.length,
  encode: (m, w) => void w.u32(0).bytes(m.invoking),
  decode: (r, code) => {
    r.u32();
    return { type: name, code, invoking: r.rest() };
  },
});

const packetTooBig: IcmpCodec<Of<'packet-too-big'>> = {
  type: 2,
  name: 'packet-too-big',
  code: () => 0,
  bodyLength: (m) => 4 + m.invoking.length,
  encode: (m, w) => void w.u32(m.mtu, 'MTU').bytes(m.invoking),
  decode: (r) => ({ type: 'packet-too-big', mtu: r.u32(), invoking: r.rest() }),
};

const parameterProblem: IcmpCodec<Of<'parameter-problem'>> = {
  type: 4,
  name: 'parameter-problem',
  code: (m) => m.code,
  bodyLength: (m) => 4 + m.invoking.length,
  encode: (m, w) => void w.u32(m.pointer, 'pointer').bytes(m.invoking),
  decode: (r, code) => ({ type: 'parameter-problem', code, pointer: r.u32(), invoking: r.rest() }),
};

type NdMessage = Of<
  'router-solicitation' | 'router-advertisement' | 'neighbor-solicitation' | 'neighbor-advertisement'
>;

/**
 * RFC 4861 §4.1-§4.4: each ND message is a fixed part, then options to the end of the message
 * (nd-options.ts); the codecs below give the fixed part.
 */
function nd<T extends NdMessage>(
  type: number,
  name: T['type'],
  fixedLength: number,
  encodeFixed: (m: T, w: Writer) => void,
  decodeFixed: (r: Reader) => Omit<T, 'type' | 'options'>,
): IcmpCodec<T> {
  return {
    type,
    name,
    code: () => 0,
    bodyLength: (m) => fixedLength + ndOptionsLength(m.options),
    encode(m, w) {
      encodeFixed(m, w);
      writeNdOptions(w, m.options);
    },
    decode(r) {
      const fixed = decodeFixed(r.at(name));
      return { type: name, ...fixed, options: readNdOptions(r) } as T;
    },
  };
}

/** §4.1: Reserved. */
const routerSolicitation = nd<Of<'router-solicitation'>>(
  133,
  'router-solicitation',
  4,
  (_m, w) => void w.u32(0),
  (r) => {
    r.u32();
    return {};
  },
);

/** §4.2: Cur Hop Limit, M, O and the other flags, Router Lifetime, Reachable Time, Retrans Timer. */
const routerAdvertisement = nd<Of<'router-advertisement'>>(
  134,
  'router-advertisement',
  12,
  (m, w) => {
    w.u8(m.curHopLimit, 'Cur Hop Limit').u8((m.managed ? 0x80 : 0) | (m.other ? 0x40 : 0) | (m.otherFlags & 0x3f));
    w.u16(m.routerLifetime, 'Router Lifetime')
      .u32(m.reachableTime, 'Reachable Time')
      .u32(m.retransTimer, 'Retrans Timer');
  },
  (r) => {
    const curHopLimit = r.u8();
    const flags = r.u8();
    return {
      curHopLimit,
      managed: (flags & 0x80) !== 0,
      other: (flags & 0x40) !== 0,
      otherFlags: flags & 0x3f,
      routerLifetime: r.u16(),
      reachableTime: r.u32(),
      retransTimer: r.u32(),
    };
  },
);

/** §4.3: Reserved, Target Address. */
const neighborSolicitation = nd<Of<'neighbor-solicitation'>>(
  135,
  'neighbor-solicitation',
  20,
  (m, w) => writeIpv6(w.u32(0), m.target, 'target'),
  (r) => {
    r.u32();
    return { target: readIpv6(r) };
  },
);

/** §4.4: R, S, O flags and 29 reserved bits, Target Address. */
const neighborAdvertisement = nd<Of<'neighbor-advertisement'>>(
  136,
  'neighbor-advertisement',
  20,
  (m, w) =>
    writeIpv6(
      w.u32((((m.router ? 0x80 : 0) | (m.solicited ? 0x40 : 0) | (m.override ? 0x20 : 0)) << 24) >>> 0),
      m.target,
      'target',
    ),
  (r) => {
    const f = r.u8();
    r.skip(3);
    return { router: (f & 0x80) !== 0, solicited: (f & 0x40) !== 0, override: (f & 0x20) !== 0, target: readIpv6(r) };
  },
);

export const ICMPV6_CODECS = [
  error(1, 'destination-unreachable'),
  packetTooBig,
  error(3, 'time-exceeded'),
  parameterProblem,
  echoCodec(128, 'echo-request'),
  echoCodec(129, 'echo-reply'),
  routerSolicitation,
  routerAdvertisement,
  neighborSolicitation,
  neighborAdvertisement,
] as unknown as IcmpCodec<Icmpv6Message>[];
