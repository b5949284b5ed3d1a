import { randomBytes } from 'node:crypto';
import { DecodeError, EncodeError } from '../common/decode-error.ts';

/**
 * multipart/related bodies (RFC 2387 over RFC 2046 §5.1.1) as TS 29.500 §6.1.2.4 uses them for a
 * JSON root part and binary parts (application/vnd.3gpp.5gnas, application/vnd.3gpp.ngap, ...)
 * that the JSON points to by Content-ID (RefToBinaryData). Buffers in, buffers out: HTTP/2 hands
 * the whole body over, and none of the npm multipart parsers fits (busboy, multipasta and
 * formidable parse multipart/form-data, need a Content-Disposition per part and do not encode).
 */
const PROTOCOL = 'sbi';
const CRLF = Buffer.from('\r\n');

export interface MimePart {
  contentType: string;
  /** The Content-ID without angle brackets (RFC 2392 allows them; 3GPP peers send it bare). */
  contentId?: string;
  /** Every header of the part, names lowercased (Content-Type and Content-ID included). */
  headers?: Record<string, string>;
  body: Buffer;
}

export interface ContentType {
  /** type/subtype, lowercased. */
  mediaType: string;
  params: Record<string, string>;
}

/** RFC 9110 §8.3 Content-Type: media type and parameters (quoted strings unquoted). */
export function parseContentType(value: string): ContentType {
  const [head, ...rest] = splitParams(value);
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params[p.slice(0, eq).trim().toLowerCase()] = v;
  }
  return { mediaType: head.trim().toLowerCase(), params };
}

/** Splits at semicolons outside quoted strings. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && quoted && i + 1 < value.length) {
      cur += c + value[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

let boundaries = 0;

/** A boundary (RFC 2046 §5.1.1: 1-70 characters) that occurs in no part. */
function chooseBoundary(parts: readonly MimePart[]): string {
  for (;;) {
    const b = `=-v6h${(boundaries++).toString(36)}${randomBytes(9).toString('base64url')}`;
    const probe = Buffer.from(`--${b}`);
    if (parts.every((p) => !p.body.includes(probe))) return b;
  }
}

/**
 * Encodes parts as multipart/related: the first is the root (RFC 2387 §3.2), its media type the
 * `type` parameter. Returns the Content-Type header value and the body.
 */
export function encodeMultipartRelated(
  parts: readonly MimePart[],
  boundary = chooseBoundary(parts),
): { contentType: string; body: Buffer } {
  if (parts.length === 0) throw new EncodeError(PROTOCOL, 'multipart/related', 'needs at least one part');
  if (!/^[0-9A-Za-z'()+_,\-./:=?]{1,70}$/.test(boundary))
    throw new EncodeError(PROTOCOL, 'multipart/related', `boundary ${JSON.stringify(boundary)} is not RFC 2046 §5.1.1`);
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Type: ${p.contentType}\r\n`;
    if (p.contentId !== undefined) head += `Content-Id: ${p.contentId}\r\n`;
    for (const [k, v] of Object.entries(p.headers ?? {})) {
      if (k === 'content-type' || k === 'content-id') continue;
      head += `${k}: ${v}\r\n`;
    }
    chunks.push(Buffer.from(`${head}\r\n`, 'latin1'), p.body, CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const root = parts[0].contentType.split(';')[0].trim();
  return {
    contentType: `multipart/related; boundary="${boundary}"; type="${root}"`,
    body: Buffer.concat(chunks),
  };
}

/** Decodes a multipart body whose Content-Type header value is `contentType`. */
export function decodeMultipart(contentType: string, body: Buffer): MimePart[] {
  const ct = parseContentType(contentType);
  if (!ct.mediaType.startsWith('multipart/'))
    throw new DecodeError(PROTOCOL, 'Content-Type', 0, `${ct.mediaType} is not multipart`);
  const boundary = ct.params.boundary;
  if (!boundary) throw new DecodeError(PROTOCOL, 'Content-Type', 0, 'multipart without a boundary parameter');
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first boundary may open the body or follow a preamble (RFC 2046 §5.1.1).
  let at = body.subarray(0, dash.length).equals(dash) ? 0 : body.indexOf(delimiter);
  if (at < 0) throw new DecodeError(PROTOCOL, 'multipart', 0, `boundary ${JSON.stringify(boundary)} not found`);
  if (at > 0) at += 2;
  const parts: MimePart[] = [];
  for (;;) {
    let p = at + dash.length;
    if (body[p] === 0x2d && body[p + 1] === 0x2d) return parts; // close-delimiter; epilogue ignored
    while (body[p] === 0x20 || body[p] === 0x09) p++; // transport padding
    if (body[p] !== 0x0d || body[p + 1] !== 0x0a)
      throw new DecodeError(PROTOCOL, 'multipart', p, 'boundary line does not end in CRLF');
    p += 2;
    const next = body.indexOf(delimiter, p);
    if (next < 0) throw new DecodeError(PROTOCOL, 'multipart', p, 'no closing boundary');
    parts.push(readPart(body, p, next));
    at = next + 2;
  }
}

function readPart(body: Buffer, start: number, end: number): MimePart {
  const blank = body.indexOf('\r\n\r\n', start);
  // A part with no headers starts with its empty line at once.
  const headerEnd = body[start] === 0x0d && body[start + 1] === 0x0a ? start : blank;
  if (headerEnd < 0 || headerEnd > end)
    throw new DecodeError(PROTOCOL, 'multipart part', start, 'headers not ended by an empty line');
  const headers: Record<string, string> = {};
  const text = body.toString('latin1', start, headerEnd).replace(/\r\n[ \t]+/g, ' '); // RFC 5322 §2.2.3 unfolding
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new DecodeError(PROTOCOL, 'multipart part header', start, `not a header: ${line}`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const bodyStart = headerEnd === start ? start + 2 : headerEnd + 4;
  const part: MimePart = {
    // RFC 2046 §5.1: a part without Content-Type is text/plain.
    contentType: headers['content-type'] ?? 'text/plain',
    headers,
    body: body.subarray(bodyStart, end),
  };
  const id = headers['content-id'];
  if (id !== undefined) part.contentId = id.replace(/^<(.*)>$/, '$1');
  return part;
}
