import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../../common/ip-bytes.ts';
import { EncodeError } from '../../common/decode-error.ts';
import type { IeCodec, IeExtra } from './ie-codec.ts';

/**
 * §8.2.3 F-TEID. Octet 5: V4 (bit 1), V6 (bit 2), CH (bit 3, CHOOSE: the UP function allocates
 * the F-TEID), CHID (bit 4, CHOOSE ID present). With CH = 0: TEID, then the IPv4 and/or IPv6
 * address. With CH = 1: no TEID or address; V4/V6 say which address family to allocate, and
 * CHOOSE ID (one octet) follows when CHID = 1, so PDRs with the same ID share one F-TEID.
 */
export interface FteidIe extends IeExtra {
  ie: 'f-teid';
  /** Present exactly when CH = 0. */
  teid?: number;
  ipv4?: string;
  ipv6?: string;
  /** Present exactly when CH = 1. */
  choose?: FteidChoose;
  /** Flags octet bits a peer set that mean nothing here (bits 8-5; CHID without CH), kept. */
  spare?: number;
}

export interface FteidChoose {
  ipv4: boolean;
  ipv6: boolean;
  chooseId?: number;
}

export const fteid: IeCodec<FteidIe> = {
  type: 21,
  name: 'f-teid',
  encode(v, w) {
    const c = v.choose;
    if (c) {
      if (v.teid !== undefined || v.ipv4 !== undefined || v.ipv6 !== undefined)
        throw new EncodeError(w.protocol, 'F-TEID', 'CH (choose) excludes TEID and addresses');
      w.u8(
        ((v.spare ?? 0) & 0xf0) |
          (c.chooseId !== undefined ? 0x08 : 0) |
          0x04 |
          (c.ipv6 ? 0x02 : 0) |
          (c.ipv4 ? 0x01 : 0),
      );
      if (c.chooseId !== undefined) w.u8(c.chooseId, 'F-TEID CHOOSE ID');
      return;
    }
    if (v.teid === undefined) throw new EncodeError(w.protocol, 'F-TEID', 'needs a TEID or choose');
    w.u8(((v.spare ?? 0) & 0xf8) | (v.ipv6 !== undefined ? 0x02 : 0) | (v.ipv4 !== undefined ? 0x01 : 0)).u32(
      v.teid,
      'F-TEID TEID',
    );
    if (v.ipv4 !== undefined) writeIpv4(w, v.ipv4, 'F-TEID IPv4');
    if (v.ipv6 !== undefined) writeIpv6(w, v.ipv6, 'F-TEID IPv6');
  },
  decode(r) {
    const flags = r.u8();
    if (flags & 0x04) {
      const choose: FteidChoose = { ipv4: (flags & 0x01) !== 0, ipv6: (flags & 0x02) !== 0 };
      if (flags & 0x08) choose.chooseId = r.u8();
      const chosen: FteidIe = { ie: 'f-teid', choose };
      if (flags & 0xf0) chosen.spare = flags & 0xf0;
      return chosen;
    }
    const ie: FteidIe = { ie: 'f-teid', teid: r.u32() };
    if (flags & 0x01) ie.ipv4 = readIpv4(r);
    if (flags & 0x02) ie.ipv6 = readIpv6(r);
    if (flags & 0xf8) ie.spare = flags & 0xf8;
    return ie;
  },
  encodingLength: (v) =>
    v.choose
      ? v.choose.chooseId !== undefined
        ? 2
        : 1
      : 5 + (v.ipv4 !== undefined ? 4 : 0) + (v.ipv6 !== undefined ? 16 : 0),
};
