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

/**
 * One G-PDU (TS 29.281 §5.1, 8-octet header, no optional fields) at rx[at, at + len), received
 * from the peer described by the receive metadata at `m`: when it carries an IPv6 UDP datagram
 * from the session's /64 to an echo host's echo port, with hop limit above 1 and a good checksum
 * (RFC 8200 §8.1), the host's answer goes down the peer's tunnel exactly as the main thread would
 * build it — the G-PDU written at tx[out, out + len): addresses and ports swapped (the checksum
 * keeps its value: the sum does not depend on the order of the words), hop limit the host's,
 * traffic class and flow label zero (writeUdpEchoAnswer). False for anything else.
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
  if (len < GTPU + IPV6 + UDP || rx[at] !== 0x30 || rx[at + 1] !== 0xff) return false;
  if (rx.readUInt16BE(at + 2) !== len - GTPU) return false;
  if (!table.lookup(rx.readUInt32BE(at + 4), meta, m, entry)) return false;
  const ip = at + GTPU;
  const payload = len - GTPU - IPV6;
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

/** Writes the echo's answer (see udpEchoQualifies) for the packet at rx[at, at + len) at tx[out]. */
export function writeUdpEchoAnswer(
  rx: Buffer,
  at: number,
  len: number,
  tx: Buffer,
  out: number,
  peerTeid: number,
  hopLimit: number,
): void {
  tx[out] = 0x30;
  tx[out + 1] = 0xff;
  tx.writeUInt16BE(len - GTPU, out + 2);
  tx.writeUInt32BE(peerTeid >>> 0, out + 4);
  const ip = at + GTPU;
  const o = out + GTPU;
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
