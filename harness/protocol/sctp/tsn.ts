/**
 * Serial number arithmetic (RFC 9260 §1.6, RFC 1982) for 32-bit TSNs and 16-bit Stream Sequence
 * Numbers: comparisons are made on the difference, so they hold across the wrap.
 */
export const tsnLt = (a: number, b: number): boolean => ((a - b) | 0) < 0;
export const tsnLte = (a: number, b: number): boolean => ((a - b) | 0) <= 0;
export const tsnGt = (a: number, b: number): boolean => ((a - b) | 0) > 0;
export const tsnAdd = (a: number, n: number): number => (a + n) >>> 0;
/** b − a, for b at or after a. */
export const tsnDiff = (b: number, a: number): number => (b - a) >>> 0;

export const ssnLt = (a: number, b: number): boolean => (((a - b) & 0xffff) << 16) >> 16 < 0;
export const ssnAdd = (a: number, n: number): number => (a + n) & 0xffff;
