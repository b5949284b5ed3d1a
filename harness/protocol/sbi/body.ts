import { DecodeError } from '../common/decode-error.ts';
import type { RefToBinaryData } from './common-data.ts';
import { decodeMultipart, encodeMultipartRelated, parseContentType } from './multipart.ts';

/**
 * SBI message bodies (TS 29.500 §6.1.2): JSON alone (application/json, or application/problem+json
 * for a bare ProblemDetails, TS 29.500 §5.2.7.1), or multipart/related (§6.1.2.4) whose root is
 * the JSON and whose other parts are binary, each named by a Content-ID that the JSON refers to
 * (RefToBinaryData). Media types of binary parts: TS 29.502 §6.1.6.4 and TS 29.518 §6.1.6.4.
 */
export const MEDIA_TYPE = {
  JSON: 'application/json',
  PROBLEM_JSON: 'application/problem+json',
  MULTIPART_RELATED: 'multipart/related',
  /** A 5GS NAS message (TS 24.501). */
  NAS_5GS: 'application/vnd.3gpp.5gnas',
  /** An NGAP IE (TS 38.413), e.g. a PDU Session Resource Setup Request Transfer. */
  NGAP: 'application/vnd.3gpp.ngap',
} as const;

/** Content-IDs this harness gives the N1 SM message and the N2 SM information parts. */
export const N1_SM_CONTENT_ID = 'N1SmMessage';
export const N2_SM_CONTENT_ID = 'N2SmInformation';

export interface BinaryPart {
  contentId: string;
  contentType: string;
  data: Buffer;
}

export interface SbiBody {
  /** The JSON root, parsed (undefined for an empty body). */
  json: unknown;
  /** The media type of the JSON root (application/json or application/problem+json). */
  jsonType?: string;
  parts: BinaryPart[];
}

/** An N1 SM part (a 5GSM message) under N1_SM_CONTENT_ID. */
export function n1SmPart(nas: Buffer, contentId = N1_SM_CONTENT_ID): BinaryPart {
  return { contentId, contentType: MEDIA_TYPE.NAS_5GS, data: nas };
}

/** An N2 SM part (an NGAP transfer) under N2_SM_CONTENT_ID. */
export function n2SmPart(ngap: Buffer, contentId = N2_SM_CONTENT_ID): BinaryPart {
  return { contentId, contentType: MEDIA_TYPE.NGAP, data: ngap };
}

/** The JSON alone when there are no binary parts, else multipart/related with the JSON first. */
export function encodeSbiBody(
  json: unknown,
  parts: readonly BinaryPart[] = [],
  jsonType: string = MEDIA_TYPE.JSON,
): { contentType: string; body: Buffer } {
  const root = Buffer.from(JSON.stringify(json));
  if (parts.length === 0) return { contentType: jsonType, body: root };
  return encodeMultipartRelated([
    { contentType: jsonType, body: root },
    ...parts.map((p) => ({ contentType: p.contentType, contentId: p.contentId, body: p.data })),
  ]);
}

/**
 * Decodes a received body. Malformed JSON or multipart framing is a DecodeError (protocol 'sbi');
 * a peer answers it with 400 INVALID_MSG_FORMAT (TS 29.500 §5.2.7.2).
 */
export function decodeSbiBody(contentType: string | undefined, body: Buffer): SbiBody {
  if (body.length === 0) return { json: undefined, parts: [] };
  const ct = parseContentType(contentType ?? MEDIA_TYPE.JSON);
  if (ct.mediaType === MEDIA_TYPE.MULTIPART_RELATED) {
    const mime = decodeMultipart(contentType!, body);
    // RFC 2387 §3.2: the root is the part named by `start`, else the first.
    const start = ct.params.start?.replace(/^<(.*)>$/, '$1');
    const rootIndex = start ? mime.findIndex((p) => p.contentId === start) : 0;
    if (rootIndex < 0)
      throw new DecodeError('sbi', 'multipart/related', 0, `no part has the start Content-ID ${start}`);
    const root = mime[rootIndex];
    const parts: BinaryPart[] = [];
    mime.forEach((p, i) => {
      if (i === rootIndex) return;
      if (p.contentId === undefined)
        throw new DecodeError('sbi', 'multipart/related', 0, `part ${i + 1} has no Content-ID`);
      parts.push({ contentId: p.contentId, contentType: parseContentType(p.contentType).mediaType, data: p.body });
    });
    const rootType = parseContentType(root.contentType).mediaType;
    return { json: parseJson(root.body, rootType), jsonType: rootType, parts };
  }
  if (ct.mediaType !== MEDIA_TYPE.JSON && ct.mediaType !== MEDIA_TYPE.PROBLEM_JSON)
    throw new DecodeError('sbi', 'Content-Type', 0, `${ct.mediaType} is neither JSON nor multipart/related`);
  return { json: parseJson(body, ct.mediaType), jsonType: ct.mediaType, parts: [] };
}

function parseJson(b: Buffer, mediaType: string): unknown {
  if (!mediaType.endsWith('json')) throw new DecodeError('sbi', 'root part', 0, `${mediaType} is not JSON`);
  try {
    return JSON.parse(b.toString('utf8'));
  } catch (err) {
    throw new DecodeError('sbi', 'JSON', 0, (err as Error).message);
  }
}

/** The binary part a RefToBinaryData points to, if the body has it. */
export function binaryPart(body: SbiBody, ref: RefToBinaryData | undefined): BinaryPart | undefined {
  if (!ref) return undefined;
  return body.parts.find((p) => p.contentId === ref.contentId);
}
