import { EncodeError } from '../../common/decode-error.ts';
import type { IeCodec, IeExtra } from './ie-codec.ts';

/** §8.2.40 Measurement Method: DURAT (bit 1), VOLUM (bit 2), EVENT (bit 3). */
export interface MeasurementMethodIe extends IeExtra {
  ie: 'measurement-method';
  durat: boolean;
  volum: boolean;
  event: boolean;
  /** Bits 8-4, spare in the releases this codec names, kept when set. */
  spare?: number;
}

export const measurementMethod: IeCodec<MeasurementMethodIe> = {
  type: 62,
  name: 'measurement-method',
  encode: (v, w) =>
    void w.u8(((v.spare ?? 0) & 0xf8) | (v.event ? 0x04 : 0) | (v.volum ? 0x02 : 0) | (v.durat ? 0x01 : 0)),
  decode(r) {
    const f = r.u8();
    const ie: MeasurementMethodIe = {
      ie: 'measurement-method',
      durat: (f & 0x01) !== 0,
      volum: (f & 0x02) !== 0,
      event: (f & 0x04) !== 0,
    };
    if (f & 0xf8) ie.spare = f & 0xf8;
    return ie;
  },
  encodingLength: () => 1,
};

/**
 * §8.2.13 Volume Threshold: TOVOL (bit 1), ULVOL (bit 2), DLVOL (bit 3), then the total, uplink
 * and downlink volumes in octets (8 octets each) that are flagged.
 */
export interface VolumeThresholdIe extends IeExtra {
  ie: 'volume-threshold';
  total?: bigint;
  uplink?: bigint;
  downlink?: bigint;
  /** Bits 8-4 of the flags octet, spare, kept when set. */
  spare?: number;
}

const U64_MAX = 0xffff_ffff_ffff_ffffn;

export const volumeThreshold: IeCodec<VolumeThresholdIe> = {
  type: 31,
  name: 'volume-threshold',
  encode(v, w) {
    w.u8(
      ((v.spare ?? 0) & 0xf8) |
        (v.downlink !== undefined ? 0x04 : 0) |
        (v.uplink !== undefined ? 0x02 : 0) |
        (v.total !== undefined ? 0x01 : 0),
    );
    for (const x of [v.total, v.uplink, v.downlink]) {
      if (x === undefined) continue;
      if (x < 0n || x > U64_MAX)
        throw new EncodeError(w.protocol, 'Volume Threshold', `volume ${x} is not in 0..2^64-1`);
      w.u64(x);
    }
  },
  decode(r) {
    const f = r.u8();
    const ie: VolumeThresholdIe = { ie: 'volume-threshold' };
    if (f & 0x01) ie.total = r.u64();
    if (f & 0x02) ie.uplink = r.u64();
    if (f & 0x04) ie.downlink = r.u64();
    if (f & 0xf8) ie.spare = f & 0xf8;
    return ie;
  },
  encodingLength: (v) =>
    1 + (v.total !== undefined ? 8 : 0) + (v.uplink !== undefined ? 8 : 0) + (v.downlink !== undefined ? 8 : 0),
};
