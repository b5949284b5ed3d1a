import type { Reader, Writer } from '../../common/cursor.ts';
import { DecodeError, EncodeError } from '../../common/decode-error.ts';
import type { DecodeContext, IeFormat } from './ie-format.ts';
import type { InvalidIe, MessageDef, OptionalIe, UnknownHalfIe, UnknownIe } from './message-def.ts';

/**
 * The part of a NAS message after its header (TS 24.007 §11.2.5): the mandatory IEs in the
 * definition's order, then optional IEs, each found by its IEI. Written and read once here for
 * every message of every protocol, from the message definitions.
 */
interface AnyIe {
  ie: string;
  value: unknown;
  [k: string]: unknown;
}
type Fields = Record<string, unknown> & { ies?: readonly AnyIe[] };

/** A message definition with its optional IEs indexed by IEI octet and by name. */
export interface CompiledDef {
  readonly def: MessageDef;
  readonly byIei: readonly (OptionalIe | undefined)[];
  readonly byName: ReadonlyMap<string, OptionalIe>;
}

export function compile(def: MessageDef): CompiledDef {
  const byIei = new Array<OptionalIe | undefined>(256).fill(undefined);
  for (const e of def.optional) {
    if (e.format.kind === 'half') for (let v = 0; v < 16; v++) byIei[(e.iei & 0xf0) | v] = e;
  }
  for (const e of def.optional) if (e.format.kind !== 'half') byIei[e.iei] = e;
  return { def, byIei, byName: new Map(def.optional.map((e) => [e.ie, e])) };
}

/**
 * The format of an IEI a message does not define: a type 1 IE when bit 8 is set; the format the
 * message set gives it elsewhere (`known`); TLV-E for 0x7x (TS 24.007 §11.2.4, EPS and 5GS NAS);
 * TLV otherwise (comprehension not required, TS 24.007 §11.2.4).
 */
export function unknownFormat(iei: number, known: readonly (IeFormat<unknown> | undefined)[]): IeFormat<unknown> {
  if (iei & 0x80) return { kind: 'half' };
  return known[iei] ?? { kind: (iei & 0xf0) === 0x70 ? 'lv-e' : 'lv' };
}

/**
 * The union of the formats a message set's definitions give each IEI, where they agree: lets an
 * IE a message does not list (a newer release, a sloppy peer) be skipped by its real length.
 */
export function knownFormats(defs: readonly MessageDef[]): (IeFormat<unknown> | undefined)[] {
  const out = new Array<IeFormat<unknown> | undefined>(256).fill(undefined);
  const conflict = new Set<number>();
  for (const d of defs)
    for (const e of d.optional) {
      if (e.format.kind === 'half') continue;
      const had = out[e.iei];
      if (had && (had.kind !== e.format.kind || had.length !== e.format.length)) conflict.add(e.iei);
      else out[e.iei] = { kind: e.format.kind, length: e.format.length };
    }
  for (const i of conflict) out[i] = undefined;
  return out;
}

function writeValue(w: Writer, f: IeFormat<unknown>, value: unknown, element: string): void {
  switch (f.kind) {
    case 'half':
    case 'flag':
      return;
    case 'fixed': {
      const start = w.offset;
      f.codec!.encode(value, w);
      if (w.offset - start !== f.length)
        throw new EncodeError(w.protocol, element, `value of ${w.offset - start} octet(s), must be ${f.length}`);
      return;
    }
    case 'lv':
    case 'lv-e': {
      const n = f.kind === 'lv' ? 1 : 2;
      let at = w.reserve(n);
      f.codec!.encode(value, w);
      const len = w.offset - at - n;
      if (len > (n === 1 ? 0xff : 0xffff))
        throw new EncodeError(w.protocol, element, `value of ${len} octets does not fit a ${n}-octet length`);
      if (n === 2) w.buf[at++] = len >>> 8;
      w.buf[at] = len;
    }
  }
}

function writeRaw(w: Writer, f: IeFormat<unknown>, value: Buffer, element: string): void {
  if (f.kind === 'fixed' && value.length !== f.length)
    throw new EncodeError(w.protocol, element, `value of ${value.length} octet(s), must be ${f.length}`);
  if (f.kind === 'lv') w.u8(value.length, `${element} length`);
  else if (f.kind === 'lv-e') w.u16(value.length, `${element} length`);
  w.bytes(value);
}

function nibble(w: Writer, v: unknown, element: string): number {
  if (typeof v !== 'number' || v !== (v & 0x0f)) throw new EncodeError(w.protocol, element, `half octet ${v}`);
  return v;
}

export function writeBody(
  w: Writer,
  c: CompiledDef,
  m: Fields,
  known: readonly (IeFormat<unknown> | undefined)[],
): void {
  let halfAt = -1;
  for (const e of c.def.mandatory) {
    const v = m[e.field] ?? (e.spare ? 0 : undefined);
    if (v === undefined) throw new EncodeError(w.protocol, `${c.def.name}.${e.field}`, 'mandatory IE missing');
    if (e.format.kind === 'half') {
      // TS 24.007 §11.2.1.1.2: two V 1/2 IEs share an octet, the first in bits 4-1.
      const n = nibble(w, v, e.field);
      if (halfAt < 0) {
        halfAt = w.offset;
        w.u8(n);
      } else {
        w.buf[halfAt] |= n << 4;
        halfAt = -1;
      }
      continue;
    }
    halfAt = -1;
    writeValue(w, e.format, v, e.field);
  }
  for (const ie of m.ies ?? []) {
    if (ie.ie === 'unknown-half') {
      const u = ie as unknown as UnknownHalfIe;
      w.u8((u.iei & 0xf0) | nibble(w, u.value, 'unknown type 1 IE'));
      continue;
    }
    if (ie.ie === 'unknown' || ie.ie === 'invalid') {
      const u = ie as unknown as UnknownIe | InvalidIe;
      const f = u.ie === 'invalid' ? c.byIei[u.iei]?.format : undefined;
      w.u8(u.iei, 'IEI');
      writeRaw(w, f ?? unknownFormat(u.iei, known), u.value, `IEI 0x${u.iei.toString(16)}`);
      continue;
    }
    const e = c.byName.get(ie.ie);
    if (!e) throw new EncodeError(w.protocol, ie.ie, `not an IE of ${c.def.name}`);
    if (e.format.kind === 'half') {
      w.u8((e.iei & 0xf0) | nibble(w, ie.value, ie.ie));
      continue;
    }
    w.u8(e.iei);
    writeValue(w, e.format, ie.value, ie.ie);
  }
}

function readValue(r: Reader, f: IeFormat<unknown>, ctx: DecodeContext): unknown {
  if (f.kind === 'flag') return true;
  const len = f.kind === 'fixed' ? f.length! : f.kind === 'lv' ? r.u8() : r.u16();
  const saved = r.window(len);
  const v = f.codec!.decode(r, ctx);
  if (r.remaining > 0) r.fail(`${r.remaining} octet(s) left in the IE`);
  r.end = saved;
  return v;
}

export function readBody(
  r: Reader,
  c: CompiledDef,
  out: Record<string, unknown>,
  known: readonly (IeFormat<unknown> | undefined)[],
  ctx: DecodeContext,
): AnyIe[] {
  let half = -1;
  for (const e of c.def.mandatory) {
    r.element = `${c.def.name}: ${e.field}`;
    if (e.format.kind === 'half') {
      let n: number;
      if (half < 0) {
        half = r.u8();
        n = half & 0x0f;
      } else {
        n = half >> 4;
        half = -1;
      }
      if (!e.spare || n !== 0) out[e.field] = n;
      continue;
    }
    half = -1;
    out[e.field] = readValue(r, e.format, ctx);
  }
  const ies: AnyIe[] = [];
  while (r.remaining > 0) {
    r.element = `${c.def.name}: optional IE`;
    const iei = r.u8();
    const e = c.byIei[iei];
    if (!e) {
      const f = unknownFormat(iei, known);
      if (f.kind === 'half') ies.push({ ie: 'unknown-half', iei: iei & 0xf0, value: iei & 0x0f });
      else if (f.kind === 'flag') ies.push({ ie: 'unknown', iei, value: Buffer.alloc(0) });
      else {
        r.element = `${c.def.name}: IEI 0x${iei.toString(16)}`;
        const len = f.kind === 'fixed' ? f.length! : f.kind === 'lv' ? r.u8() : r.u16();
        ies.push({ ie: 'unknown', iei, value: r.bytes(len) });
      }
      continue;
    }
    r.element = `${c.def.name}: ${e.ie}`;
    if (e.format.kind === 'half') {
      ies.push({ ie: e.ie, value: iei & 0x0f });
      continue;
    }
    // The length is checked before the value is decoded: an IE that overruns the message
    // cannot be skipped, but one whose value does not decode can.
    const start = r.offset;
    const end = r.end;
    const n = e.format.kind === 'lv' ? 1 : e.format.kind === 'lv-e' ? 2 : 0;
    const len = n === 0 ? e.format.length! : n === 1 ? r.u8() : r.u16();
    r.need(len);
    r.offset = start;
    try {
      ies.push({ ie: e.ie, value: readValue(r, e.format, ctx) });
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      r.end = end;
      r.offset = start + n;
      ctx.warnings.push(`${c.def.name}: ${e.ie} (IEI 0x${iei.toString(16)}) treated as not present: ${err.reason}`);
      ies.push({ ie: 'invalid', iei, name: e.ie, value: r.bytes(len), reason: err.reason });
    }
  }
  return ies;
}
