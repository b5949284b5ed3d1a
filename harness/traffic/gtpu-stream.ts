import { readGpduHeader, writeGpduHeader, writeGpduHeaderWithQfi, type GpduView } from '../protocol/gtpu/index.ts';
import { finish, pseudoHeaderSum, sum16 } from '../protocol/ip/checksum.ts';
import { encodeIpPacketInto, ipPacket, newIpView, readIpView, udpDatagram, type IpView } from '../protocol/ip/index.ts';

/**
 * The packets of a GTP-U load stream (TS 29.281 §5.1 G-PDU carrying an IPv6, RFC 8200, or IPv4,
 * RFC 791, UDP datagram): one template per flow, written once; per packet only the test payload
 * changes. The payload carries what the sink needs for loss, reordering, latency and PDV:
 *
 *   octets 0-3  flow index      4-7  sequence number (per flow, from 0)
 *   octets 8-15 send time, ms since the epoch (float64: performance.timeOrigin + now()), same clock
 *               in every thread of the process
 *
 * `innerLength` is the inner IP packet's length (RFC 2544 frame sizes: 64 ... 1500); the G-PDU adds
 * 8 octets, then UDP/IP of the transport.
 */
export const PAYLOAD_MIN = 16;
export const GTPU_HEADER = 8;

export interface GtpuFlow {
  teid: number;
  /** Inner source and destination (the UE's address and the host it talks to); one family. */
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  /**
   * On N3/N9: the QFI of the UL PDU SESSION INFORMATION container the G-PDUs carry (TS 38.415
   * §5.5.2.2; the header grows to 16 octets). None: an 8-octet header, as on S1-U/S5/S8-U.
   */
  qfi?: number;
}

/** The G-PDU header's length for `flow`. */
export const gpduHeaderLength = (flow: GtpuFlow): number => (flow.qfi === undefined ? GTPU_HEADER : GTPU_HEADER_QFI);
/** With one PDU Session Container (TS 29.281 §5.2.2.7). */
export const GTPU_HEADER_QFI = 16;

export interface FlowTemplate {
  /** G-PDU: GTP-U header + inner packet, test payload zero. */
  packet: Buffer;
  /** Offset of the inner UDP header and of the test payload within `packet`. */
  udpOffset: number;
  payloadOffset: number;
  /**
   * One's complement sum (unfolded) of the pseudo-header (RFC 8200 §8.1 / RFC 768) and the UDP
   * header and data with the checksum and test payload zero: per packet only the 16 test octets
   * are added (the rest of the data never changes).
   */
  baseSum: number;
}

export function innerHeaderLength(flow: GtpuFlow): number {
  return (flow.src.includes(':') ? 40 : 20) + 8;
}

export function flowTemplate(flow: GtpuFlow, innerLength: number): FlowTemplate {
  const v6 = flow.src.includes(':');
  if (v6 !== flow.dst.includes(':')) throw new Error(`flow ${flow.src} → ${flow.dst}: mixed address families`);
  const ipLen = v6 ? 40 : 20;
  const udpLen = innerLength - ipLen;
  if (udpLen - 8 < PAYLOAD_MIN)
    throw new Error(
      `inner packets of ${innerLength} octets leave no room for the ${PAYLOAD_MIN}-octet test payload (minimum ${ipLen + 8 + PAYLOAD_MIN})`,
    );
  if (innerLength > 65535) throw new Error(`inner packets of ${innerLength} octets do not fit a G-PDU`);
  const header = gpduHeaderLength(flow);
  const packet = Buffer.alloc(header + innerLength);
  if (flow.qfi === undefined) writeGpduHeader(packet, header, flow.teid, innerLength);
  else writeGpduHeaderWithQfi(packet, header, flow.teid, innerLength, 1, flow.qfi);
  // The inner packet, test payload zero; the discard port (RFC 863) unless told otherwise.
  const data = Buffer.alloc(udpLen - 8);
  encodeIpPacketInto(
    ipPacket(flow.src, flow.dst, udpDatagram(flow.srcPort ?? 40000, flow.dstPort ?? 9, data)),
    packet,
    header,
  );
  const v = newIpView();
  readIpView(packet, header, innerLength, v);
  const udp = v.upperOffset;
  packet[udp + 6] = 0;
  packet[udp + 7] = 0;
  const pseudo = pseudoHeaderSum(packet, v.srcOffset, packet, v.dstOffset, v.addressLength, 17, udpLen);
  const baseSum = sum16(packet, udp, packet.length, pseudo);
  return { packet, udpOffset: udp, payloadOffset: udp + 8, baseSum };
}

/**
 * Writes packet `seq` of a flow at `at` in `buf` (the template copied, then the payload fields and
 * the UDP checksum): no allocation.
 */
export function writeStreamPacket(
  buf: Buffer,
  at: number,
  t: FlowTemplate,
  flowIndex: number,
  seq: number,
  sentAtMs: number,
): void {
  buf.set(t.packet, at);
  const p = at + t.payloadOffset;
  buf.writeUInt32BE(flowIndex >>> 0, p);
  buf.writeUInt32BE(seq >>> 0, p + 4);
  buf.writeDoubleBE(sentAtMs, p + 8);
  const udp = at + t.udpOffset;
  let c = finish(sum16(buf, p, p + PAYLOAD_MIN, t.baseSum));
  if (c === 0) c = 0xffff; // RFC 768: a computed zero is sent as all ones
  buf[udp + 6] = c >>> 8;
  buf[udp + 7] = c & 0xff;
}

/** The inner packet's header, read in place (one per thread: readers run to completion). */
const SHARED_IP_VIEW = newIpView();

/** What the far end reads back from one stream packet. */
export interface StreamPacketView {
  flow: number;
  seq: number;
  /** Send time written by writeStreamPacket, ms since the epoch. */
  sentAtMs: number;
}

/**
 * Reads the test payload of the datagram at `at` (length `len`) into `out`: a G-PDU (type 255)
 * whose inner IPv6 or IPv4 packet carries UDP and at least the 16 test octets. False for anything
 * else (an Error Indication, an Echo, a truncated packet); nothing is allocated.
 */
export function readStreamPacket(
  rx: Buffer,
  at: number,
  len: number,
  view: GpduView,
  out: StreamPacketView,
  ip: IpView = SHARED_IP_VIEW,
): boolean {
  if (!readGpduHeader(rx, at, len, view) || view.messageType !== 255) return false;
  if (!readIpView(rx, view.payloadOffset, view.payloadLength, ip) || ip.protocol !== 17 || ip.fragment) return false;
  const p = ip.upperOffset + 8;
  if (p + PAYLOAD_MIN > at + len) return false;
  out.flow = rx.readUInt32BE(p);
  out.seq = rx.readUInt32BE(p + 4);
  out.sentAtMs = rx.readDoubleBE(p + 8);
  return true;
}
