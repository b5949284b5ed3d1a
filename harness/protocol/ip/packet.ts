import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError, EncodeError } from '../common/decode-error.ts';
import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../common/ip-bytes.ts';
import { finish, pseudoHeaderSum, sum16 } from './checksum.ts';
import {
  extensionCodec,
  extensionLength,
  extensionNumber,
  finalDestinationAt,
  writeExtension,
} from './extension-headers.ts';
import { icmp, icmpv6 } from './icmp.ts';
import { tcp } from './tcp.ts';
import type { ExtensionHeader, IpPacket, Ipv4Packet, Ipv6Packet, Payload } from './types.ts';
import { udp } from './udp.ts';
import { codecTable } from './table.ts';
import type { UpperLayerCodec } from './upper-layer-codec.ts';

/**
 * The IP packet codec: IPv4 (RFC 791 §3.1) or IPv6 (RFC 8200 §3) header, IPv6 extension headers
 * (extension-headers.ts), then the upper layer by protocol number from one table per family (UDP,
 * TCP, and ICMP over IPv4 / ICMPv6 over IPv6); any other protocol, and any fragment, as octets.
 * Encoding computes the length once, writes through one cursor (into a caller's buffer with
 * `encodeIpPacketInto`), then sums the pseudo-header and the upper layer in place for its checksum.
 */
type AnyUpper = UpperLayerCodec<Payload>;

const table = (codecs: unknown[]) => codecTable(codecs as AnyUpper[], (c) => c.protocol);
const V4_UPPER = table([udp, tcp, icmp]).byNumber;
const V6_UPPER = table([udp, tcp, icmpv6]).byNumber;
const BY_NAME = table([udp, tcp, icmp, icmpv6]).byName;

const upperCodec = (p: Payload): AnyUpper | undefined => (p.type === 'raw' ? undefined : BY_NAME.get(p.type));
const protocolOf = (p: Payload): number => (p.type === 'raw' ? p.protocol : BY_NAME.get(p.type)!.protocol);
const upperLength = (p: Payload): number => (p.type === 'raw' ? p.data.length : BY_NAME.get(p.type)!.encodingLength(p));

/** Octets of the encoded packet. */
export function ipPacketLength(p: IpPacket): number {
  if (p.version === 4) return 20 + (p.options?.length ?? 0) + upperLength(p.payload);
  let n = 40;
  for (const h of p.extensionHeaders) n += extensionLength(h);
  return n + upperLength(p.payload);
}

export function encodeIpPacket(p: IpPacket): Buffer {
  const b = Buffer.allocUnsafe(ipPacketLength(p));
  encodeIpPacketInto(p, b, 0);
  return b;
}

/** Writes the packet at `offset` in `buf` (which must hold ipPacketLength(p) more octets); returns the end. */
export function encodeIpPacketInto(p: IpPacket, buf: Buffer, offset = 0): number {
  const end = offset + ipPacketLength(p);
  if (end > buf.length)
    throw new EncodeError(p.version === 4 ? 'ipv4' : 'ipv6', 'packet', `${end - offset} octets do not fit the buffer`);
  return p.version === 4 ? encodeIpv4(p, buf, offset, end) : encodeIpv6(p, buf, offset, end);
}

function encodeIpv4(p: Ipv4Packet, buf: Buffer, start: number, end: number): number {
  const w = new Writer(buf, start, 'ipv4');
  const options = p.options;
  const ihl = 20 + (options?.length ?? 0);
  if (ihl % 4 !== 0 || ihl > 60)
    throw new EncodeError('ipv4', 'options', `${ihl - 20} octets: a multiple of 4, at most 40`);
  if (p.fragmentOffset !== (p.fragmentOffset & 0x1fff))
    throw new EncodeError('ipv4', 'fragment offset', `${p.fragmentOffset} is not 0..8191`);
  w.u8(0x40 | (ihl >> 2))
    .u8(p.tos, 'TOS')
    .u16(end - start, 'total length')
    .u16(p.identification, 'identification');
  w.u16((p.dontFragment ? 0x4000 : 0) | (p.moreFragments ? 0x2000 : 0) | p.fragmentOffset);
  w.u8(p.ttl, 'TTL').u8(protocolOf(p.payload), 'protocol').u16(0);
  writeIpv4(w, p.src, 'source address');
  writeIpv4(w, p.dst, 'destination address');
  if (options) w.bytes(options);
  const sum = sum16(buf, start, start + ihl);
  const hc = finish(sum);
  buf[start + 10] = hc >>> 8;
  buf[start + 11] = hc & 0xff;
  writeUpper(p.payload, w, buf, start + 12, start + 16, 4, end);
  return end;
}

function encodeIpv6(p: Ipv6Packet, buf: Buffer, start: number, end: number): number {
  const w = new Writer(buf, start, 'ipv6');
  const hs = p.extensionHeaders;
  if (p.flowLabel !== (p.flowLabel & 0xfffff))
    throw new EncodeError('ipv6', 'flow label', `${p.flowLabel} is not 20 bits`);
  if (p.trafficClass !== (p.trafficClass & 0xff)) throw new EncodeError('ipv6', 'traffic class', `${p.trafficClass}`);
  w.u32((0x60000000 | (p.trafficClass << 20) | p.flowLabel) >>> 0);
  w.u16(end - start - 40, 'payload length')
    .u8(hs.length ? extensionNumber(hs[0]) : protocolOf(p.payload))
    .u8(p.hopLimit, 'hop limit');
  writeIpv6(w, p.src, 'source address');
  writeIpv6(w, p.dst, 'destination address');
  let dstAt = start + 24;
  for (let i = 0; i < hs.length; i++) {
    const h: ExtensionHeader = hs[i];
    w.u8(i + 1 < hs.length ? extensionNumber(hs[i + 1]) : protocolOf(p.payload));
    const at = w.offset;
    writeExtension(h, w);
    if (h.type === 'routing' && h.segmentsLeft > 0) {
      const f = finalDestinationAt(h.routingType, h.data.length);
      if (f >= 0) dstAt = at + 3 + f;
    }
  }
  writeUpper(p.payload, w, buf, start + 8, dstAt, 16, end);
  return end;
}

function writeUpper(
  pl: Payload,
  w: Writer,
  buf: Buffer,
  srcAt: number,
  dstAt: number,
  addressLength: 4 | 16,
  end: number,
): void {
  const c = upperCodec(pl);
  if (!c) {
    w.bytes((pl as { data: Buffer }).data);
    return;
  }
  const upper = w.offset;
  c.encode(pl, w);
  const acc = c.pseudoHeader ? pseudoHeaderSum(buf, srcAt, buf, dstAt, addressLength, c.protocol, end - upper) : 0;
  const v = c.checksumValue(pl, finish(sum16(buf, upper, end, acc)));
  buf[upper + c.checksumAt] = v >>> 8;
  buf[upper + c.checksumAt + 1] = v & 0xff;
}

/** Decodes an IPv4 or IPv6 packet (by the version nibble) that fills `buf` from `offset` to `end`. */
export function decodeIpPacket(buf: Buffer, offset = 0, end = buf.length): IpPacket {
  if (end <= offset) throw new DecodeError('ip', 'header', offset, 'empty packet');
  const v = buf[offset] >> 4;
  if (v === 6) return decodeIpv6(buf, offset, end);
  if (v === 4) return decodeIpv4(buf, offset, end);
  throw new DecodeError('ip', 'header', offset, `IP version ${v}`);
}

export function decodeIpv4Packet(buf: Buffer, offset = 0, end = buf.length): Ipv4Packet {
  return decodeIpv4(buf, offset, end);
}

export function decodeIpv6Packet(buf: Buffer, offset = 0, end = buf.length): Ipv6Packet {
  return decodeIpv6(buf, offset, end);
}

function decodeIpv4(buf: Buffer, start: number, end: number): Ipv4Packet {
  const r = Reader.of(buf, 'ipv4', start, end).at('header');
  const vihl = r.u8();
  if (vihl >> 4 !== 4) r.fail(`version ${vihl >> 4}, expected 4`, start);
  const ihl = (vihl & 0x0f) * 4;
  if (ihl < 20) r.fail(`IHL ${ihl} < 20`, start);
  const tos = r.u8();
  const total = r.u16();
  if (total !== end - start || total < ihl) r.fail(`total length ${total} but ${end - start} octet(s)`, start + 2);
  const identification = r.u16();
  const ff = r.u16();
  const ttl = r.u8();
  const protocol = r.u8();
  r.u16();
  const src = readIpv4(r);
  const dst = readIpv4(r);
  const p: Ipv4Packet = {
    version: 4,
    tos,
    identification,
    dontFragment: (ff & 0x4000) !== 0,
    moreFragments: (ff & 0x2000) !== 0,
    fragmentOffset: ff & 0x1fff,
    ttl,
    src,
    dst,
    headerChecksumValid: finish(sum16(buf, start, start + ihl)) === 0,
    payload: { type: 'raw', protocol, data: EMPTY },
  };
  if (ihl > 20) p.options = r.at('options').bytes(ihl - 20);
  const whole = !p.moreFragments && p.fragmentOffset === 0;
  p.payload = readUpper(
    r,
    whole ? V4_UPPER[protocol] : undefined,
    protocol,
    buf,
    start + 12,
    start + 16,
    4,
    4,
  ) as Ipv4Packet['payload'];
  return p;
}

const EMPTY = Buffer.alloc(0);

function decodeIpv6(buf: Buffer, start: number, end: number): Ipv6Packet {
  const r = Reader.of(buf, 'ipv6', start, end).at('header');
  const vtf = r.u32();
  if (vtf >>> 28 !== 6) r.fail(`version ${vtf >>> 28}, expected 6`, start);
  const plen = r.u16();
  let next = r.u8();
  const hopLimit = r.u8();
  const src = readIpv6(r);
  const dst = readIpv6(r);
  if (plen !== r.remaining) r.fail(`payload length ${plen} but ${r.remaining} octet(s) follow the header`, start + 4);
  const extensionHeaders: ExtensionHeader[] = [];
  let dstAt = start + 24;
  let whole = true;
  for (let codec = extensionCodec(next); codec; codec = extensionCodec(next)) {
    if (next === 0 && extensionHeaders.length > 0) r.fail('Hop-by-Hop Options header not first (RFC 8200 §4.1)');
    if (extensionHeaders.length >= 16) r.fail('more than 16 extension headers');
    r.at(codec.name);
    next = r.u8();
    const at = r.offset;
    const h = codec.decode(r);
    extensionHeaders.push(h);
    if (h.type === 'fragment') whole &&= h.offset === 0 && !h.more;
    if (h.type === 'routing' && h.segmentsLeft > 0) {
      const f = finalDestinationAt(h.routingType, h.data.length);
      if (f >= 0) dstAt = at + 3 + f;
    }
  }
  const payload = readUpper(r, whole ? V6_UPPER[next] : undefined, next, buf, start + 8, dstAt, 16, 6);
  return {
    version: 6,
    trafficClass: (vtf >>> 20) & 0xff,
    flowLabel: vtf & 0xfffff,
    hopLimit,
    src,
    dst,
    extensionHeaders,
    payload: payload as Ipv6Packet['payload'],
  };
}

function readUpper(
  r: Reader,
  c: AnyUpper | undefined,
  protocol: number,
  buf: Buffer,
  srcAt: number,
  dstAt: number,
  addressLength: 4 | 16,
  version: 4 | 6,
): Payload {
  if (!c) return { type: 'raw', protocol, data: r.at('payload').rest() };
  const upper = r.offset;
  const end = r.end;
  const payload = c.decode(r.sub(r.remaining, c.name));
  const acc = c.pseudoHeader ? pseudoHeaderSum(buf, srcAt, buf, dstAt, addressLength, protocol, end - upper) : 0;
  (payload as { checksumValid?: boolean }).checksumValid = c.checksumValid(
    payload,
    finish(sum16(buf, upper, end, acc)) === 0,
    version,
  );
  return payload;
}
