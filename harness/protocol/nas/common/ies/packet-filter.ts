import type { Reader, Writer } from '../../../common/cursor.ts';

/**
 * Packet filter contents: a list of components, each a type octet and a value whose length the
 * type fixes (TS 24.008 §10.5.6.12 Table 10.5.162 for EPS TFTs; TS 24.501 §9.11.4.13 Table
 * 9.11.4.13.1 for 5GS QoS rules, which adds match-all and MAC address ranges). A filter whose
 * components do not parse (an unknown type) is kept as its contents.
 */
export interface PacketFilterComponent {
  type: number;
  value: Buffer;
}

export type PacketFilterContents = { components: PacketFilterComponent[] } | { contents: Buffer };

/** Component type → value length and name. */
export const PACKET_FILTER_COMPONENTS: Readonly<Record<number, readonly [number, string]>> = {
  0x01: [0, 'Match-all'],
  0x10: [8, 'IPv4 remote address'],
  0x11: [8, 'IPv4 local address'],
  0x20: [32, 'IPv6 remote address'],
  0x21: [17, 'IPv6 remote address/prefix length'],
  0x23: [17, 'IPv6 local address/prefix length'],
  0x30: [1, 'Protocol identifier/Next header'],
  0x40: [2, 'Single local port'],
  0x41: [4, 'Local port range'],
  0x50: [2, 'Single remote port'],
  0x51: [4, 'Remote port range'],
  0x60: [4, 'Security parameter index'],
  0x70: [2, 'Type of service/Traffic class'],
  0x80: [3, 'Flow label'],
  0x81: [6, 'Destination MAC address'],
  0x82: [6, 'Source MAC address'],
  0x83: [2, '802.1Q C-TAG VID'],
  0x84: [2, '802.1Q S-TAG VID'],
  0x85: [1, '802.1Q C-TAG PCP/DEI'],
  0x86: [1, '802.1Q S-TAG PCP/DEI'],
  0x87: [2, 'Ethertype'],
  0x88: [12, 'Destination MAC address range'],
  0x89: [12, 'Source MAC address range'],
};

function parseComponents(b: Buffer): PacketFilterComponent[] | undefined {
  const out: PacketFilterComponent[] = [];
  let i = 0;
  while (i < b.length) {
    const type = b[i];
    const len = PACKET_FILTER_COMPONENTS[type]?.[0];
    if (len === undefined || i + 1 + len > b.length) return undefined;
    out.push({ type, value: Buffer.from(b.subarray(i + 1, i + 1 + len)) });
    i += 1 + len;
  }
  return out;
}

/** Reads `length` octets of filter contents. */
export function readFilterContents(r: Reader, length: number): PacketFilterContents {
  const contents = r.bytes(length);
  const components = parseComponents(contents);
  return components ? { components } : { contents };
}

export function filterContentsLength(f: PacketFilterContents): number {
  if ('contents' in f) return f.contents.length;
  let n = 0;
  for (const c of f.components) n += 1 + c.value.length;
  return n;
}

export function writeFilterContents(w: Writer, f: PacketFilterContents): void {
  if ('contents' in f) {
    w.bytes(f.contents);
    return;
  }
  for (const c of f.components) w.u8(c.type, 'packet filter component type').bytes(c.value);
}
