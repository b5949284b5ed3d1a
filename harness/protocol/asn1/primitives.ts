import type { PerCodec } from './codec.ts';
import {
  readConstrained,
  readNormallySmall,
  readSemiConstrained,
  readUnconstrained,
  writeConstrained,
  writeNormallySmall,
  writeSemiConstrained,
  writeUnconstrained,
} from './whole-number.ts';

/**
 * X.691 §13 INTEGER. `integer(name, lb, ub)` is INTEGER (lb..ub); with `extensible` it is
 * INTEGER (lb..ub, ...): an extension bit, and a value outside the root as an unconstrained
 * whole number (§13.1). `ub` undefined: semi-constrained (§13.2.6); both undefined: unconstrained.
 */
export function integer(name: string, lb?: number, ub?: number, extensible = false): PerCodec<number> {
  return {
    name,
    encode(w, v) {
      if (extensible) {
        const inRoot = lb !== undefined && ub !== undefined && v >= lb && v <= ub;
        w.bit(!inRoot);
        if (!inRoot) return writeUnconstrained(w, v, name);
      }
      if (lb === undefined) writeUnconstrained(w, v, name);
      else if (ub === undefined) writeSemiConstrained(w, v, lb, name);
      else writeConstrained(w, v, lb, ub, name);
    },
    decode(r) {
      if (extensible && r.bit()) return readUnconstrained(r);
      if (lb === undefined) return readUnconstrained(r);
      if (ub === undefined) return readSemiConstrained(r, lb);
      return readConstrained(r, lb, ub);
    },
  };
}

/** X.691 §12 BOOLEAN: one bit. */
export const boolean: PerCodec<boolean> = {
  name: 'BOOLEAN',
  encode: (w, v) => w.bit(v),
  decode: (r) => r.bit(),
};

/** X.691 §24 NULL: no bits. */
export const nullType: PerCodec<null> = {
  name: 'NULL',
  encode() {},
  decode: () => null,
};

/** An ENUMERATED value outside the names a codec knows (a later release's addition). */
export type UnknownEnumerated = `ext-${number}`;

/** X.691 §14 ENUMERATED { root } without extension marker: the index as a constrained whole number. */
export function enumerated<const R extends readonly string[]>(name: string, root: R): PerCodec<R[number]> {
  return enumeratedCodec<R[number]>(name, root, false, []);
}

/**
 * X.691 §14 ENUMERATED { root, ..., additions }: an extension bit, then the root index, or the
 * addition index as a normally small whole number. An addition this codec does not name decodes
 * to `ext-<n>` (n its index among the additions) and encodes back to the same bits.
 */
export function enumeratedExt<const R extends readonly string[], const A extends readonly string[] = []>(
  name: string,
  root: R,
  additions?: A,
): PerCodec<R[number] | A[number] | UnknownEnumerated> {
  return enumeratedCodec<R[number] | A[number] | UnknownEnumerated>(name, root, true, additions ?? []);
}

function enumeratedCodec<V extends string>(
  name: string,
  root: readonly string[],
  extensible: boolean,
  additions: readonly string[],
): PerCodec<V> {
  const index = new Map<string, number>(root.map((n, i) => [n, i]));
  const extIndex = new Map<string, number>(additions.map((n, i) => [n, i]));
  return {
    name,
    encode(w, v) {
      const i = index.get(v);
      if (i !== undefined) {
        if (extensible) w.bit(false);
        return writeConstrained(w, i, 0, root.length - 1, name);
      }
      let e = extIndex.get(v);
      if (e === undefined && extensible && /^ext-\d+$/.test(v)) e = Number(v.slice(4));
      if (e === undefined || !extensible)
        return w.fail(name, `"${v}" is not one of ${[...root, ...additions].join(', ')}`);
      w.bit(true);
      writeNormallySmall(w, e, name);
    },
    decode(r) {
      if (extensible && r.bit()) {
        const e = readNormallySmall(r);
        return (additions[e] ?? `ext-${e}`) as V;
      }
      return root[readConstrained(r, 0, root.length - 1)] as V;
    },
  };
}
