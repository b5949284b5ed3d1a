import { DecodeError } from '../common/decode-error.ts';

/**
 * N1 SM information on N16 (TS 29.502 §5.2.3.x "N1 SM information transfer", home-routed): the
 * V-SMF interprets the 5GSM header and the mandatory fields it needs and forwards the rest of the
 * UE's message — its optional IEs, encoded as in TS 24.501 with their Type (IEI) and Length — in
 * n1SmInfoFromUe; the H-SMF answers the mandatory fields of the accept in JSON (pduSessionType,
 * sscMode, qosFlowsSetupList.qosRules, sessionAmbr) and its optional IEs in n1SmInfoToUe, from
 * which the V-SMF builds the PDU Session Establishment Accept (TS 24.501 §8.3.2). Byte layouts of
 * TS 24.501 §8.3.1.1 and §8.3.2.1: EPD, PDU session ID, PTI, message type, then the mandatory part.
 */
const EPD_5GSM = 0x2e;
const ESTABLISHMENT_REQUEST = 0xc1;
const ESTABLISHMENT_ACCEPT = 0xc2;
/** §8.3.1.1: the header (4 octets) and the Integrity protection maximum data rate (V, 2 octets). */
const REQUEST_MANDATORY = 6;

/** The optional IEs of a PDU Session Establishment Request (n1SmInfoFromUe). */
export function requestSmInfo(request: Buffer): Buffer {
  if (request.length < REQUEST_MANDATORY || request[0] !== EPD_5GSM || request[3] !== ESTABLISHMENT_REQUEST)
    throw new DecodeError('N16', 'n1SmInfoFromUe', 0, 'not a PDU Session Establishment Request');
  return request.subarray(REQUEST_MANDATORY);
}

/**
 * A PDU Session Establishment Request as the H-SMF sees it: the header the V-SMF interpreted
 * (PDU session ID, PTI) and the IEs of n1SmInfoFromUe; the integrity protection maximum data rate
 * stays with the V-SMF (full rate, 0xffff, here).
 */
export function requestFromSmInfo(pduSessionId: number, pti: number, info: Buffer): Buffer {
  return Buffer.concat([Buffer.from([EPD_5GSM, pduSessionId, pti, ESTABLISHMENT_REQUEST, 0xff, 0xff]), info]);
}

/** The parts of an encoded PDU Session Establishment Accept: its mandatory fields and its optional IEs. */
export interface AcceptParts {
  /** Selected PDU session type (low half) and SSC mode (high half), §9.11.4.11/§9.11.4.16. */
  typeAndSsc: number;
  /** The Authorized QoS rules' value (§9.11.4.13), for qosFlowsSetupList.qosRules. */
  qosRules: Buffer;
  /** The Session-AMBR's value (§9.11.4.14, 6 octets). */
  sessionAmbr: Buffer;
  /** Everything after: the optional IEs (n1SmInfoToUe). */
  optional: Buffer;
}

export function splitAccept(accept: Buffer): AcceptParts {
  if (accept.length < 8 || accept[0] !== EPD_5GSM || accept[3] !== ESTABLISHMENT_ACCEPT)
    throw new DecodeError('N16', 'n1SmInfoToUe', 0, 'not a PDU Session Establishment Accept');
  const qosLength = accept.readUInt16BE(5);
  const ambrAt = 7 + qosLength;
  if (ambrAt >= accept.length) throw new DecodeError('N16', 'Authorized QoS rules', 5, 'the accept ends inside them');
  const ambrLength = accept[ambrAt];
  const end = ambrAt + 1 + ambrLength;
  if (end > accept.length) throw new DecodeError('N16', 'Session-AMBR', ambrAt, 'the accept ends inside it');
  return {
    typeAndSsc: accept[4],
    qosRules: accept.subarray(7, ambrAt),
    sessionAmbr: accept.subarray(ambrAt + 1, end),
    optional: accept.subarray(end),
  };
}

export function joinAccept(pduSessionId: number, pti: number, p: AcceptParts): Buffer {
  const qosLength = Buffer.alloc(2);
  qosLength.writeUInt16BE(p.qosRules.length);
  return Buffer.concat([
    Buffer.from([EPD_5GSM, pduSessionId, pti, ESTABLISHMENT_ACCEPT, p.typeAndSsc]),
    qosLength,
    p.qosRules,
    Buffer.from([p.sessionAmbr.length]),
    p.sessionAmbr,
    p.optional,
  ]);
}

const TYPE_VALUE: Readonly<Record<string, number>> = { IPV4: 1, IPV6: 2, IPV4V6: 3, UNSTRUCTURED: 4, ETHERNET: 5 };
const SSC_VALUE: Readonly<Record<string, number>> = { SSC_MODE_1: 1, SSC_MODE_2: 2, SSC_MODE_3: 3 };
/** §9.11.4.14 units: 1 = 1 Kbps, 6 = 1 Mbps, 11 = 1 Gbps (multiples of 1024 are not used here). */
const AMBR_UNITS: readonly [RegExp, number, number][] = [
  [/^(\d+(?:\.\d+)?) Kbps$/, 1, 1],
  [/^(\d+(?:\.\d+)?) Mbps$/, 6, 1],
  [/^(\d+(?:\.\d+)?) Gbps$/, 6, 1000],
];

/** The accept's typeAndSsc octet from PduSessionCreatedData's pduSessionType and sscMode. */
export function typeAndSscOf(pduSessionType: string, sscMode: string): number {
  const t = TYPE_VALUE[pduSessionType];
  const s = SSC_VALUE[sscMode];
  if (t === undefined || s === undefined)
    throw new DecodeError('N16', 'pduSessionType/sscMode', 0, `${pduSessionType}, ${sscMode}`);
  return (s << 4) | t;
}

/** The Session-AMBR value (§9.11.4.14) of a TS 29.571 Ambr ("500 Mbps"). */
export function sessionAmbrOf(ambr: { uplink: string; downlink: string }): Buffer {
  const one = (rate: string): [number, number] => {
    for (const [re, unit, factor] of AMBR_UNITS) {
      const m = re.exec(rate);
      if (m) return [unit, Math.min(0xffff, Math.round(Number(m[1]) * factor))];
    }
    throw new DecodeError('N16', 'sessionAmbr', 0, `bit rate ${JSON.stringify(rate)}`);
  };
  const [du, dv] = one(ambr.downlink);
  const [uu, uv] = one(ambr.uplink);
  const b = Buffer.alloc(6);
  b[0] = du;
  b.writeUInt16BE(dv, 1);
  b[3] = uu;
  b.writeUInt16BE(uv, 4);
  return b;
}

const RELEASE_REQUEST = 0xd1;
const RELEASE_COMMAND = 0xd3;

/**
 * The optional IEs of a PDU Session Release Request (TS 24.501 §8.3.12: the header only, then
 * 5GSM cause and extended PCO), for n1SmInfoFromUe of an Update with UE_REQ_PDU_SES_REL.
 */
export function releaseRequestSmInfo(request: Buffer): Buffer {
  if (request.length < 4 || request[0] !== EPD_5GSM || request[3] !== RELEASE_REQUEST)
    throw new DecodeError('N16', 'n1SmInfoFromUe', 0, 'not a PDU Session Release Request');
  return request.subarray(4);
}

/** The PDU Session Release Request the H-SMF reads from n1SmInfoFromUe (header from the V-SMF's context). */
export function releaseRequestFromSmInfo(pduSessionId: number, pti: number, info: Buffer): Buffer {
  return Buffer.concat([Buffer.from([EPD_5GSM, pduSessionId, pti, RELEASE_REQUEST]), info]);
}

/**
 * The PDU Session Release Command the V-SMF builds (TS 24.501 §8.3.14: header, the 5GSM cause
 * from VsmfUpdateData's n1smCause, then the optional IEs of n1SmInfoToUe).
 */
export function releaseCommandOf(pduSessionId: number, pti: number, cause: number, optional: Buffer): Buffer {
  return Buffer.concat([Buffer.from([EPD_5GSM, pduSessionId, pti, RELEASE_COMMAND, cause]), optional]);
}
