import type { Reader, Writer } from '../../../common/cursor.ts';
import type { Codec } from '../../common/ie-format.ts';
import {
  filterContentsLength,
  readFilterContents,
  writeFilterContents,
  type PacketFilterContents,
} from '../../common/ies/packet-filter.ts';
import { readFilterHead, writeFilterHead } from '../../common/ies/tft.ts';

/**
 * QoS rules (TS 24.501 §9.11.4.13): rules of QoS rule identifier (1 octet), length (2), rule
 * operation code (bits 8-6), DQR (bit 5) and number of packet filters (bits 4-1), the packet
 * filter list, precedence, and an octet of spare (bit 8), segregation (bit 7) and QFI (bits 6-1).
 * Operations (Table 9.11.4.13.1): 1 create, 2 delete, 3 modify and add packet filters, 4 modify
 * and replace all packet filters, 5 modify and delete packet filters (identifiers only), 6 modify
 * without modifying packet filters. Precedence and QFI are absent for a deleted rule.
 */
export interface QosRulePacketFilter {
  id: number;
  /** 0 reserved, 1 downlink only, 2 uplink only, 3 bidirectional. */
  direction: number;
  spare?: number;
  filter: PacketFilterContents;
}

export interface QosRule {
  id: number;
  operation: number;
  /** Default QoS rule. */
  dqr: boolean;
  /** Operations 1, 3, 4. */
  filters?: QosRulePacketFilter[];
  /** Operation 5: one octet per filter, identifier in bits 4-1 (bits 8-5 spare, kept). */
  filterIds?: number[];
  precedence?: number;
  /** The last octet: QFI (bits 6-1), segregation (bit 7), spare (bit 8, kept). */
  qfi?: number;
  segregation?: boolean;
  spare?: number;
}

const WITH_FILTERS = new Set([1, 3, 4]);

function ruleLength(q: QosRule): number {
  let n = 1 + (q.filterIds?.length ?? 0);
  for (const f of q.filters ?? []) n += 2 + filterContentsLength(f.filter);
  if (q.precedence !== undefined) n += 1;
  if (q.qfi !== undefined) n += 1;
  return n;
}

function writeRule(w: Writer, q: QosRule): void {
  const n = q.filters?.length ?? q.filterIds?.length ?? 0;
  if (n > 15) throw new RangeError('more than 15 packet filters');
  w.u8(q.id, 'QoS rule identifier').u16(ruleLength(q), 'length of QoS rule');
  w.u8(((q.operation & 0x07) << 5) | (q.dqr ? 0x10 : 0) | n, 'rule operation code');
  for (const f of q.filters ?? []) {
    writeFilterHead(w, f);
    w.u8(filterContentsLength(f.filter), 'packet filter length');
    writeFilterContents(w, f.filter);
  }
  for (const id of q.filterIds ?? []) w.u8(id, 'packet filter identifier');
  if (q.precedence !== undefined) w.u8(q.precedence, 'QoS rule precedence');
  if (q.qfi !== undefined) w.u8(((q.spare ?? 0) & 0x80) | (q.segregation ? 0x40 : 0) | (q.qfi & 0x3f), 'QFI');
}

function readRule(r: Reader): QosRule {
  const id = r.u8();
  const saved = r.window(r.u16());
  const o = r.u8();
  const q: QosRule = { id, operation: o >> 5, dqr: (o & 0x10) !== 0 };
  const n = o & 0x0f;
  if (WITH_FILTERS.has(q.operation)) {
    q.filters = [];
    for (let i = 0; i < n; i++) {
      const head = readFilterHead(r);
      q.filters.push({ ...head, filter: readFilterContents(r, r.u8()) });
    }
  } else if (q.operation === 5) {
    q.filterIds = [];
    for (let i = 0; i < n; i++) q.filterIds.push(r.u8());
  } else if (n !== 0) r.fail(`rule operation ${q.operation} with ${n} packet filter(s) (must be 0)`, r.offset - 1);
  if (r.remaining > 0) q.precedence = r.u8();
  if (r.remaining > 0) {
    const b = r.u8();
    q.qfi = b & 0x3f;
    q.segregation = (b & 0x40) !== 0;
    if (b & 0x80) q.spare = 0x80;
  }
  if (r.remaining > 0) r.fail(`${r.remaining} octet(s) left in QoS rule ${id}`);
  r.end = saved;
  return q;
}

export const qosRules: Codec<QosRule[]> = {
  name: 'QoS rules',
  encode(v, w) {
    for (const q of v) writeRule(w, q);
  },
  decode(r) {
    const out: QosRule[] = [];
    while (r.remaining > 0) out.push(readRule(r));
    return out;
  },
  encodingLength(v) {
    let n = 0;
    for (const q of v) n += 3 + ruleLength(q);
    return n;
  },
};
