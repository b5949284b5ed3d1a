import type { IeFormat } from './ie-format.ts';

/**
 * Message definitions as the spec writes them (TS 24.301 §8.3, TS 24.501 §8.3 tables): the
 * mandatory IEs in order, without IEI, then the optional and conditional IEs by IEI. A decoded
 * message carries each mandatory IE as a field named after it and the optional IEs as a list, in
 * the order received (unknown ones kept), so it re-encodes byte-exact.
 */
export interface MandatoryIe<F extends string = string, T = unknown> {
  readonly field: F;
  readonly format: IeFormat<T>;
  /** A spare half octet (TS 24.007 §11.2.3.1.x): optional in values, kept when not zero. */
  readonly spare?: boolean;
}

export interface OptionalIe<K extends string = string, T = unknown> {
  /** The IEI; for a type 1 IE its high half octet, e.g. 0xd0 for "D-". */
  readonly iei: number;
  readonly ie: K;
  readonly format: IeFormat<T>;
  /** Presence in the table: O optional, C conditional. */
  readonly presence?: 'O' | 'C';
}

export interface MessageDef<N extends string = string, M extends readonly MandatoryIe[] = readonly MandatoryIe[]> {
  /** Message type octet (TS 24.301 §9.8, TS 24.501 §9.7). */
  readonly type: number;
  readonly name: N;
  readonly mandatory: M;
  readonly optional: readonly OptionalIe[];
}

export const mandatory = <const F extends string, T>(field: F, format: IeFormat<T>): MandatoryIe<F, T> => ({
  field,
  format,
});

/** A spare half octet, written as 0 unless a decoded value kept other bits. */
export const spareHalf = <const F extends string>(field: F): MandatoryIe<F, number> & { spare: true } => ({
  field,
  format: { kind: 'half' },
  spare: true,
});

export function message<const N extends string, const M extends readonly MandatoryIe[]>(
  type: number,
  name: N,
  mandatoryIes: M,
  optionalIes: readonly OptionalIe[] = [],
): MessageDef<N, M> {
  return { type, name, mandatory: mandatoryIes, optional: optionalIes };
}

/**
 * Optional IE entries typed against one message set's IE map (name → value type), so a message
 * definition cannot name an IE the set's `ies` list type does not have.
 */
export function optionalIes<V>() {
  return <const K extends keyof V & string>(
    iei: number,
    ie: K,
    format: IeFormat<V[K]>,
    presence: 'O' | 'C' = 'O',
  ): OptionalIe<K, V[K]> => ({ iei, ie, format, presence });
}

type ValueOf<E> = E extends MandatoryIe<string, infer T> ? T : never;

/** The mandatory fields of a message: required, except spare half octets. */
export type FieldsOf<M extends readonly MandatoryIe[]> = {
  [E in M[number] as E extends { spare: true } ? never : E['field']]: ValueOf<E>;
} & {
  [E in M[number] as E extends { spare: true } ? E['field'] : never]?: ValueOf<E>;
};

/** An optional IE not known to the message: kept with its value octets (TS 24.007 §11.2.4). */
export interface UnknownIe {
  ie: 'unknown';
  iei: number;
  value: Buffer;
}
/** A type 1 IE not known to the message: IEI (bits 8-5, as 0x80..0xf0) and the half octet. */
export interface UnknownHalfIe {
  ie: 'unknown-half';
  iei: number;
  value: number;
}
/**
 * A known optional IE whose value did not decode: kept as its octets and treated as not present
 * (TS 24.301 §7.5.2, TS 24.501 §7.6.3), with the reason.
 */
export interface InvalidIe {
  ie: 'invalid';
  iei: number;
  /** The IE's name in the message definition. */
  name: string;
  value: Buffer;
  reason: string;
}

/** The optional IEs of a message set, from its map of IE name → value type. */
export type IeOf<V> =
  | { [K in keyof V & string]: { ie: K; value: V[K] } }[keyof V & string]
  | UnknownIe
  | UnknownHalfIe
  | InvalidIe;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A decoded message of one definition: header fields, mandatory fields, optional IEs. */
export type MessageOf<D, P extends string, H, I> =
  D extends MessageDef<infer N, infer M>
    ? Simplify<{ protocol: P; type: N } & H & FieldsOf<M> & { ies: I[]; warnings?: string[] }>
    : never;
