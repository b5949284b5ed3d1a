import type { Reader, Writer } from '../../common/cursor.ts';
import { EncodeError } from '../../common/decode-error.ts';
import { compile, knownFormats, readBody, writeBody, type CompiledDef } from './body.ts';
import type { DecodeContext } from './ie-format.ts';
import type { MessageDef } from './message-def.ts';

/**
 * One NAS protocol's messages (ESM, 5GSM, 5GMM ...): the header octets before the message type
 * (TS 24.007 §11.2.3: protocol discriminator or EPD, EPS bearer identity or PDU session ID,
 * PTI or security header type) and the table message type → definition.
 */
export interface HeaderCodec<H> {
  /** Reads the header up to, not including, the message type octet. */
  read(r: Reader): H;
  write(w: Writer, header: H): void;
}

export interface NasMessageBase {
  protocol: string;
  type: string;
  ies: readonly unknown[];
  warnings?: string[];
}

export interface MessageSet<M extends NasMessageBase> {
  readonly protocol: M['protocol'];
  /** The protocol's name in the spec, for errors ("ESM", "5GSM"). */
  readonly title: string;
  /** Message type names → message type octets. */
  readonly types: ReadonlyMap<M['type'], number>;
  decode(r: Reader): M;
  encode(w: Writer, m: M): void;
}

export function messageSet<M extends NasMessageBase, H>(
  protocol: M['protocol'],
  title: string,
  header: HeaderCodec<H>,
  defs: readonly MessageDef[],
): MessageSet<M> {
  const byType = new Array<CompiledDef | undefined>(256).fill(undefined);
  const byName = new Map<string, CompiledDef>();
  for (const d of defs) {
    const c = compile(d);
    byType[d.type] = c;
    byName.set(d.name, c);
  }
  const known = knownFormats(defs);
  return {
    protocol,
    title,
    types: new Map(defs.map((d) => [d.name as M['type'], d.type])),
    decode(r) {
      r.element = `${title} header`;
      const h = header.read(r);
      const mt = r.u8();
      const c = byType[mt];
      if (!c) return r.fail(`${title} message type 0x${mt.toString(16)} is not supported`, r.offset - 1);
      const ctx: DecodeContext = { warnings: [] };
      const out: Record<string, unknown> = { protocol, type: c.def.name, ...h };
      out.ies = readBody(r, c, out, known, ctx);
      if (ctx.warnings.length > 0) out.warnings = ctx.warnings;
      return out as unknown as M;
    },
    encode(w, m) {
      const c = byName.get(m.type);
      if (!c) throw new EncodeError(w.protocol, m.type, `not a ${title} message`);
      header.write(w, m as unknown as H);
      w.u8(c.def.type);
      writeBody(w, c, m as unknown as Record<string, unknown>, known);
    },
  };
}
