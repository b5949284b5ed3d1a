/** JSON text for any observed value: Buffers as 0x-hex, bigints as decimal strings. */
export function toJson(value: unknown, space?: number): string {
  return JSON.stringify(value, replacer, space) ?? 'null';
}

function replacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (Buffer.isBuffer(raw)) return `0x${raw.toString('hex')}`;
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return null;
  return value;
}

/** Short one-line rendering for console/junit. */
export function brief(value: unknown, max = 200): string {
  const s = typeof value === 'string' ? value : toJson(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
