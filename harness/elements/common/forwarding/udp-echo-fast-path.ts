import { addressBytes } from '../../../protocol/common/ip-bytes.ts';
import { fold, sum16 } from '../../../protocol/ip/checksum.ts';
import type { FastPathEntry, FastPathReader } from './fast-path-table.ts';

/**
 * The in-process internet's UDP echo (RFC 862) as the forwarding thread answers it without the
 * main thread: the hosts' IPv6 addresses that answer, the echo port, and the hop limit of the
 * host's answer. Only these packets take the fast path; every other one goes to the main thread.
 */
export interface UdpEchoHosts {
  /** 16 octets each. */
  hosts: Uint8Array[];
  port: number;
  hopLimit: number;
}

const GTPU = 8;
const IPV6 = 40;
const UDP = 8;

/** Extension header type of the PDU Session Container (TS 29.281 §5.2.1). */
const PDU_SESSION_CONTAINER = 0x85;
/** A G-PDU header with one PDU Session Container of one 4-octet unit (TS 29.281 §5.2.2.7). */
const GTPU_QFI = 16;

/**
 * One G-PDU (TS 29.281 §5.1: an 8-octet header, or 16 with exactly one PDU Session Container of
 * TS 38.415 §5.5.2 as N3/N9 carry) at rx[at, at + len), received from the peer described by the
 * receive metadata at `m`: when its TEID has a current entry for that peer, its container's QFI
 * is the one the entry wants (the PDR's, TS 29.244 §5.2.1; -1: any), and it carries an IPv6 UDP
 * datagram from the session's /64 to an echo host's echo port, with hop limit above 1 and a good
 * checksum (RFC 8200 §8.1), the host's answer goes down the peer's tunnel exactly as the main
 * thread would build it (writeUdpEchoAnswer). `entry` then holds the entry and the header's
 * length. False for anything else.
 */
export function udpEchoQualifies(
  rx: Buffer,
  at: number,
  len: number,
  meta: Int32Array,
  m: number,
  table: FastPathReader,
  echo: UdpEchoHosts,
  entry: FastPathEntry,
): boolean {
  if (len < GTPU + IPV6 + UDP || rx[at + 1] !== 0xff || rx.readUInt16BE(at + 2) !== len - GTPU) return false;
  let header = GTPU;
  let qfi = -1;
  if (rx[at] === 0x34) {
    // E only (no S, no PN): one container of length 1 and no extension header after it.
    if (len < GTPU_QFI + IPV6 + UDP || rx[at + 11] !== PDU_SESSION_CONTAINER || rx[at + 12] !== 1) return false;
    if (rx[at + 15] !== 0) return false;
    qfi = rx[at + 14] & 0x3f;
    header = GTPU_QFI;
  } else if (rx[at] !== 0x30) return false;
  if (!table.lookup(rx.readUInt32BE(at + 4), meta, m, entry)) return false;
  if (entry.ulQfi >= 0 && qfi !== entry.ulQfi) return false;
  entry.header = header;
  const ip = at + header;
  const payload = len - header - IPV6;
  if (rx[ip] >> 4 !== 6 || rx.readUInt16BE(ip + 4) !== payload || rx[ip + 6] !== 17 || rx[ip + 7] <= 1) return false;
  // BCP 38 (TS 29.061 §11.2.1.3): a source in the session's /64.
  if (rx.readInt32BE(ip + 8) !== entry.prefixHi || rx.readInt32BE(ip + 12) !== entry.prefixLo) return false;
  if (!isHost(rx, ip + 24, echo.hosts)) return false;
  const udp = ip + IPV6;
  if (rx.readUInt16BE(udp + 4) !== payload || rx.readUInt16BE(udp + 2) !== echo.port) return false;
  // RFC 8200 §8.1: zero is no checksum, which IPv6 does not allow; otherwise the sum must verify.
  if (rx[udp + 6] === 0 && rx[udp + 7] === 0) return false;
  let acc = sum16(rx, ip + 8, ip + 40);
  acc += payload + 17;
  acc = sum16(rx, udp, udp + payload, acc);
  return fold(acc) === 0xffff;
}

/** The answer's length for the packet of `len` octets that qualified with `entry`. */
export function udpEchoAnswerLength(len: number, entry: FastPathEntry): number {
  return len - entry.header + (entry.dlQfi >= 0 ? GTPU_QFI : GTPU);
}

/**
 * Writes the echo's answer (see udpEchoQualifies) for the packet at rx[at, at + len) at tx[out]:
 * the G-PDU to the entry's peer TEID, with a DL PDU SESSION INFORMATION container (TS 38.415
 * §5.5.2.1: PDU type 0, the entry's QFI) when the entry has a downlink QFI. Returns its length.
 */
export function writeUdpEchoAnswer(
  rx: Buffer,
  at: number,
  len: number,
  tx: Buffer,
  out: number,
  entry: FastPathEntry,
  hopLimit: number,
): number {
  const inner = len - entry.header;
  tx[out + 1] = 0xff;
  tx.writeUInt32BE(entry.peerTeid >>> 0, out + 4);
  let o = out + GTPU;
  if (entry.dlQfi >= 0) {
    tx[out] = 0x34;
    tx.writeUInt16BE(inner + GTPU, out + 2);
    tx[out + 8] = 0;
    tx[out + 9] = 0;
    tx[out + 10] = 0;
    tx[out + 11] = PDU_SESSION_CONTAINER;
    tx[out + 12] = 1;
    tx[out + 13] = 0;
    tx[out + 14] = entry.dlQfi & 0x3f;
    tx[out + 15] = 0;
    o = out + GTPU_QFI;
  } else {
    tx[out] = 0x30;
    tx.writeUInt16BE(inner, out + 2);
  }
  const ip = at + entry.header;
  tx[o] = 0x60;
  tx[o + 1] = 0;
  tx[o + 2] = 0;
  tx[o + 3] = 0;
  tx[o + 4] = rx[ip + 4];
  tx[o + 5] = rx[ip + 5];
  tx[o + 6] = 17;
  tx[o + 7] = hopLimit;
  // Byte loops: Buffer.copy's fixed cost outweighs a few dozen octets (it was the worker's top frame).
  for (let i = 0; i < 16; i++) {
    tx[o + 8 + i] = rx[ip + 24 + i];
    tx[o + 24 + i] = rx[ip + 8 + i];
  }
  const udp = ip + IPV6;
  const u = o + IPV6;
  tx[u] = rx[udp + 2];
  tx[u + 1] = rx[udp + 3];
  tx[u + 2] = rx[udp];
  tx[u + 3] = rx[udp + 1];
  const n = at + len - udp;
  if (n > 256) rx.copy(tx, u + 4, udp + 4, at + len);
  else for (let i = 4; i < n; i++) tx[u + i] = rx[udp + i];
  return u + n - out;
}

function isHost(rx: Buffer, at: number, hosts: Uint8Array[]): boolean {
  for (const h of hosts) {
    let i = 0;
    while (i < 16 && rx[at + i] === h[i]) i++;
    if (i === 16) return true;
  }
  return false;
}

export function echoHosts(addresses: string[], port: number, hopLimit: number): UdpEchoHosts {
  return { hosts: addresses.map((a) => new Uint8Array(addressBytes(a))), port, hopLimit };
}
