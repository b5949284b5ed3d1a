import { isDeepStrictEqual, inspect } from 'node:util';

/**
 * Receive templates in the manner of TTCN-3 (`tr_…`): a partial structure whose leaves are values
 * or matchers. Fields the template leaves out are not compared (like `*` in TTCN-3); `present`,
 * `absent`, `oneOf` and `where` say more. `match` returns the list of differences, one per field.
 */
export interface Matcher {
  readonly matcher: true;
  readonly describe: string;
  test(observed: unknown): boolean;
}

const m = (describe: string, test: (o: unknown) => boolean): Matcher => ({ matcher: true, describe, test });

export const any: Matcher = m('any value', () => true);
export const present: Matcher = m('present', (o) => o !== undefined);
export const absent: Matcher = m('absent', (o) => o === undefined);
export const oneOf = (...values: unknown[]): Matcher =>
  m(`one of ${values.map((v) => show(v)).join(', ')}`, (o) => values.some((v) => isDeepStrictEqual(v, o)));
export const where = (describe: string, test: (o: unknown) => boolean): Matcher => m(describe, test);
export const between = (lo: number, hi: number): Matcher =>
  m(`between ${lo} and ${hi}`, (o) => typeof o === 'number' && o >= lo && o <= hi);

export function isMatcher(v: unknown): v is Matcher {
  return typeof v === 'object' && v !== null && (v as Matcher).matcher === true;
}

export type Template = unknown;

export function match(template: Template, observed: unknown, path = ''): string[] {
  if (isMatcher(template)) {
    return template.test(observed)
      ? []
      : [`${path || '(value)'}: expected ${template.describe}, observed ${show(observed)}`];
  }
  if (Array.isArray(template)) {
    if (!Array.isArray(observed)) return [`${path || '(value)'}: expected a list, observed ${show(observed)}`];
    const diffs: string[] = [];
    if (observed.length !== template.length)
      diffs.push(`${path}.length: expected ${template.length}, observed ${observed.length}`);
    template.forEach((t, i) => diffs.push(...match(t, observed[i], `${path}[${i}]`)));
    return diffs;
  }
  if (template !== null && typeof template === 'object' && !Buffer.isBuffer(template)) {
    if (observed === null || typeof observed !== 'object')
      return [`${path || '(value)'}: expected ${show(template)}, observed ${show(observed)}`];
    const diffs: string[] = [];
    for (const [k, t] of Object.entries(template)) {
      diffs.push(...match(t, (observed as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
    }
    return diffs;
  }
  return isDeepStrictEqual(template, observed)
    ? []
    : [`${path || '(value)'}: expected ${show(template)}, observed ${show(observed)}`];
}

/** Renders a template for the `expected` column: matchers by their description. */
export function describeTemplate(template: Template): unknown {
  if (isMatcher(template)) return `<${template.describe}>`;
  if (Array.isArray(template)) return template.map(describeTemplate);
  if (template !== null && typeof template === 'object' && !Buffer.isBuffer(template)) {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, describeTemplate(v)]));
  }
  return template;
}

export function show(v: unknown): string {
  if (Buffer.isBuffer(v)) return `0x${v.toString('hex')}`;
  if (typeof v === 'string') return JSON.stringify(v);
  return inspect(v, { depth: 4, breakLength: Infinity, compact: true });
}
