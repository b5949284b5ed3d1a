import type { IeCodec, IeExtra } from './ie-codec.ts';

/**
 * §8.2.5 SDF Filter. Octet 5: FD (bit 1, Flow Description), TTC (bit 2, ToS Traffic Class), SPI
 * (bit 3, Security Parameter Index), FL (bit 4, Flow Label), BID (bit 5, SDF Filter ID); octet 6
 * spare. Then, each when flagged: length (2) and Flow Description (an IPFilterRule, RFC 6733
 * §4.3.2, as TS 29.212 §5.4.2 uses it), ToS Traffic Class (2), SPI (4), Flow Label (3, bits 20-1),
 * SDF Filter ID (4).
 */
export interface SdfFilterIe extends IeExtra {
  ie: 'sdf-filter';
  flowDescription?: string;
  tosTrafficClass?: number;
  securityParameterIndex?: number;
  flowLabel?: number;
  sdfFilterId?: number;
  /** Bits 24-21 of the Flow Label's three octets, spare, kept when set (byte-exact re-encode). */
  flowLabelSpare?: number;
  /** Spare bits of octets 5-6 (bits 8-6 of 5 as 0xe000, octet 6 as 0x00ff), kept when set. */
  spare?: number;
}

export const sdfFilter: IeCodec<SdfFilterIe> = {
  type: 23,
  name: 'sdf-filter',
  encode(v, w) {
    const s = v.spare ?? 0;
    w.u8(
      ((s >> 8) & 0xe0) |
        (v.sdfFilterId !== undefined ? 0x10 : 0) |
        (v.flowLabel !== undefined ? 0x08 : 0) |
        (v.securityParameterIndex !== undefined ? 0x04 : 0) |
        (v.tosTrafficClass !== undefined ? 0x02 : 0) |
        (v.flowDescription !== undefined ? 0x01 : 0),
    ).u8(s & 0xff);
    if (v.flowDescription !== undefined) {
      const fd = Buffer.from(v.flowDescription, 'latin1');
      w.u16(fd.length, 'Flow Description length').bytes(fd);
    }
    if (v.tosTrafficClass !== undefined) w.u16(v.tosTrafficClass, 'ToS Traffic Class');
    if (v.securityParameterIndex !== undefined) w.u32(v.securityParameterIndex, 'Security Parameter Index');
    if (v.flowLabel !== undefined)
      w.u24((((v.flowLabelSpare ?? 0) & 0x0f) << 20) | (v.flowLabel & 0x0fffff), 'Flow Label');
    if (v.sdfFilterId !== undefined) w.u32(v.sdfFilterId, 'SDF Filter ID');
  },
  decode(r) {
    const f = r.u8();
    const o6 = r.u8();
    const ie: SdfFilterIe = { ie: 'sdf-filter' };
    if (f & 0x01) ie.flowDescription = r.bytes(r.u16()).toString('latin1');
    if (f & 0x02) ie.tosTrafficClass = r.u16();
    if (f & 0x04) ie.securityParameterIndex = r.u32();
    if (f & 0x08) {
      const fl = r.u24();
      ie.flowLabel = fl & 0x0fffff;
      if (fl >> 20) ie.flowLabelSpare = fl >> 20;
    }
    if (f & 0x10) ie.sdfFilterId = r.u32();
    const spare = ((f & 0xe0) << 8) | o6;
    if (spare) ie.spare = spare;
    return ie;
  },
  encodingLength: (v) =>
    2 +
    (v.flowDescription !== undefined ? 2 + Buffer.byteLength(v.flowDescription, 'latin1') : 0) +
    (v.tosTrafficClass !== undefined ? 2 : 0) +
    (v.securityParameterIndex !== undefined ? 4 : 0) +
    (v.flowLabel !== undefined ? 3 : 0) +
    (v.sdfFilterId !== undefined ? 4 : 0),
};
