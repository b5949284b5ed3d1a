import type { Reader, Writer } from '../common/cursor.ts';
import { readIpv6, writeIpv6 } from '../common/ip-bytes.ts';
import { ndOptionLength, readNdOptions, writeNdOption, type NdOption } from './nd-options.ts';

/**
 * ICMPv6 messages (RFC 4443 §3, §4) and Neighbor Discovery messages (RFC 4861 §4.1-§4.4).
 * The checksum (RFC 4443 §2.3, over the RFC 8200 §8.1 pseudo-header) is computed by the packet
 * encoder and verified by the packet decoder.
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
  | { type: 'unknown'; icmpType: number; code: number; body: Buffer };

export const ICMPV6_TYPES = {
  'destination-unreachable': 1,
  'packet-too-big': 2,
  'time-exceeded': 3,
  'parameter-problem': 4,
  'echo-request': 128,
  'echo-reply': 129,
  'router-solicitation': 133,
  'router-advertisement': 134,
  'neighbor-solicitation': 135,
  'neighbor-advertisement': 136,
} as const;

const BY_NUMBER = new Map<number, Icmpv6Message['type']>(
  Object.entries(ICMPV6_TYPES).map(([k, v]) => [v, k as Icmpv6Message['type']]),
);

const optionsLength = (o: NdOption[]) => o.reduce((n, x) => n + ndOptionLength(x), 0);

/** Octets of the message including its 4-octet type/code/checksum header. */
export function icmpv6Length(m: Icmpv6Message): number {
  switch (m.type) {
    case 'echo-request':
    case 'echo-reply':
      return 8 + m.data.length;
    case 'destination-unreachable':
    case 'packet-too-big':
    case 'time-exceeded':
    case 'parameter-problem':
      return 8 + m.invoking.length;
    case 'router-solicitation':
      return 8 + optionsLength(m.options);
    case 'router-advertisement':
      return 16 + optionsLength(m.options);
    case 'neighbor-solicitation':
    case 'neighbor-advertisement':
      return 24 + optionsLength(m.options);
    case 'unknown':
      return 4 + m.body.length;
  }
}

/** Writes the message with a zero checksum; the packet encoder fills it in. */
export function writeIcmpv6(w: Writer, m: Icmpv6Message): void {
  const type = m.type === 'unknown' ? m.icmpType : ICMPV6_TYPES[m.type];
  const code = 'code' in m ? m.code : 0;
  w.u8(type).u8(code, 'ICMPv6 code').u16(0);
  switch (m.type) {
    case 'echo-request':
    case 'echo-reply':
      w.u16(m.identifier, 'identifier').u16(m.sequence, 'sequence').bytes(m.data);
      return;
    case 'destination-unreachable':
    case 'time-exceeded':
      w.u32(0).bytes(m.invoking);
      return;
    case 'packet-too-big':
      w.u32(m.mtu, 'MTU').bytes(m.invoking);
      return;
    case 'parameter-problem':
      w.u32(m.pointer, 'pointer').bytes(m.invoking);
      return;
    case 'router-solicitation':
      w.u32(0);
      m.options.forEach((o) => writeNdOption(w, o));
      return;
    case 'router-advertisement':
      w.u8(m.curHopLimit, 'Cur Hop Limit').u8((m.managed ? 0x80 : 0) | (m.other ? 0x40 : 0) | (m.otherFlags & 0x3f));
      w.u16(m.routerLifetime, 'Router Lifetime')
        .u32(m.reachableTime, 'Reachable Time')
        .u32(m.retransTimer, 'Retrans Timer');
      m.options.forEach((o) => writeNdOption(w, o));
      return;
    case 'neighbor-solicitation':
      w.u32(0);
      writeIpv6(w, m.target, 'target');
      m.options.forEach((o) => writeNdOption(w, o));
      return;
    case 'neighbor-advertisement':
      w.u32(((m.router ? 0x80 : 0) | (m.solicited ? 0x40 : 0) | (m.override ? 0x20 : 0)) * 0x1000000);
      writeIpv6(w, m.target, 'target');
      m.options.forEach((o) => writeNdOption(w, o));
      return;
    case 'unknown':
      w.bytes(m.body);
  }
}

/** Reads the whole window as one ICMPv6 message (checksum verified by the caller). */
export function readIcmpv6(r: Reader): Icmpv6Message {
  r.at('ICMPv6');
  const icmpType = r.u8();
  const code = r.u8();
  r.u16();
  const type = BY_NUMBER.get(icmpType);
  switch (type) {
    case 'echo-request':
    case 'echo-reply':
      return { type, identifier: r.u16(), sequence: r.u16(), data: r.rest() };
    case 'destination-unreachable':
    case 'time-exceeded':
      r.u32();
      return { type, code, invoking: r.rest() };
    case 'packet-too-big':
      return { type, mtu: r.u32(), invoking: r.rest() };
    case 'parameter-problem':
      return { type, code, pointer: r.u32(), invoking: r.rest() };
    case 'router-solicitation':
      r.at('Router Solicitation').u32();
      return { type, options: readNdOptions(r) };
    case 'router-advertisement': {
      r.at('Router Advertisement');
      const curHopLimit = r.u8();
      const flags = r.u8();
      return {
        type,
        curHopLimit,
        managed: (flags & 0x80) !== 0,
        other: (flags & 0x40) !== 0,
        otherFlags: flags & 0x3f,
        routerLifetime: r.u16(),
        reachableTime: r.u32(),
        retransTimer: r.u32(),
        options: readNdOptions(r),
      };
    }
    case 'neighbor-solicitation':
      r.at('Neighbor Solicitation').u32();
      return { type, target: readIpv6(r), options: readNdOptions(r) };
    case 'neighbor-advertisement': {
      const f = r.at('Neighbor Advertisement').u8();
      r.skip(3);
      return {
        type,
        router: (f & 0x80) !== 0,
        solicited: (f & 0x40) !== 0,
        override: (f & 0x20) !== 0,
        target: readIpv6(r),
        options: readNdOptions(r),
      };
    }
    default:
      return { type: 'unknown', icmpType, code, body: r.rest() };
  }
}
