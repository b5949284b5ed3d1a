/**
 * A GTP cause value as reports print it: the number, its hex form and its name in the protocol's
 * table, e.g. "220 (0xDC) Unknown PDP address or PDP type" (TS 29.060 §7.7.1) or "83 (0x53)
 * Preferred PDN type not supported" (TS 29.274 Table 8.4-1). A missing Cause IE reads "no Cause IE".
 */
export function causeText(value: number | undefined, names: Readonly<Record<number, string>>): string {
  if (value === undefined) return 'no Cause IE';
  const hex = `0x${value.toString(16).toUpperCase().padStart(2, '0')}`;
  return `${value} (${hex}) ${names[value] ?? 'spare (no name in the table)'}`;
}
