import { readPlmn, writePlmn, type Plmn } from '../../common/plmn.ts';
import type { IeCodec } from './ie-codec.ts';
import { spareOf, writeWithSpare } from './ie-codec.ts';

/** §7.7.3 Routing Area Identity: PLMN (TS 24.008 §10.5.5.15), LAC, RAC. TV, 6 octets. */
export interface RaiIe extends Plmn {
  ie: 'rai';
  lac: number;
  rac: number;
}

export const rai: IeCodec<RaiIe> = {
  type: 3,
  name: 'rai',
  tvLength: 6,
  encode(v, w) {
    writePlmn(w, v);
    w.u16(v.lac, 'LAC').u8(v.rac, 'RAC');
  },
  decode(r) {
    const p = readPlmn(r.at('RAI'));
    return { ie: 'rai', mcc: p.mcc, mnc: p.mnc, lac: r.u16(), rac: r.u8() };
  },
  encodingLength: () => 6,
};

/**
 * §7.7.51 User Location Information: Geographic Location Type (0 CGI, 1 SAI, 2 RAI), then the
 * PLMN, the LAC and the CI, SAC or RAC (the RAC in the first of the two octets, TS 29.060 §7.7.51).
 */
export interface UliIe extends Plmn {
  ie: 'uli';
  locationType: number;
  lac: number;
  /** CI, SAC, or RAC followed by its spare octet, as the two octets sent. */
  identity: number;
}

export const uli: IeCodec<UliIe> = {
  type: 152,
  name: 'uli',
  encode(v, w) {
    w.u8(v.locationType, 'Geographic Location Type');
    writePlmn(w, v);
    w.u16(v.lac, 'LAC').u16(v.identity, 'CI/SAC/RAC');
  },
  decode(r) {
    const locationType = r.at('ULI').u8();
    const p = readPlmn(r);
    return { ie: 'uli', locationType, mcc: p.mcc, mnc: p.mnc, lac: r.u16(), identity: r.u16() };
  },
  encodingLength: () => 8,
};

/** §7.7.52 MS Time Zone: Time Zone (TS 24.008 §10.5.3.8, as sent), spare bits 8-3, Daylight Saving Time bits 2-1. */
export interface MsTimeZoneIe {
  ie: 'ms-time-zone';
  timeZone: number;
  daylightSavingTime: number;
  spare?: number;
}

export const msTimeZone: IeCodec<MsTimeZoneIe> = {
  type: 153,
  name: 'ms-time-zone',
  encode(v, w) {
    w.u8(v.timeZone, 'Time Zone');
    writeWithSpare(w, v.daylightSavingTime, 0x03, v.spare, 0x00, 'Daylight Saving Time');
  },
  decode(r) {
    const timeZone = r.at('MS Time Zone').u8();
    const o = r.u8();
    const spare = spareOf(o, 0x03, 0x00);
    return { ie: 'ms-time-zone', timeZone, daylightSavingTime: o & 0x03, ...(spare === undefined ? {} : { spare }) };
  },
  encodingLength: () => 2,
};
