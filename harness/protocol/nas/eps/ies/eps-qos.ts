import type { Codec } from '../../common/ie-format.ts';

/**
 * EPS quality of service (TS 24.301 §9.9.4.3): the QCI, then for GBR bearers the maximum and
 * guaranteed bit rates (uplink/downlink, octets 4-7) and their extensions (octets 8-15), kept as
 * octets; `epsQosRateKbps` reads one rate octet.
 */
export interface EpsQos {
  qci: number;
  rates?: Buffer;
}

export const epsQos: Codec<EpsQos> = {
  name: 'EPS quality of service',
  encode(v, w) {
    w.u8(v.qci, 'QCI');
    if (v.rates) w.bytes(v.rates);
  },
  decode(r) {
    const q: EpsQos = { qci: r.u8() };
    if (r.remaining > 0) q.rates = r.rest();
    return q;
  },
  encodingLength: (v) => 1 + (v.rates?.length ?? 0),
};

/**
 * A bit rate octet (TS 24.008 §10.5.6.5, TS 24.301 §9.9.4.3) in kbps: 1-63 in 1 kbps steps,
 * 64-127 from 64 kbps in 8 kbps steps, 128-254 from 576 kbps in 64 kbps steps, 0xff 0 kbps.
 */
export function epsQosRateKbps(octet: number): number {
  if (octet === 0xff) return 0;
  if (octet >= 128) return 576 + (octet - 128) * 64;
  if (octet >= 64) return 64 + (octet - 64) * 8;
  return octet;
}
