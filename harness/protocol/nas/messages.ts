import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError, EncodeError } from '../common/decode-error.ts';
import {
  apnLength,
  pcoLength,
  pduAddressLength,
  readApn,
  readPco,
  readPduAddress,
  writeApn,
  writePco,
  writePduAddress,
  type NasIe,
  type PduAddress,
} from './ies.ts';

/**
 * Plain NAS session-management messages: EPS ESM (TS 24.301 §8.3; protocol discriminator 2,
 * EPS bearer identity in bits 8-5 of octet 1, PTI, message type) and 5GSM (TS 24.501 §8.3;
 * extended protocol discriminator 0x2E, PDU session ID, PTI, message type). The mandatory part
 * is typed per message; optional IEs follow as a list, unknown ones kept.
 */
interface Esm {
  epsBearerIdentity: number;
  pti: number;
  ies: NasIe[];
}
interface Sm5g {
  pduSessionId: number;
  pti: number;
  ies: NasIe[];
}

export type NasMessage =
  | ({ type: 'pdn-connectivity-request'; requestType: number; pdnType: number } & Esm)
  | ({ type: 'pdn-connectivity-reject'; esmCause: number } & Esm)
  | ({ type: 'activate-default-eps-bearer-context-request'; epsQos: Buffer; apn: string; pdnAddress: PduAddress } & Esm)
  | ({ type: 'activate-default-eps-bearer-context-accept' } & Esm)
  | ({ type: 'esm-status'; esmCause: number } & Esm)
  | ({ type: 'pdu-session-establishment-request'; integrityProtectionMaximumDataRate: number } & Sm5g)
  | ({
      type: 'pdu-session-establishment-accept';
      selectedPduSessionType: number;
      selectedSscMode: number;
      authorizedQosRules: Buffer;
      sessionAmbr: Buffer;
    } & Sm5g)
  | ({ type: 'pdu-session-establishment-reject'; cause: number } & Sm5g);

export const ESM_MESSAGE_TYPES = {
  'activate-default-eps-bearer-context-request': 0xc1,
  'activate-default-eps-bearer-context-accept': 0xc2,
  'pdn-connectivity-request': 0xd0,
  'pdn-connectivity-reject': 0xd1,
  'esm-status': 0xe8,
} as const;

export const SM5G_MESSAGE_TYPES = {
  'pdu-session-establishment-request': 0xc1,
  'pdu-session-establishment-accept': 0xc2,
  'pdu-session-establishment-reject': 0xc3,
} as const;

/** TS 24.301 §9.9.4.4 ESM causes the harness names. */
export const ESM_CAUSE_NAMES: Readonly<Record<number, string>> = {
  26: 'Insufficient resources',
  27: 'Missing or unknown APN',
  28: 'Unknown PDN type',
  50: 'PDN type IPv4 only allowed',
  51: 'PDN type IPv6 only allowed',
  52: 'Single address bearers only allowed',
  54: 'PDN connection does not exist',
  57: 'PDN type IPv4v6 only allowed',
};

type Format = 'tv' | 'tlv' | 'tlv-e';
interface OptionalIe {
  name?: NasIe['ie'];
  format: Format;
  /** TV value length. */
  length?: number;
}

/** Optional IEIs by protocol (TS 24.301 §8.3.x tables; TS 24.501 §8.3.1-§8.3.3 tables). */
const ESM_IEIS: Readonly<Record<number, OptionalIe>> = {
  0x27: { name: 'pco', format: 'tlv' },
  0x28: { name: 'apn', format: 'tlv' },
  0x58: { name: 'esm-cause', format: 'tv', length: 1 },
  0x32: { format: 'tv', length: 1 },
  0x7b: { format: 'tlv-e' },
};
const SM5G_IEIS: Readonly<Record<number, OptionalIe>> = {
  0x59: { name: '5gsm-cause', format: 'tv', length: 1 },
  0x29: { name: 'pdu-address', format: 'tlv' },
  0x25: { name: 'apn', format: 'tlv' },
  0x56: { format: 'tv', length: 1 },
  0x55: { format: 'tv', length: 2 },
};

/** TS 24.007 §11.2.4: IEI 0x8-0xF in the high half-octet is type 1; in 5GS, 0x7x is TLV-E. */
function formatOf(iei: number, sm5g: boolean): OptionalIe | 'half' {
  if (iei >= 0x80) return 'half';
  const known = (sm5g ? SM5G_IEIS : ESM_IEIS)[iei];
  if (known) return known;
  return { format: sm5g && (iei & 0xf0) === 0x70 ? 'tlv-e' : 'tlv' };
}

const IEI_BY_NAME_ESM: Partial<Record<NasIe['ie'], number>> = { pco: 0x27, apn: 0x28, 'esm-cause': 0x58 };
const IEI_BY_NAME_5G: Partial<Record<NasIe['ie'], number>> = { '5gsm-cause': 0x59, 'pdu-address': 0x29, apn: 0x25 };

function valueLength(ie: NasIe): number {
  switch (ie.ie) {
    case 'apn':
      return apnLength(ie.apn);
    case 'pco':
      return pcoLength(ie);
    case 'esm-cause':
    case '5gsm-cause':
      return 1;
    case 'pdu-address':
      return pduAddressLength(ie.address);
    case 'half':
      return 0;
    case 'unknown':
      return ie.data.length;
  }
}

function writeValue(w: Writer, ie: NasIe): void {
  switch (ie.ie) {
    case 'apn':
      return writeApn(w, ie.apn);
    case 'pco':
      return writePco(w, ie);
    case 'esm-cause':
    case '5gsm-cause':
      w.u8(ie.cause, 'cause');
      return;
    case 'pdu-address':
      return writePduAddress(w, ie.address);
    case 'unknown':
      w.bytes(ie.data);
      return;
    case 'half':
      return;
  }
}

function writeOptional(w: Writer, ies: readonly NasIe[], sm5g: boolean): void {
  for (const ie of ies) {
    if (ie.ie === 'half') {
      w.u8(((ie.iei & 0x0f) << 4) | (ie.value & 0x0f));
      continue;
    }
    const iei = ie.ie === 'unknown' ? ie.iei : (sm5g ? IEI_BY_NAME_5G : IEI_BY_NAME_ESM)[ie.ie];
    if (iei === undefined) throw new EncodeError(w.protocol, ie.ie, `not an IE of ${sm5g ? '5GSM' : 'ESM'} messages`);
    const f = formatOf(iei, sm5g);
    if (f === 'half') throw new EncodeError(w.protocol, ie.ie, `IEI 0x${iei.toString(16)} is a type-1 IE`);
    w.u8(iei);
    const len = valueLength(ie);
    if (f.format === 'tv') {
      if (len !== f.length)
        throw new EncodeError(w.protocol, ie.ie, `TV value of ${len} octet(s), must be ${f.length}`);
    } else if (f.format === 'tlv') w.u8(len, `${ie.ie} length`);
    else w.u16(len, `${ie.ie} length`);
    writeValue(w, ie);
  }
}

function readOptional(r: Reader, sm5g: boolean): NasIe[] {
  const ies: NasIe[] = [];
  while (r.remaining > 0) {
    r.element = 'optional IE';
    const iei = r.u8();
    const f = formatOf(iei, sm5g);
    if (f === 'half') {
      ies.push({ ie: 'half', iei: iei >> 4, value: iei & 0x0f });
      continue;
    }
    const len = f.format === 'tv' ? f.length! : f.format === 'tlv' ? r.u8() : r.u16();
    r.element = f.name ?? `IEI 0x${iei.toString(16)}`;
    const saved = r.window(len);
    switch (f.name) {
      case 'apn':
        ies.push({ ie: 'apn', apn: readApn(r) });
        break;
      case 'pco':
        ies.push({ ie: 'pco', ...readPco(r) });
        break;
      case 'esm-cause':
      case '5gsm-cause':
        ies.push({ ie: f.name, cause: r.u8() });
        break;
      case 'pdu-address':
        ies.push({ ie: 'pdu-address', address: readPduAddress(r) });
        break;
      default:
        ies.push({ ie: 'unknown', iei, data: r.rest() });
    }
    if (r.remaining > 0) r.fail(`${r.remaining} octet(s) left in the IE`);
    r.end = saved;
  }
  return ies;
}

const scratch = Buffer.allocUnsafe(65536 * 4);

export function encode(m: NasMessage): Buffer {
  const w = new Writer(scratch, 0, 'nas');
  try {
    writeMessage(w, m);
  } catch (e) {
    if (e instanceof RangeError) throw new EncodeError('nas', m.type, 'message too long');
    throw e;
  }
  return Buffer.from(scratch.subarray(0, w.offset));
}

export function encodingLength(m: NasMessage): number {
  return encode(m).length;
}

function writeMessage(w: Writer, m: NasMessage): void {
  if (m.type in SM5G_MESSAGE_TYPES) {
    const s = m as Extract<NasMessage, Sm5g>;
    w.u8(0x2e)
      .u8(s.pduSessionId, 'PDU session ID')
      .u8(s.pti, 'PTI')
      .u8(SM5G_MESSAGE_TYPES[s.type as keyof typeof SM5G_MESSAGE_TYPES]);
    switch (s.type) {
      case 'pdu-session-establishment-request':
        w.u16(s.integrityProtectionMaximumDataRate, 'integrity protection maximum data rate');
        break;
      case 'pdu-session-establishment-accept':
        w.u8(((s.selectedSscMode & 0x0f) << 4) | (s.selectedPduSessionType & 0x0f));
        w.u16(s.authorizedQosRules.length, 'authorized QoS rules length').bytes(s.authorizedQosRules);
        w.u8(s.sessionAmbr.length, 'session AMBR length').bytes(s.sessionAmbr);
        break;
      case 'pdu-session-establishment-reject':
        w.u8(s.cause, '5GSM cause');
        break;
    }
    writeOptional(w, s.ies, true);
    return;
  }
  const e = m as Extract<NasMessage, Esm>;
  w.u8(((e.epsBearerIdentity & 0x0f) << 4) | 0x02)
    .u8(e.pti, 'PTI')
    .u8(ESM_MESSAGE_TYPES[e.type as keyof typeof ESM_MESSAGE_TYPES]);
  switch (e.type) {
    case 'pdn-connectivity-request':
      // Request type (bits 4-1) and PDN type (bits 8-5) share one octet (§8.3.20).
      w.u8(((e.pdnType & 0x0f) << 4) | (e.requestType & 0x0f));
      break;
    case 'pdn-connectivity-reject':
    case 'esm-status':
      w.u8(e.esmCause, 'ESM cause');
      break;
    case 'activate-default-eps-bearer-context-request': {
      w.u8(e.epsQos.length, 'EPS QoS length').bytes(e.epsQos);
      w.u8(apnLength(e.apn), 'APN length');
      writeApn(w, e.apn);
      w.u8(pduAddressLength(e.pdnAddress), 'PDN address length');
      writePduAddress(w, e.pdnAddress);
      break;
    }
    case 'activate-default-eps-bearer-context-accept':
      break;
  }
  writeOptional(w, e.ies, false);
}

const ESM_BY_NUMBER = new Map<number, keyof typeof ESM_MESSAGE_TYPES>(
  Object.entries(ESM_MESSAGE_TYPES).map(([k, v]) => [v, k as keyof typeof ESM_MESSAGE_TYPES]),
);
const SM5G_BY_NUMBER = new Map<number, keyof typeof SM5G_MESSAGE_TYPES>(
  Object.entries(SM5G_MESSAGE_TYPES).map(([k, v]) => [v, k as keyof typeof SM5G_MESSAGE_TYPES]),
);

export function decode(buf: Buffer): NasMessage {
  const r = Reader.of(buf, 'nas').at('header');
  const first = r.u8();
  if (first === 0x2e) {
    const pduSessionId = r.u8();
    const pti = r.u8();
    const mt = r.u8();
    const type = SM5G_BY_NUMBER.get(mt);
    if (!type) return r.fail(`5GSM message type 0x${mt.toString(16)} is not supported`, 3);
    r.element = type;
    switch (type) {
      case 'pdu-session-establishment-request': {
        const integrityProtectionMaximumDataRate = r.u16();
        return { type, pduSessionId, pti, integrityProtectionMaximumDataRate, ies: readOptional(r, true) };
      }
      case 'pdu-session-establishment-accept': {
        const o = r.u8();
        const authorizedQosRules = r.bytes(r.u16());
        const sessionAmbr = r.bytes(r.u8());
        return {
          type,
          pduSessionId,
          pti,
          selectedPduSessionType: o & 0x0f,
          selectedSscMode: o >> 4,
          authorizedQosRules,
          sessionAmbr,
          ies: readOptional(r, true),
        };
      }
      default:
        return {
          type: 'pdu-session-establishment-reject',
          pduSessionId,
          pti,
          cause: r.u8(),
          ies: readOptional(r, true),
        };
    }
  }
  if ((first & 0x0f) !== 0x02)
    throw new DecodeError(
      'nas',
      'header',
      0,
      `protocol discriminator ${first & 0x0f} is not ESM (2) and octet 1 is not 5GSM (0x2E)`,
    );
  const epsBearerIdentity = first >> 4;
  const pti = r.u8();
  const mt = r.u8();
  const type = ESM_BY_NUMBER.get(mt);
  if (!type) return r.fail(`ESM message type 0x${mt.toString(16)} is not supported`, 2);
  r.element = type;
  switch (type) {
    case 'pdn-connectivity-request': {
      const o = r.u8();
      return { type, epsBearerIdentity, pti, requestType: o & 0x0f, pdnType: o >> 4, ies: readOptional(r, false) };
    }
    case 'pdn-connectivity-reject':
    case 'esm-status':
      return { type, epsBearerIdentity, pti, esmCause: r.u8(), ies: readOptional(r, false) };
    case 'activate-default-eps-bearer-context-request': {
      const epsQos = r.bytes(r.u8());
      const apnLen = r.u8();
      let saved = r.window(apnLen);
      const apn = readApn(r);
      r.end = saved;
      const addrLen = r.u8();
      saved = r.window(addrLen);
      const pdnAddress = readPduAddress(r);
      if (r.remaining > 0) r.fail('octets left in the PDN address');
      r.end = saved;
      return { type, epsBearerIdentity, pti, epsQos, apn, pdnAddress, ies: readOptional(r, false) };
    }
    default:
      return {
        type: 'activate-default-eps-bearer-context-accept',
        epsBearerIdentity,
        pti,
        ies: readOptional(r, false),
      };
  }
}
