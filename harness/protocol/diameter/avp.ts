import type { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { address, i32, octets, u32, u64, utf8, type DataCodec } from './avp-types.ts';
import { avpByCode, avpByName, type AvpDataType, type AvpName } from './dictionary.ts';

/**
 * One AVP (RFC 6733 §4.1): code, flags (V vendor-specific, M mandatory, P reserved for end-to-end
 * security), length (header + data, without padding), Vendor-ID when V is set, then the data,
 * padded with zeros to a multiple of four octets. Values are a discriminated union by data type;
 * AVPs this table does not know are kept as octets and re-encoded byte-exact.
 */
export type AvpData =
  | { type: 'octets'; value: Buffer }
  | { type: 'utf8'; value: string }
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'u64'; value: bigint }
  | { type: 'address'; value: string }
  | { type: 'grouped'; value: Avp[] };

export type Avp = AvpData & {
  /** The dictionary name, or `AVP <code>` (`/<vendor>`) for one this table does not know. */
  name: string;
  code: number;
  vendorId?: number;
  mandatory: boolean;
  protected?: boolean;
  /** Flag bits 5-1, reserved (§4.1), kept when a peer set them. */
  reservedFlags?: number;
  /**
   * The padding as received when it was not all zeros (§4.1 says zeros) or not all there (the
   * last AVP of a Grouped AVP whose length leaves its padding out), kept.
   */
  padding?: Buffer;
};

const FLAG_V = 0x80;
const FLAG_M = 0x40;
const FLAG_P = 0x20;
const FLAGS_RESERVED = 0x1f;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

type Codecs = { [K in Exclude<AvpDataType, 'grouped'>]: DataCodec<Extract<AvpData, { type: K }>['value']> };
const CODECS: Codecs = { octets, utf8, u32, i32, u64, address };

const pad4 = (n: number) => (n + 3) & ~3;

function dataLength(a: Avp): number {
  if (a.type === 'grouped') return avpsLength(a.value);
  return (CODECS[a.type] as DataCodec<unknown>).encodingLength(a.value);
}

function headerLength(a: { vendorId?: number }): number {
  return a.vendorId === undefined ? 8 : 12;
}

/** Length of a list of AVPs on the wire, each padded (§4.4: a Grouped AVP's data is such a list). */
export function avpsLength(avps: readonly Avp[]): number {
  let n = 0;
  for (const a of avps) {
    const len = headerLength(a) + dataLength(a);
    n += a.padding && len + a.padding.length <= pad4(len) ? len + a.padding.length : pad4(len);
  }
  return n;
}

export function writeAvps(w: Writer, avps: readonly Avp[]): void {
  for (const a of avps) {
    const len = headerLength(a) + dataLength(a);
    if (len > 0xffffff) throw new EncodeError('diameter', a.name, `AVP length ${len} exceeds 24 bits`);
    w.u32(a.code, `${a.name} code`);
    w.u8(
      (a.vendorId !== undefined ? FLAG_V : 0) |
        (a.mandatory ? FLAG_M : 0) |
        (a.protected ? FLAG_P : 0) |
        ((a.reservedFlags ?? 0) & FLAGS_RESERVED),
    );
    w.u24(len);
    if (a.vendorId !== undefined) w.u32(a.vendorId, `${a.name} Vendor-ID`);
    if (a.type === 'grouped') writeAvps(w, a.value);
    else (CODECS[a.type] as DataCodec<unknown>).encode(a.value, w);
    if (a.padding && len + a.padding.length <= pad4(len)) w.bytes(a.padding);
    else for (let p = len; p < pad4(len); p++) w.u8(0);
  }
}

/** Decodes AVPs until the reader's window ends (a message body, or a Grouped AVP's data). */
export function readAvps(r: Reader): Avp[] {
  const out: Avp[] = [];
  while (r.remaining > 0) {
    const start = r.offset;
    r.at('AVP header');
    const code = r.u32();
    const flags = r.u8();
    const len = r.u24();
    const vendorId = flags & FLAG_V ? r.u32() : undefined;
    const hdr = vendorId === undefined ? 8 : 12;
    if (len < hdr) r.fail(`AVP ${code} length ${len} is shorter than its header (${hdr})`, start);
    const def = avpByCode(code, vendorId);
    const name = def?.name ?? `AVP ${code}${vendorId !== undefined ? `/${vendorId}` : ''}`;
    r.at(name);
    const n = len - hdr;
    const saved = r.window(n);
    const common = {
      name,
      code,
      ...(vendorId !== undefined ? { vendorId } : {}),
      mandatory: (flags & FLAG_M) !== 0,
      ...(flags & FLAG_P ? { protected: true } : {}),
      ...(flags & FLAGS_RESERVED ? { reservedFlags: flags & FLAGS_RESERVED } : {}),
    };
    let avp: Avp;
    let type = def?.type ?? 'octets';
    // Text that is not UTF-8 (§4.3.1 requires it) is kept as its octets, not replaced.
    if (type === 'utf8' && !isUtf8(r.buf, r.offset, r.end)) type = 'octets';
    if (type === 'grouped') avp = { ...common, type, value: readAvps(r) };
    else avp = { ...common, type, value: (CODECS[type] as DataCodec<unknown>).decode(r, n) } as Avp;
    if (r.remaining !== 0) r.fail(`${r.remaining} octet(s) left inside ${name}`);
    r.end = saved;
    // §4.1: padding follows the data; the last AVP's padding may be cut by its container's end.
    const padEnd = Math.min(r.end, start + pad4(len));
    let zeros = padEnd === start + pad4(len);
    for (let i = r.offset; i < padEnd; i++) if (r.buf[i] !== 0) zeros = false;
    if (!zeros) avp.padding = r.bytes(padEnd - r.offset);
    r.offset = padEnd;
    out.push(avp);
  }
  return out;
}

function isUtf8(b: Buffer, start: number, end: number): boolean {
  try {
    UTF8.decode(b.subarray(start, end));
    return true;
  } catch {
    return false;
  }
}

type ValueOf<T extends AvpDataType> = Extract<AvpData, { type: T }>['value'];

/**
 * Builds an AVP from the table by name (code, V and M flags, data type): `avp('Origin-Host',
 * 'mme.epc.example')`, `avp('APN-Configuration', [avp('Context-Identifier', 1), ...])`.
 */
export function avp(name: AvpName, value: ValueOf<AvpDataType>): Avp {
  const d = avpByName(name);
  if (!d) throw new EncodeError('diameter', name, 'not in the AVP table');
  const ok =
    (d.type === 'grouped' && Array.isArray(value)) ||
    ((d.type === 'utf8' || d.type === 'address') && typeof value === 'string') ||
    ((d.type === 'u32' || d.type === 'i32') && typeof value === 'number') ||
    (d.type === 'u64' && typeof value === 'bigint') ||
    (d.type === 'octets' && Buffer.isBuffer(value));
  if (!ok) throw new EncodeError('diameter', name, `a ${d.type} AVP cannot hold ${typeof value}`);
  return {
    name: d.name,
    code: d.code,
    ...(d.vendorId !== undefined ? { vendorId: d.vendorId } : {}),
    mandatory: d.mandatory,
    type: d.type,
    value,
  } as Avp;
}

/** The first AVP of that name in a list (RFC 6733 §4.4 Grouped members, or a message's AVPs). */
export function findAvp(avps: readonly Avp[], name: AvpName): Avp | undefined {
  return avps.find((a) => a.name === name);
}

export function findAllAvps(avps: readonly Avp[], name: AvpName): Avp[] {
  return avps.filter((a) => a.name === name);
}

export function avpNumber(avps: readonly Avp[], name: AvpName): number | undefined {
  const a = findAvp(avps, name);
  return a && (a.type === 'u32' || a.type === 'i32') ? a.value : undefined;
}

export function avpText(avps: readonly Avp[], name: AvpName): string | undefined {
  const a = findAvp(avps, name);
  return a && (a.type === 'utf8' || a.type === 'address') ? a.value : undefined;
}

export function avpOctets(avps: readonly Avp[], name: AvpName): Buffer | undefined {
  const a = findAvp(avps, name);
  return a?.type === 'octets' ? a.value : undefined;
}

export function avpGroup(avps: readonly Avp[], name: AvpName): Avp[] | undefined {
  const a = findAvp(avps, name);
  return a?.type === 'grouped' ? a.value : undefined;
}
