import type { Reader, Writer } from '../../../common/cursor.ts';
import type { Codec } from '../ie-format.ts';
import {
  filterContentsLength,
  readFilterContents,
  writeFilterContents,
  type PacketFilterContents,
} from './packet-filter.ts';

/**
 * Traffic flow template (TS 24.008 §10.5.6.12; TS 24.301 §9.9.4.16) and traffic flow aggregate
 * description (§9.9.4.15, same coding). Octet 3: TFT operation code (bits 8-6), E bit (bit 5),
 * number of packet filters (bits 4-1). Then the packet filter list: for "create new TFT" (1),
 * "add packet filters" (3) and "replace packet filters" (4) whole filters (direction and
 * identifier octet, evaluation precedence, length, contents); for "delete packet filters" (5) one
 * octet per filter, the identifier in bits 4-1; nothing for the other operations. The parameters
 * list follows when the E bit is set. Spare bits are kept.
 */
export interface TftPacketFilter {
  /** Bits 4-1 of the first octet. */
  id: number;
  /** Bits 6-5: 0 pre-Rel-7, 1 downlink only, 2 uplink only, 3 bidirectional. */
  direction: number;
  /** Bits 8-7, spare; kept when not zero. */
  spare?: number;
  precedence: number;
  filter: PacketFilterContents;
}

export interface TftParameter {
  id: number;
  contents: Buffer;
}

export interface Tft {
  operation: number;
  /** Operations 1, 3, 4. */
  filters?: TftPacketFilter[];
  /** Operation 5: one octet per filter, identifier in bits 4-1 (bits 8-5 spare, kept). */
  filterIds?: number[];
  /** Present when the E bit is set. */
  parameters?: TftParameter[];
}

const WITH_FILTERS = new Set([1, 3, 4]);
const DELETE_FILTERS = 5;

export function readFilterHead(r: Reader): { id: number; direction: number; spare?: number } {
  const o = r.u8();
  const head: { id: number; direction: number; spare?: number } = { id: o & 0x0f, direction: (o >> 4) & 0x03 };
  if (o & 0xc0) head.spare = o & 0xc0;
  return head;
}

export function writeFilterHead(w: Writer, f: { id: number; direction: number; spare?: number }): void {
  w.u8(((f.spare ?? 0) & 0xc0) | ((f.direction & 0x03) << 4) | (f.id & 0x0f), 'packet filter identifier');
}

export function readParameters(r: Reader): TftParameter[] {
  const out: TftParameter[] = [];
  while (r.remaining > 0) {
    const id = r.u8();
    out.push({ id, contents: r.bytes(r.u8()) });
  }
  return out;
}

export const tft: Codec<Tft> = {
  name: 'Traffic flow template',
  encode(v, w) {
    const n = v.filters?.length ?? v.filterIds?.length ?? 0;
    if (n > 15) throw new RangeError('more than 15 packet filters');
    w.u8(((v.operation & 0x07) << 5) | (v.parameters ? 0x10 : 0) | n, 'TFT operation code');
    for (const f of v.filters ?? []) {
      writeFilterHead(w, f);
      w.u8(f.precedence, 'packet filter evaluation precedence');
      w.u8(filterContentsLength(f.filter), 'packet filter length');
      writeFilterContents(w, f.filter);
    }
    for (const id of v.filterIds ?? []) w.u8(id, 'packet filter identifier');
    for (const p of v.parameters ?? []) w.u8(p.id, 'TFT parameter identifier').u8(p.contents.length).bytes(p.contents);
  },
  decode(r) {
    const o = r.u8();
    const t: Tft = { operation: o >> 5 };
    const n = o & 0x0f;
    if (WITH_FILTERS.has(t.operation)) {
      t.filters = [];
      for (let i = 0; i < n; i++) {
        const head = readFilterHead(r);
        const precedence = r.u8();
        t.filters.push({ ...head, precedence, filter: readFilterContents(r, r.u8()) });
      }
    } else if (t.operation === DELETE_FILTERS) {
      t.filterIds = [];
      for (let i = 0; i < n; i++) t.filterIds.push(r.u8());
    } else if (n !== 0) r.fail(`TFT operation ${t.operation} with ${n} packet filter(s) (must be 0)`, r.offset - 1);
    if (o & 0x10) t.parameters = readParameters(r);
    return t;
  },
  encodingLength(v) {
    let len = 1 + (v.filterIds?.length ?? 0);
    for (const f of v.filters ?? []) len += 3 + filterContentsLength(f.filter);
    for (const p of v.parameters ?? []) len += 2 + p.contents.length;
    return len;
  },
};
