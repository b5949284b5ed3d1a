import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError } from '../common/decode-error.ts';
import { finish, sum16 } from '../common/checksum.ts';
import { readIpv4, readIpv6, writeIpv6 } from '../common/ip-bytes.ts';
import { addressBytes } from '../udpip/datagram.ts';
import { icmpv6Length, readIcmpv6, writeIcmpv6, type Icmpv6Message } from './icmpv6.ts';

/**
 * IPv6 packets (RFC 8200 §3 header, §4 extension headers) carrying ICMPv6, UDP or anything else
 * as octets; and, for the IPv4 side of the harness, IPv4 headers (RFC 791). Upper-layer checksums
 * use the RFC 8200 §8.1 pseudo-header: computed on encode, verified on decode.
 */
export type ExtensionHeader =
  | { type: 'hop-by-hop' | 'destination-options'; options: Buffer }
  | { type: 'routing'; routingType: number; segmentsLeft: number; data: Buffer }
  /** RFC 8200 §4.5: offset in 8-octet units, M flag, identification. */
  | { type: 'fragment'; offset: number; more: boolean; identification: number };

export type Ipv6Payload =
  | { type: 'icmpv6'; message: Icmpv6Message; checksumValid?: boolean }
  | { type: 'udp'; srcPort: number; dstPort: number; data: Buffer; checksumValid?: boolean }
  | { type: 'raw'; nextHeader: number; data: Buffer };

export interface Ipv6Packet {
  version: 6;
  trafficClass: number;
  flowLabel: number;
  hopLimit: number;
  src: string;
  dst: string;
  extensionHeaders: ExtensionHeader[];
  payload: Ipv6Payload;
}

export interface Ipv4Packet {
  version: 4;
  tos: number;
  identification: number;
  dontFragment: boolean;
  moreFragments: boolean;
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  src: string;
  dst: string;
  headerChecksumValid: boolean;
  payload: Buffer;
}

export const NEXT_HEADER = {
  HOP_BY_HOP: 0,
  TCP: 6,
  UDP: 17,
  ROUTING: 43,
  FRAGMENT: 44,
  ICMPV6: 58,
  NO_NEXT: 59,
  DESTINATION_OPTIONS: 60,
} as const;

const EXT_NUMBER: Record<ExtensionHeader['type'], number> = {
  'hop-by-hop': 0,
  routing: 43,
  fragment: 44,
  'destination-options': 60,
};

function extLength(h: ExtensionHeader): number {
  switch (h.type) {
    case 'fragment':
      return 8;
    case 'routing':
      return 4 + h.data.length;
    default:
      return 2 + h.options.length;
  }
}

function payloadNumber(p: Ipv6Payload): number {
  return p.type === 'icmpv6' ? NEXT_HEADER.ICMPV6 : p.type === 'udp' ? NEXT_HEADER.UDP : p.nextHeader;
}

function payloadLength(p: Ipv6Payload): number {
  return p.type === 'icmpv6' ? icmpv6Length(p.message) : p.type === 'udp' ? 8 + p.data.length : p.data.length;
}

export function ipv6EncodingLength(p: Ipv6Packet): number {
  return 40 + p.extensionHeaders.reduce((n, h) => n + extLength(h), 0) + payloadLength(p.payload);
}

export function encodeIpv6Packet(p: Ipv6Packet): Buffer {
  const buf = Buffer.alloc(ipv6EncodingLength(p));
  const w = new Writer(buf, 0, 'ipv6');
  const first = p.extensionHeaders.length ? EXT_NUMBER[p.extensionHeaders[0].type] : payloadNumber(p.payload);
  w.u32(((6 << 28) | ((p.trafficClass & 0xff) << 20) | (p.flowLabel & 0xfffff)) >>> 0);
  w.u16(buf.length - 40, 'payload length')
    .u8(first)
    .u8(p.hopLimit, 'hop limit');
  writeIpv6(w, p.src, 'source address');
  writeIpv6(w, p.dst, 'destination address');
  p.extensionHeaders.forEach((h, i) => {
    const next =
      i + 1 < p.extensionHeaders.length ? EXT_NUMBER[p.extensionHeaders[i + 1].type] : payloadNumber(p.payload);
    const len = extLength(h);
    if (h.type !== 'fragment' && len % 8 !== 0)
      throw new DecodeError('ipv6', h.type, w.offset, `length ${len} is not a multiple of 8`);
    w.u8(next);
    if (h.type === 'fragment') {
      w.u8(0)
        .u16(((h.offset & 0x1fff) << 3) | (h.more ? 1 : 0))
        .u32(h.identification, 'identification');
    } else if (h.type === 'routing') {
      w.u8(len / 8 - 1)
        .u8(h.routingType)
        .u8(h.segmentsLeft)
        .bytes(h.data);
    } else {
      w.u8(len / 8 - 1).bytes(h.options);
    }
  });
  const upper = w.offset;
  const pl = p.payload;
  if (pl.type === 'icmpv6') {
    writeIcmpv6(w, pl.message);
    buf.writeUInt16BE(upperChecksum(buf, upper, NEXT_HEADER.ICMPV6), upper + 2);
  } else if (pl.type === 'udp') {
    w.u16(pl.srcPort)
      .u16(pl.dstPort)
      .u16(8 + pl.data.length)
      .u16(0)
      .bytes(pl.data);
    const c = upperChecksum(buf, upper, NEXT_HEADER.UDP);
    buf.writeUInt16BE(c === 0 ? 0xffff : c, upper + 6);
  } else {
    w.bytes(pl.data);
  }
  return buf;
}

/** RFC 8200 §8.1: source, destination, upper-layer length, next header, then the upper layer. */
export function upperLayerChecksum(pkt: Buffer, upper: number, nextHeader: number): number {
  return upperChecksum(pkt, upper, nextHeader);
}

function upperChecksum(pkt: Buffer, upper: number, nextHeader: number): number {
  let acc = sum16(pkt, 8, 40);
  const len = pkt.length - upper;
  acc += (len >>> 16) + (len & 0xffff) + nextHeader;
  return finish(sum16(pkt, upper, pkt.length, acc));
}

export function decodeIpv6Packet(buf: Buffer): Ipv6Packet {
  const r = Reader.of(buf, 'ipv6').at('header');
  const vtf = r.u32();
  if (vtf >>> 28 !== 6) r.fail(`version ${vtf >>> 28}, expected 6`, 0);
  const plen = r.u16();
  let next = r.u8();
  const hopLimit = r.u8();
  const src = readIpv6(r);
  const dst = readIpv6(r);
  if (plen !== r.remaining) r.fail(`payload length ${plen} but ${r.remaining} octet(s) follow the header`, 4);
  const p: Ipv6Packet = {
    version: 6,
    trafficClass: (vtf >>> 20) & 0xff,
    flowLabel: vtf & 0xfffff,
    hopLimit,
    src,
    dst,
    extensionHeaders: [],
    payload: { type: 'raw', nextHeader: 0, data: Buffer.alloc(0) },
  };
  let fragmented = false;
  for (;;) {
    if (next === 0 || next === 60 || next === 43) {
      if (next === 0 && p.extensionHeaders.length > 0) r.fail('Hop-by-Hop Options header not first (RFC 8200 §4.1)');
      const name = next === 0 ? 'hop-by-hop' : next === 60 ? 'destination-options' : 'routing';
      r.at(name);
      const nh = r.u8();
      const len = (r.u8() + 1) * 8 - 2;
      if (next === 43)
        p.extensionHeaders.push({ type: 'routing', routingType: r.u8(), segmentsLeft: r.u8(), data: r.bytes(len - 2) });
      else p.extensionHeaders.push({ type: name as 'hop-by-hop' | 'destination-options', options: r.bytes(len) });
      next = nh;
      if (p.extensionHeaders.length > 16) r.fail('more than 16 extension headers');
      continue;
    }
    if (next === 44) {
      r.at('fragment');
      const nh = r.u8();
      r.u8();
      const om = r.u16();
      const fh: ExtensionHeader = { type: 'fragment', offset: om >> 3, more: (om & 1) !== 0, identification: r.u32() };
      p.extensionHeaders.push(fh);
      fragmented = fh.offset !== 0 || fh.more;
      next = nh;
      continue;
    }
    break;
  }
  const upper = r.offset;
  if (!fragmented && next === NEXT_HEADER.ICMPV6) {
    const message = readIcmpv6(r.sub(r.remaining, 'ICMPv6'));
    p.payload = { type: 'icmpv6', message, checksumValid: verify(buf, upper, next) };
  } else if (!fragmented && next === NEXT_HEADER.UDP) {
    r.at('UDP');
    const srcPort = r.u16();
    const dstPort = r.u16();
    const len = r.u16();
    r.u16();
    if (len !== buf.length - upper) r.fail(`UDP length ${len} but ${buf.length - upper} octet(s)`, upper + 4);
    p.payload = {
      type: 'udp',
      srcPort,
      dstPort,
      data: r.rest(),
      checksumValid: buf.readUInt16BE(upper + 6) !== 0 && verify(buf, upper, next),
    };
  } else {
    p.payload = { type: 'raw', nextHeader: next, data: r.rest() };
  }
  return p;
}

function verify(pkt: Buffer, upper: number, nextHeader: number): boolean {
  let acc = sum16(pkt, 8, 40);
  const len = pkt.length - upper;
  acc += (len >>> 16) + (len & 0xffff) + nextHeader;
  return finish(sum16(pkt, upper, pkt.length, acc)) === 0;
}

export function decodeIpv4Packet(buf: Buffer): Ipv4Packet {
  const r = Reader.of(buf, 'ipv4').at('header');
  const vihl = r.u8();
  if (vihl >> 4 !== 4) r.fail(`version ${vihl >> 4}, expected 4`, 0);
  const ihl = (vihl & 0x0f) * 4;
  if (ihl < 20) r.fail(`IHL ${ihl} < 20`, 0);
  const tos = r.u8();
  const total = r.u16();
  if (total !== buf.length || total < ihl) r.fail(`total length ${total} but ${buf.length} octet(s)`, 2);
  const identification = r.u16();
  const ff = r.u16();
  const ttl = r.u8();
  const protocol = r.u8();
  r.u16();
  const src = readIpv4(r);
  const dst = readIpv4(r);
  r.skip(ihl - 20);
  return {
    version: 4,
    tos,
    identification,
    dontFragment: (ff & 0x4000) !== 0,
    moreFragments: (ff & 0x2000) !== 0,
    fragmentOffset: ff & 0x1fff,
    ttl,
    protocol,
    src,
    dst,
    headerChecksumValid: finish(sum16(buf, 0, ihl)) === 0,
    payload: r.rest(),
  };
}

/** Dispatches on the version nibble. */
export function decodeIpPacket(buf: Buffer): Ipv6Packet | Ipv4Packet {
  if (buf.length === 0) throw new DecodeError('ip', 'header', 0, 'empty packet');
  const v = buf[0] >> 4;
  if (v === 6) return decodeIpv6Packet(buf);
  if (v === 4) return decodeIpv4Packet(buf);
  throw new DecodeError('ip', 'header', 0, `IP version ${v}`);
}

export { addressBytes };
