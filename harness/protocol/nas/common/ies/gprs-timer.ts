import type { Codec } from '../ie-format.ts';

/**
 * GPRS timer (TS 24.008 §10.5.7.3, TV 2 / V 1), GPRS timer 2 (§10.5.7.4, TLV 3) and GPRS timer 3
 * (§10.5.7.4a, TLV 3): one octet, the unit in bits 8-6 and the value in bits 5-1. The units differ
 * (timer: 2 s, 1 min, decihours, deactivated; timer 3: 10 min, 1 h, 10 h, 2 s, 30 s, 1 min,
 * 320 h, deactivated); `gprsTimerSeconds` and `gprsTimer3Seconds` turn them into seconds.
 */
export interface GprsTimer {
  unit: number;
  value: number;
}

export const gprsTimer = (name: string): Codec<GprsTimer> => ({
  name,
  encode(v, w) {
    w.u8(((v.unit & 0x07) << 5) | (v.value & 0x1f), name);
  },
  decode(r) {
    const o = r.u8();
    return { unit: o >> 5, value: o & 0x1f };
  },
  encodingLength: () => 1,
});

/** Seconds of a GPRS timer or GPRS timer 2; undefined when deactivated. */
export function gprsTimerSeconds(t: GprsTimer): number | undefined {
  const unit = [2, 60, 360][t.unit] ?? (t.unit === 7 ? undefined : 60);
  return unit === undefined ? undefined : unit * t.value;
}

/** Seconds of a GPRS timer 3 (TS 24.008 Table 10.5.163a); undefined when deactivated. */
export function gprsTimer3Seconds(t: GprsTimer): number | undefined {
  const unit = [600, 3600, 36000, 2, 30, 60, 1152000][t.unit];
  return unit === undefined ? undefined : unit * t.value;
}
