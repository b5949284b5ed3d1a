import type { Reader, Writer } from '../common/cursor.ts';

/**
 * GTP-U extension headers (TS 29.281 §5.2): each is a length octet (in 4-octet units), content,
 * and the next extension header type; the chain ends with type 0. Known types are named; the rest
 * are kept as their content octets.
 */
export const EXTENSION_HEADER_TYPES = {
  'udp-port': 0x40,
  'long-pdcp-pdu-number': 0x82,
  'pdu-session-container': 0x85,
  'pdcp-pdu-number': 0xc0,
} as const;

export type ExtensionHeader =
  /** §5.2.2.1 UDP Port: the source port of the triggering message (Error Indication). */
  | { type: 'udp-port'; port: number }
  /** §5.2.2.2 PDCP PDU Number. */
  | { type: 'pdcp-pdu-number'; pdcpPduNumber: number }
  /**
   * §5.2.2.7 PDU Session Container (TS 38.415 §5.5.2). `content` is the whole container; use
   * `pduSessionInformation()` to read PDU type and QFI, `pduSessionContainer()` to build one.
   */
  | { type: 'pdu-session-container'; content: Buffer }
  | { type: 'unknown'; headerType: number; content: Buffer };

const BY_NUMBER = new Map<number, ExtensionHeader['type']>(
  Object.entries(EXTENSION_HEADER_TYPES).map(([k, v]) => [v, k as ExtensionHeader['type']]),
);

function typeNumber(h: ExtensionHeader): number {
  return h.type === 'unknown' ? h.headerType : EXTENSION_HEADER_TYPES[h.type as keyof typeof EXTENSION_HEADER_TYPES];
}

function contentLength(h: ExtensionHeader): number {
  switch (h.type) {
    case 'udp-port':
    case 'pdcp-pdu-number':
      return 2;
    default:
      return h.content.length;
  }
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
  list.forEach((h, i) => {
    const len = headerLength(h);
    w.u8(len / 4, 'extension header length');
    const start = w.offset;
    switch (h.type) {
      case 'udp-port':
        w.u16(h.port, 'UDP port');
        break;
      case 'pdcp-pdu-number':
        w.u16(h.pdcpPduNumber, 'PDCP PDU number');
        break;
      default:
        w.bytes(h.content);
    }
    const pad = len - 2 - (w.offset - start);
    for (let p = 0; p < pad; p++) w.u8(0);
    w.u8(i + 1 < list.length ? typeNumber(list[i + 1]) : 0);
  });
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
    const name = BY_NUMBER.get(next);
    if (name === 'udp-port' && units === 1) list.push({ type: 'udp-port', port: content.u16() });
    else if (name === 'pdcp-pdu-number' && units === 1)
      list.push({ type: 'pdcp-pdu-number', pdcpPduNumber: content.u16() });
    else if (name === 'pdu-session-container') list.push({ type: 'pdu-session-container', content: content.rest() });
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
