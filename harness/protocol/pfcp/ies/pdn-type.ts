import { EncodeError } from '../../common/decode-error.ts';
import type { IeCodec, IeExtra } from './ie-codec.ts';

/**
 * §8.2.79 PDN Type: bits 3-1 of octet 5; in a Session Establishment Request for a PDN connection it
 * is conditional-mandatory (Table 7.5.2.1-1). Same API as the g5core branch's codec (ies/qos.ts:
 * `value`, PDN_TYPE), so the two meet as one on merge.
 */
export const PDN_TYPE = { IPV4: 1, IPV6: 2, IPV4V6: 3, NON_IP: 4, ETHERNET: 5 } as const;

export interface PdnTypeIe extends IeExtra {
  ie: 'pdn-type';
  value: number;
  /** Bits 8-4, spare, kept when set. */
  spare?: number;
}

export const pdnType: IeCodec<PdnTypeIe> = {
  type: 113,
  name: 'pdn-type',
  encode(v, w) {
    if (v.value !== (v.value & 0x07)) throw new EncodeError(w.protocol, 'PDN Type', `${v.value} is not in 0..7`);
    w.u8(((v.spare ?? 0) & 0xf8) | v.value);
  },
  decode(r) {
    const o = r.u8();
    const ie: PdnTypeIe = { ie: 'pdn-type', value: o & 0x07 };
    if (o & 0xf8) ie.spare = o & 0xf8;
    return ie;
  },
  encodingLength: () => 1,
};
