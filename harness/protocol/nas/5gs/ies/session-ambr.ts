import type { Codec } from '../../common/ie-format.ts';

/**
 * Session-AMBR (TS 24.501 §9.11.4.14): unit and value for downlink, then for uplink. Units:
 * 1 = 1 kbps, 2 = 4 kbps, 3 = 16 kbps, 4 = 64 kbps, 5 = 256 kbps, 6 = 1 Mbps, 7 = 4 Mbps ...
 * 11 = 1 Gbps ... 25 = 256 Pbps (Table 9.11.4.14.1); `ambrKbps` applies it.
 */
export interface SessionAmbr {
  downlinkUnit: number;
  downlink: number;
  uplinkUnit: number;
  uplink: number;
}

export const sessionAmbr: Codec<SessionAmbr> = {
  name: 'Session-AMBR',
  encode(v, w) {
    w.u8(v.downlinkUnit, 'unit for Session-AMBR for downlink').u16(v.downlink, 'Session-AMBR for downlink');
    w.u8(v.uplinkUnit, 'unit for Session-AMBR for uplink').u16(v.uplink, 'Session-AMBR for uplink');
  },
  decode: (r) => ({ downlinkUnit: r.u8(), downlink: r.u16(), uplinkUnit: r.u8(), uplink: r.u16() }),
  encodingLength: () => 6,
};

/** A rate in kbps from a unit (1..25) and a value; undefined for a reserved unit. */
export function ambrKbps(unit: number, value: number): number | undefined {
  if (unit < 1 || unit > 25) return undefined;
  return value * 4 ** ((unit - 1) % 5) * 1000 ** Math.floor((unit - 1) / 5);
}
