import type { PerCodec, PerValue, Simplify } from './codec.ts';
import { readOpenType, writeOpenType } from './open-type.ts';
import type { PerReader, PerWriter } from './per-cursor.ts';
import {
  readConstrained,
  readFragmented,
  readNormallySmall,
  writeConstrained,
  writeFragmented,
  writeNormallySmall,
} from './whole-number.ts';

/** An OPTIONAL (or DEFAULT, encoded alike) component of a SEQUENCE. */
export interface Optional<T> {
  optional: PerCodec<T>;
}

export function optional<T>(codec: PerCodec<T>): Optional<T> {
  return { optional: codec };
}

type Component = PerCodec<unknown> | Optional<unknown>;
type Components = Record<string, Component>;

type ValueOf<C> = C extends Optional<infer T> ? T : PerValue<C>;
type RequiredKeys<S> = { [K in keyof S]: S[K] extends Optional<unknown> ? never : K }[keyof S];
type OptionalKeys<S> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];

/**
 * Extension additions of an extensible SEQUENCE (X.691 §19.7-19.9) this codec does not model:
 * index i is addition i, its open-type contents or null when absent. Written back unchanged.
 */
export type ExtensionAdditions = (Buffer | null)[];

/** The value of a SEQUENCE with components S: required keys, optional keys `?`, unknown additions. */
export type SequenceValue<S> = Simplify<
  { [K in RequiredKeys<S>]: ValueOf<S[K]> } & { [K in OptionalKeys<S>]?: ValueOf<S[K]> } & {
    extensionAdditions?: ExtensionAdditions;
  }
>;

/**
 * X.691 §19 SEQUENCE: the extension bit when `extensible`, a presence bitmap of the optional
 * components (no length below 64K), the components in order, then the additions (a normally
 * small length, their bitmap, each as an open type). Components are named in `spec` in their
 * ASN.1 order; an optional one is `optional(codec)`.
 */
export function sequence<const S extends Components>(
  name: string,
  spec: S,
  extensible = true,
): PerCodec<SequenceValue<S>> {
  const keys = Object.keys(spec);
  const codecs = keys.map((k) => {
    const c = spec[k];
    return 'optional' in c ? c.optional : c;
  });
  const isOptional = keys.map((k) => 'optional' in spec[k]);
  const optionalCount = isOptional.filter(Boolean).length;
  return {
    name,
    encode(w, value) {
      const v = value as Record<string, unknown>;
      const additions = extensible ? (v.extensionAdditions as ExtensionAdditions | undefined) : undefined;
      const hasAdditions = additions?.some((a) => a !== null) ?? false;
      if (extensible) w.bit(hasAdditions);
      for (let i = 0; i < keys.length; i++) if (isOptional[i]) w.bit(v[keys[i]] !== undefined);
      for (let i = 0; i < keys.length; i++) {
        const x = v[keys[i]];
        if (x === undefined) {
          if (!isOptional[i]) w.fail(name, `${keys[i]} is missing`);
          continue;
        }
        codecs[i].encode(w, x);
      }
      if (hasAdditions && additions) writeAdditions(w, additions, name);
    },
    decode(r) {
      const ext = extensible && r.bit();
      const present: boolean[] = [];
      for (let i = 0; i < optionalCount; i++) present.push(r.bit());
      const out: Record<string, unknown> = {};
      let bit = 0;
      for (let i = 0; i < keys.length; i++) {
        if (isOptional[i] && !present[bit++]) continue;
        r.element = `${name}.${keys[i]}`;
        out[keys[i]] = codecs[i].decode(r);
      }
      if (ext) {
        const additions = readAdditions(r, name);
        if (additions.some((a) => a !== null)) out.extensionAdditions = additions;
      }
      return out as SequenceValue<S>;
    },
  };
}

function writeAdditions(w: PerWriter, additions: ExtensionAdditions, name: string): void {
  writeNormallySmall(w, additions.length - 1, name);
  for (const a of additions) w.bit(a !== null);
  for (const a of additions) if (a !== null) writeOpenType(w, () => w.octets(a));
}

function readAdditions(r: PerReader, name: string): ExtensionAdditions {
  const n = readNormallySmall(r) + 1;
  if (n > r.remaining) r.fail(`${name}: ${n} extension additions`);
  const present: boolean[] = [];
  for (let i = 0; i < n; i++) present.push(r.bit());
  return present.map((p) =>
    p ? readOpenType(r, `${name} extension addition`, (inner) => inner.octets((inner.end - inner.pos) >> 3)) : null,
  );
}

/**
 * X.691 §20 SEQUENCE (SIZE(lb..ub)) OF item: the count as a constrained whole number when ub <
 * 64K (none when fixed), else an unconstrained fragmented count.
 */
export function sequenceOf<T>(
  name: string,
  item: PerCodec<T>,
  lb: number,
  ub?: number,
  extensible = false,
): PerCodec<T[]> {
  const constrained = ub !== undefined && ub < 65536;
  return {
    name,
    encode(w, v) {
      const n = v.length;
      const inRoot = n >= lb && (ub === undefined || n <= ub);
      if (extensible) w.bit(!inRoot);
      else if (!inRoot) w.fail(name, `${n} item(s), not ${lb}..${ub ?? 'MAX'}`);
      if (inRoot && constrained) {
        if (lb !== ub) writeConstrained(w, n, lb, ub, name);
        for (const x of v) item.encode(w, x);
        return;
      }
      writeFragmented(w, n, (from, count) => {
        for (let i = from; i < from + count; i++) item.encode(w, v[i]);
      });
    },
    decode(r) {
      const outside = extensible && r.bit();
      const out: T[] = [];
      if (!outside && constrained) {
        const n = lb === ub ? lb : readConstrained(r, lb, ub);
        for (let i = 0; i < n; i++) out.push(item.decode(r));
        return out;
      }
      // Each item takes at least one bit: a count above the bits left is malformed, not a long loop.
      readFragmented(
        r,
        (count) => {
          for (let i = 0; i < count; i++) out.push(item.decode(r));
        },
        r.remaining,
      );
      if (!outside && (out.length < lb || (ub !== undefined && out.length > ub)))
        r.fail(`${name}: ${out.length} item(s), not ${lb}..${ub ?? 'MAX'}`);
      return out;
    },
  };
}

type Alternatives = Record<string, PerCodec<unknown>>;

/** The value of a CHOICE: which alternative, and its value. */
export type ChoiceValue<S> = { [K in keyof S & string]: { choice: K; value: PerValue<S[K]> } }[keyof S & string];

/** An alternative added to an extensible CHOICE after this codec's release: its index and open-type contents. */
export interface UnknownAlternative {
  choice: 'extension';
  index: number;
  value: Buffer;
}

/**
 * X.691 §23 CHOICE: the extension bit when `extensible`, the root index as a constrained whole
 * number (none for one alternative), the alternative; an extension alternative is a normally
 * small index and an open type, kept as `UnknownAlternative` when this codec does not know it.
 */
export function choice<const S extends Alternatives>(name: string, alternatives: S): PerCodec<ChoiceValue<S>> {
  return choiceCodec<ChoiceValue<S>>(name, alternatives, false);
}

export function choiceExt<const S extends Alternatives>(
  name: string,
  alternatives: S,
): PerCodec<ChoiceValue<S> | UnknownAlternative> {
  return choiceCodec<ChoiceValue<S> | UnknownAlternative>(name, alternatives, true);
}

function choiceCodec<V extends { choice: string; value: unknown }>(
  name: string,
  alternatives: Alternatives,
  extensible: boolean,
): PerCodec<V> {
  const keys = Object.keys(alternatives);
  const codecs = keys.map((k) => alternatives[k]);
  const index = new Map(keys.map((k, i) => [k, i]));
  return {
    name,
    encode(w, v) {
      if (extensible && v.choice === 'extension' && !index.has('extension')) {
        const u = v as unknown as UnknownAlternative;
        w.bit(true);
        writeNormallySmall(w, u.index, name);
        if (u.value.length === 0) w.fail(name, 'an extension alternative holds at least one octet');
        writeOpenType(w, () => w.octets(u.value));
        return;
      }
      const i = index.get(v.choice);
      if (i === undefined) return w.fail(name, `"${v.choice}" is not one of ${keys.join(', ')}`);
      if (extensible) w.bit(false);
      writeConstrained(w, i, 0, keys.length - 1, name);
      codecs[i].encode(w, v.value);
    },
    decode(r) {
      if (extensible && r.bit()) {
        const i = readNormallySmall(r);
        const value = readOpenType(r, `${name} extension`, (inner) => inner.octets((inner.end - inner.pos) >> 3));
        return { choice: 'extension', index: i, value } as unknown as V;
      }
      const i = readConstrained(r, 0, keys.length - 1);
      r.element = `${name}.${keys[i]}`;
      return { choice: keys[i], value: codecs[i].decode(r) } as V;
    },
  };
}
