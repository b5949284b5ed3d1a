import { readIpv6, writeIpv6 } from '../common/ip-bytes.ts';
import type { IcmpCodec, UnknownIcmp } from './icmp-codec.ts';
import { ndOptionsLength, readNdOptions, writeNdOptions, type NdOption } from './nd-options.ts';

/**
 * ICMPv6 messages (RFC 4443 §3 errors, §4 echo) and Neighbor Discovery messages (RFC 4861
 * §4.1-§4.4). The checksum (RFC 4443 §2.3, over the RFC 8200 §8.1 pseudo-header) is computed by
 * the packet encoder and verified by the packet decoder.
 */
export type Icmpv6Message =
  | { type: 'echo-request' | 'echo-reply'; identifier: number; sequence: number; data: Buffer }
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

type Echo = Of<'echo-request' | 'echo-reply'>;
type ErrorMessage = Of<'destination-unreachable' | 'time-exceeded'>;

const echo = (type: number, name: Echo['type']): IcmpCodec<Echo> => ({
  type,
  name,
  code: () => 0,
  bodyLength: (m) => 4 + m.data.length,
  encode: (m, w) => void w.u16(m.identifier, 'identifier').u16(m.sequence, 'sequence').bytes(m.data),
  decode: (r) => ({ type: name, identifier: r.u16(), sequence: r.u16(), data: r.rest() }),
});

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

/** RFC 4861 §4.1. */
const routerSolicitation: IcmpCodec<Of<'router-solicitation'>> = {
  type: 133,
  name: 'router-solicitation',
  code: () => 0,
  bodyLength: (m) => 4 + ndOptionsLength(m.options),
  encode(m, w) {
    w.u32(0);
    writeNdOptions(w, m.options);
  },
  decode(r) {
    r.at('Router Solicitation').u32();
    return { type: 'router-solicitation', options: readNdOptions(r) };
  },
};

/** RFC 4861 §4.2. */
const routerAdvertisement: IcmpCodec<Of<'router-advertisement'>> = {
  type: 134,
  name: 'router-advertisement',
  code: () => 0,
  bodyLength: (m) => 12 + ndOptionsLength(m.options),
  encode(m, w) {
    w.u8(m.curHopLimit, 'Cur Hop Limit').u8((m.managed ? 0x80 : 0) | (m.other ? 0x40 : 0) | (m.otherFlags & 0x3f));
    w.u16(m.routerLifetime, 'Router Lifetime')
      .u32(m.reachableTime, 'Reachable Time')
      .u32(m.retransTimer, 'Retrans Timer');
    writeNdOptions(w, m.options);
  },
  decode(r) {
    r.at('Router Advertisement');
    const curHopLimit = r.u8();
    const flags = r.u8();
    return {
      type: 'router-advertisement',
      curHopLimit,
      managed: (flags & 0x80) !== 0,
      other: (flags & 0x40) !== 0,
      otherFlags: flags & 0x3f,
      routerLifetime: r.u16(),
      reachableTime: r.u32(),
      retransTimer: r.u32(),
      options: readNdOptions(r),
    };
  },
};

/** RFC 4861 §4.3. */
const neighborSolicitation: IcmpCodec<Of<'neighbor-solicitation'>> = {
  type: 135,
  name: 'neighbor-solicitation',
  code: () => 0,
  bodyLength: (m) => 20 + ndOptionsLength(m.options),
  encode(m, w) {
    w.u32(0);
    writeIpv6(w, m.target, 'target');
    writeNdOptions(w, m.options);
  },
  decode(r) {
    r.at('Neighbor Solicitation').u32();
    return { type: 'neighbor-solicitation', target: readIpv6(r), options: readNdOptions(r) };
  },
};

/** RFC 4861 §4.4: R, S, O flags, 29 reserved bits. */
const neighborAdvertisement: IcmpCodec<Of<'neighbor-advertisement'>> = {
  type: 136,
  name: 'neighbor-advertisement',
  code: () => 0,
  bodyLength: (m) => 20 + ndOptionsLength(m.options),
  encode(m, w) {
    w.u8((m.router ? 0x80 : 0) | (m.solicited ? 0x40 : 0) | (m.override ? 0x20 : 0))
      .u8(0)
      .u16(0);
    writeIpv6(w, m.target, 'target');
    writeNdOptions(w, m.options);
  },
  decode(r) {
    const f = r.at('Neighbor Advertisement').u8();
    r.skip(3);
    return {
      type: 'neighbor-advertisement',
      router: (f & 0x80) !== 0,
      solicited: (f & 0x40) !== 0,
      override: (f & 0x20) !== 0,
      target: readIpv6(r),
      options: readNdOptions(r),
    };
  },
};

export const ICMPV6_CODECS = [
  error(1, 'destination-unreachable'),
  packetTooBig,
  error(3, 'time-exceeded'),
  parameterProblem,
  echo(128, 'echo-request'),
  echo(129, 'echo-reply'),
  routerSolicitation,
  routerAdvertisement,
  neighborSolicitation,
  neighborAdvertisement,
] as unknown as IcmpCodec<Icmpv6Message>[];
