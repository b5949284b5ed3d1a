import type { Reader, Writer } from '../common/cursor.ts';

/**
 * GTPv1 extension headers (TS 29.281 §5.2 for GTP-U, TS 29.060 §6.1 for GTPv1-C): each is a
 * length octet (in 4-octet units), content, and the next extension header type; the chain ends
 * with type 0. One table names the known types; any other type, or a known one whose length is
 * not the defined one, is kept as its content octets, so every chain re-encodes byte-exact.
 */
export type ExtensionHeader =
  /** TS 29.281 §5.2.2.1 UDP Port: the source port of the triggering message (Error Indication). */
  | { type: 'udp-port'; port: number }
  /** TS 29.281 §5.2.2.2 PDCP PDU Number. */
  | { type: 'pdcp-pdu-number'; pdcpPduNumber: number }
  /**
   * TS 29.281 §5.2.2.7 PDU Session Container (TS 38.415 §5.5.2). `content` is the whole container;
   * use `pduSessionInformation()` to read PDU type and QFI, `pduSessionContainer()` to build one.
   */
  | { type: 'pdu-session-container'; content: Buffer }
  /**
   * TS 29.060 §6.1 (Table 2): the control-plane indications, one unit long with 2 spare octets
   * (sent as 0xFFFF; `spare` keeps other values as they came).
   */
  | { type: 'mbms-support-indication'; spare?: number }
  | { type: 'ms-info-change-reporting-support-indication'; spare?: number }
  | { type: 'suspend-request'; spare?: number }
  | { type: 'suspend-response'; spare?: number }
  | { type: 'unknown'; headerType: number; content: Buffer };

type Named = Exclude<ExtensionHeader, { type: 'unknown' }>;

interface ExtensionCodec<T extends { type: string }> {
  number: number;
  name: T['type'];
  /** Content octets of the one defined length; other lengths are kept as an unknown header. */
  contentLength?: number;
  encode(h: T, w: Writer): void;
  decode(content: Reader): T;
  encodingLength(h: T): number;
}

type SpareName = Extract<Named, { spare?: number }>['type'];

/** Two spare octets, all ones unless the peer sent something else (TS 29.060 §6.1). */
function spareUnit<K extends SpareName>(number: number, name: K): ExtensionCodec<{ type: K; spare?: number }> {
  return {
    number,
    name,
    contentLength: 2,
    encode: (h, w) => void w.u16(h.spare ?? 0xffff, `${name} spare`),
    decode(r) {
      const spare = r.u16();
      return spare === 0xffff ? { type: name } : { type: name, spare };
    },
    encodingLength: () => 2,
  };
}

const CODECS = [
  {
    number: 0x40,
    name: 'udp-port',
    contentLength: 2,
    encode: (h, w) => void w.u16(h.port, 'UDP port'),
    decode: (r) => ({ type: 'udp-port', port: r.u16() }),
    encodingLength: () => 2,
  } satisfies ExtensionCodec<Extract<Named, { type: 'udp-port' }>>,
  {
    number: 0xc0,
    name: 'pdcp-pdu-number',
    contentLength: 2,
    encode: (h, w) => void w.u16(h.pdcpPduNumber, 'PDCP PDU number'),
    decode: (r) => ({ type: 'pdcp-pdu-number', pdcpPduNumber: r.u16() }),
    encodingLength: () => 2,
  } satisfies ExtensionCodec<Extract<Named, { type: 'pdcp-pdu-number' }>>,
  {
    number: 0x85,
    name: 'pdu-session-container',
    encode: (h, w) => void w.bytes(h.content),
    decode: (r) => ({ type: 'pdu-session-container', content: r.rest() }),
    encodingLength: (h) => h.content.length,
  } satisfies ExtensionCodec<Extract<Named, { type: 'pdu-session-container' }>>,
  spareUnit(0x01, 'mbms-support-indication'),
  spareUnit(0x02, 'ms-info-change-reporting-support-indication'),
  spareUnit(0xc1, 'suspend-request'),
  spareUnit(0xc2, 'suspend-response'),
] as unknown as ExtensionCodec<Named>[];

const BY_NUMBER: (ExtensionCodec<Named> | undefined)[] = new Array(256).fill(undefined);
for (const c of CODECS) BY_NUMBER[c.number] = c;
const BY_NAME = new Map<string, ExtensionCodec<Named>>(CODECS.map((c) => [c.name, c]));

/** Extension header type numbers by name. */
export const EXTENSION_HEADER_TYPES: Readonly<Record<Named['type'], number>> = Object.fromEntries(
  CODECS.map((c) => [c.name, c.number]),
) as Record<Named['type'], number>;

function typeNumber(h: ExtensionHeader): number {
  return h.type === 'unknown' ? h.headerType : BY_NAME.get(h.type)!.number;
}

function contentLength(h: ExtensionHeader): number {
  return h.type === 'unknown' ? h.content.length : BY_NAME.get(h.type)!.encodingLength(h);
}

/** Total octets of one extension header: a multiple of 4 (length, content padded, next type). */
function headerLength(h: ExtensionHeader): number {
  return Math.ceil((contentLength(h) + 2) / 4) * 4;
}

export function extensionHeadersLength(list: readonly ExtensionHeader[]): number {
  let n = 0;
  for (const h of list) n += headerLength(h);
  return n;
}

export function firstExtensionType(list: readonly ExtensionHeader[]): number {
  return list.length ? typeNumber(list[0]) : 0;
}

export function writeExtensionHeaders(w: Writer, list: readonly ExtensionHeader[]): void {
  for (let i = 0; i < list.length; i++) {
    const h = list[i];
    const len = headerLength(h);
    w.u8(len / 4, 'extension header length');
    const start = w.offset;
    if (h.type === 'unknown') w.bytes(h.content);
    else BY_NAME.get(h.type)!.encode(h, w);
    const pad = len - 2 - (w.offset - start);
    for (let p = 0; p < pad; p++) w.u8(0);
    w.u8(i + 1 < list.length ? typeNumber(list[i + 1]) : 0);
  }
}

/** Reads the chain that starts with extension header type `first`. */
export function readExtensionHeaders(r: Reader, first: number): ExtensionHeader[] {
  const list: ExtensionHeader[] = [];
  let next = first;
  while (next !== 0) {
    if (list.length >= 32) r.fail('more than 32 extension headers');
    r.at('extension header');
    const units = r.u8();
    if (units === 0) r.fail('extension header length 0', r.offset - 1);
    const content = r.sub(units * 4 - 2, 'extension header');
    const codec = BY_NUMBER[next];
    if (codec && (codec.contentLength === undefined || codec.contentLength === units * 4 - 2))
      list.push(codec.decode(content));
    else list.push({ type: 'unknown', headerType: next, content: content.rest() });
    next = r.u8();
  }
  return list;
}

/** TS 38.415 §5.5.2.1/§5.5.2.2: PDU type (0 = DL PDU SESSION INFORMATION, 1 = UL) and QFI. */
export function pduSessionInformation(h: Extract<ExtensionHeader, { type: 'pdu-session-container' }>): {
  pduType: number;
  qfi: number;
} {
  return { pduType: (h.content[0] ?? 0) >> 4, qfi: (h.content[1] ?? 0) & 0x3f };
}

/** A minimal PDU Session Container: PDU type and QFI, other flags zero (2 octets, padded by the chain). */
export function pduSessionContainer(
  pduType: 0 | 1,
  qfi: number,
): Extract<ExtensionHeader, { type: 'pdu-session-container' }> {
  return { type: 'pdu-session-container', content: Buffer.from([pduType << 4, qfi & 0x3f]) };
}
