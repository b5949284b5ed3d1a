import type { IeCodec } from './ie-codec.ts';

/**
 * §8.12 Indication: a variable number of flag octets, kept exactly as received. Octet 5 bit 8 is
 * DAF (Dual Address Bearer Flag), bit 7 DTF, bit 6 HI, bit 5 DFI, bit 4 OI, bit 3 ISRSI, bit 2
 * ISRAI, bit 1 SGWCI; `indicationFlag` and `indication()` name the ones the harness uses.
 */
export interface IndicationIe {
  ie: 'indication';
  instance: number;
  flags: Buffer;
}

export const indicationCodec: IeCodec<IndicationIe> = {
  type: 77,
  name: 'indication',
  encode: (v, w) => void w.bytes(v.flags),
  decode: (r, instance) => ({ ie: 'indication', instance, flags: r.at('Indication').rest() }),
  encodingLength: (v) => v.flags.length,
};

/** Flag positions as [octet index from 0 = octet 5, bit mask]. */
export const INDICATION_FLAGS = {
  daf: [0, 0x80],
  dtf: [0, 0x40],
  hi: [0, 0x20],
  dfi: [0, 0x10],
  oi: [0, 0x08],
  isrsi: [0, 0x04],
  israi: [0, 0x02],
  sgwci: [0, 0x01],
} as const satisfies Record<string, readonly [number, number]>;

export type IndicationFlag = keyof typeof INDICATION_FLAGS;

export function indicationFlag(ie: IndicationIe | undefined, flag: IndicationFlag): boolean {
  if (!ie) return false;
  const [octet, mask] = INDICATION_FLAGS[flag];
  return ((ie.flags[octet] ?? 0) & mask) !== 0;
}

/** An Indication IE with the named flags set (Rel-8 length: 2 octets, as most peers send). */
export function indication(flags: Partial<Record<IndicationFlag, boolean>>, instance = 0): IndicationIe {
  const bytes = Buffer.alloc(2);
  for (const [name, on] of Object.entries(flags) as [IndicationFlag, boolean][]) {
    if (!on) continue;
    const [octet, mask] = INDICATION_FLAGS[name];
    bytes[octet] |= mask;
  }
  return { ie: 'indication', instance, flags: bytes };
}
