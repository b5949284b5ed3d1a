import type { Codec } from '../../common/ie-format.ts';

/**
 * QoS flow descriptions (TS 24.501 §9.11.4.12): each is a QFI (bits 6-1), an operation code
 * (bits 8-6 of the next octet: 1 create, 2 delete, 3 modify), an octet of E bit (bit 7) and
 * number of parameters (bits 6-1), then parameters of identifier, length and contents
 * (Table 9.11.4.12.1: 1 5QI, 2/3 GFBR uplink/downlink, 4/5 MFBR uplink/downlink, 6 averaging
 * window, 7 EPS bearer identity).
 */
export interface QosFlowParameter {
  id: number;
  contents: Buffer;
}

export interface QosFlowDescription {
  qfi: number;
  operation: number;
  /** E bit: parameters list included (create) / replaces the previous one (modify). */
  e: boolean;
  parameters: QosFlowParameter[];
  /** Spare bits of the three leading octets, in place (octet 1 << 16 | octet 2 << 8 | octet 3), kept when not zero. */
  spare?: number;
}

export const QOS_FLOW_PARAMETER = {
  FIVE_QI: 1,
  GFBR_UPLINK: 2,
  GFBR_DOWNLINK: 3,
  MFBR_UPLINK: 4,
  MFBR_DOWNLINK: 5,
  AVERAGING_WINDOW: 6,
  EPS_BEARER_IDENTITY: 7,
} as const;

export const qosFlowDescriptions: Codec<QosFlowDescription[]> = {
  name: 'QoS flow descriptions',
  encode(v, w) {
    for (const d of v) {
      const s = d.spare ?? 0;
      if (d.parameters.length > 0x3f) throw new RangeError('more than 63 QoS flow parameters');
      w.u8(((s >> 16) & 0xc0) | (d.qfi & 0x3f), 'QFI');
      w.u8(((d.operation & 0x07) << 5) | ((s >> 8) & 0x1f), 'operation code');
      w.u8((s & 0x80) | (d.e ? 0x40 : 0) | d.parameters.length, 'number of parameters');
      for (const p of d.parameters) w.u8(p.id, 'parameter identifier').u8(p.contents.length).bytes(p.contents);
    }
  },
  decode(r) {
    const out: QosFlowDescription[] = [];
    while (r.remaining > 0) {
      const o1 = r.u8();
      const o2 = r.u8();
      const o3 = r.u8();
      const d: QosFlowDescription = { qfi: o1 & 0x3f, operation: o2 >> 5, e: (o3 & 0x40) !== 0, parameters: [] };
      const spare = ((o1 & 0xc0) << 16) | ((o2 & 0x1f) << 8) | (o3 & 0x80);
      if (spare) d.spare = spare;
      for (let n = o3 & 0x3f; n > 0; n--) {
        const id = r.u8();
        d.parameters.push({ id, contents: r.bytes(r.u8()) });
      }
      out.push(d);
    }
    return out;
  },
  encodingLength(v) {
    let n = 0;
    for (const d of v) {
      n += 3;
      for (const p of d.parameters) n += 2 + p.contents.length;
    }
    return n;
  },
};
