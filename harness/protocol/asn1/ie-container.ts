import type { PerCodec } from './codec.ts';
import { sequenceOf } from './constructed.ts';
import { readOpenType, rawOpenType, writeOpenType } from './open-type.ts';
import type { PerWriter } from './per-cursor.ts';
import { enumerated } from './primitives.ts';
import { readConstrained, writeConstrained } from './whole-number.ts';

/**
 * The protocol-IE container pattern of the 3GPP RAN application protocols (NGAP TS 38.413
 * §9.4.8, S1AP, XnAP, F1AP): a list of (id, criticality, open-type value) fields whose value
 * type is looked up by id in one table. IEs the table does not know are kept as their open-type
 * contents and written back unchanged.
 */
export type Criticality = 'reject' | 'ignore' | 'notify';

/** Criticality ::= ENUMERATED { reject, ignore, notify } (TS 38.413 §9.4.6). */
export const criticality = enumerated('Criticality', ['reject', 'ignore', 'notify'] as const);

/** One IE type: its ProtocolIE-ID and the codec of its value. */
export interface IeDef<T> {
  id: number;
  codec: PerCodec<T>;
}

/** IE name → definition, typed by a map of IE name → value type. */
export type IeTable<V> = { [K in keyof V]: IeDef<V[K]> };

/** An IE whose id the table does not know: its open-type contents. */
export interface UnknownIe {
  ie: 'unknown';
  id: number;
  criticality: Criticality;
  value: Buffer;
}

/** One ProtocolIE-Field, discriminated by `ie` (the IE's name in the spec, e.g. 'AMF-UE-NGAP-ID'). */
export type ProtocolIe<V> =
  | { [K in keyof V & string]: { ie: K; criticality: Criticality; value: V[K] } }[keyof V & string]
  | UnknownIe;

/** ProtocolIE-ID ::= INTEGER (0..65535): two aligned octets. */
function writeId(w: PerWriter, id: number, name: string): void {
  writeConstrained(w, id, 0, 65535, name);
}

/** ProtocolIE-Field { id, criticality, value } for the IEs of `table`. */
export function protocolIeField<V>(name: string, table: IeTable<V>): PerCodec<ProtocolIe<V>> {
  const byName = new Map<string, IeDef<unknown>>();
  const byId = new Map<number, { name: string; def: IeDef<unknown> }>();
  for (const k of Object.keys(table) as (keyof V & string)[]) {
    const def = table[k] as IeDef<unknown>;
    byName.set(k, def);
    byId.set(def.id, { name: k, def });
  }
  return {
    name,
    encode(w, field) {
      if (field.ie === 'unknown') {
        const u = field as UnknownIe;
        writeId(w, u.id, name);
        criticality.encode(w, u.criticality);
        rawOpenType.encode(w, u.value);
        return;
      }
      const ie = field as { ie: string; criticality: Criticality; value: unknown };
      const def = byName.get(ie.ie);
      if (!def) return w.fail(name, `no IE named ${ie.ie}`);
      writeId(w, def.id, name);
      criticality.encode(w, ie.criticality);
      writeOpenType(w, () => def.codec.encode(w, ie.value));
    },
    decode(r) {
      r.element = `${name}.id`;
      const id = readConstrained(r, 0, 65535);
      const crit = criticality.decode(r);
      const known = byId.get(id);
      if (!known) return { ie: 'unknown', id, criticality: crit, value: rawOpenType.decode(r) };
      r.element = known.name;
      const value = readOpenType(r, known.name, (inner) => known.def.codec.decode(inner));
      return { ie: known.name, criticality: crit, value } as ProtocolIe<V>;
    },
  };
}

/** ProtocolIE-Container ::= SEQUENCE (SIZE (0..maxProtocolIEs)) OF ProtocolIE-Field. */
export function protocolIeContainer<V>(name: string, table: IeTable<V>): PerCodec<ProtocolIe<V>[]> {
  return sequenceOf(name, protocolIeField(`${name} field`, table), 0, 65535);
}

/**
 * A ProtocolExtensionField (iE-Extensions) or ProtocolIE-SingleContainer (choice-Extensions) kept
 * as its id, criticality and open-type contents: the extensions of later releases pass through
 * byte-exact.
 */
export interface ProtocolExtension {
  id: number;
  criticality: Criticality;
  value: Buffer;
}

export const protocolExtensionField: PerCodec<ProtocolExtension> = {
  name: 'ProtocolExtensionField',
  encode(w, v) {
    writeId(w, v.id, 'ProtocolExtensionField');
    criticality.encode(w, v.criticality);
    rawOpenType.encode(w, v.value);
  },
  decode(r) {
    const id = readConstrained(r, 0, 65535);
    const crit = criticality.decode(r);
    return { id, criticality: crit, value: rawOpenType.decode(r) };
  },
};

/** ProtocolExtensionContainer ::= SEQUENCE (SIZE (1..maxProtocolExtensions)) OF ProtocolExtensionField. */
export const protocolExtensionContainer: PerCodec<ProtocolExtension[]> = sequenceOf(
  'ProtocolExtensionContainer',
  protocolExtensionField,
  1,
  65535,
);

/** ProtocolIE-SingleContainer of a CHOICE's choice-Extensions alternative. */
export const protocolIeSingleContainer: PerCodec<ProtocolExtension> = {
  ...protocolExtensionField,
  name: 'choice-Extensions',
};
