import {
  checkEnd,
  type Criticality,
  criticality,
  type ExtensionAdditions,
  PerReader,
  PerWriter,
  rawOpenType,
  readConstrained,
  readNormallySmall,
  readOpenType,
  sequence,
  writeConstrained,
  writeNormallySmall,
  writeOpenType,
} from '../asn1/index.ts';
import { type NgapIe, ngapIeContainer } from './ie-table.ts';
import { MESSAGE_BY_CODE, MESSAGE_INFO, type NgapMessageName, type PduType } from './messages.ts';

/**
 * An NGAP message (TS 38.413 §9.4.3-4): its name (which fixes the NGAP-PDU alternative and
 * procedure code), the procedure criticality and its protocol IEs in wire order.
 */
export interface NgapMessage {
  message: NgapMessageName;
  criticality: Criticality;
  ies: NgapIe[];
  /** Extension additions of the message SEQUENCE, kept as received. */
  extensionAdditions?: ExtensionAdditions;
}

/** A procedure this codec does not name (a later release's, or PrivateMessage): its value kept raw. */
export interface UnknownNgapMessage {
  message: 'unknown';
  pdu: PduType;
  procedureCode: number;
  criticality: Criticality;
  value: Buffer;
}

/** An NGAP-PDU alternative added after this release (the CHOICE's extension): index and contents. */
export interface NgapPduExtension {
  message: 'pdu-extension';
  index: number;
  value: Buffer;
}

export type NgapPdu = NgapMessage | UnknownNgapMessage | NgapPduExtension;

const PDU_TYPES: readonly PduType[] = ['initiatingMessage', 'successfulOutcome', 'unsuccessfulOutcome'];

/** Every NGAP message's value: SEQUENCE { protocolIEs ProtocolIE-Container, ... }. */
const messageValue = sequence('NGAP message', { protocolIes: ngapIeContainer });

const shared = new PerWriter('NGAP', 2048);

/**
 * Encodes an NGAP-PDU (aligned PER). `w` may be a caller's writer to reuse; the result is a copy.
 */
export function encodeNgap(pdu: NgapPdu, w: PerWriter = shared): Buffer {
  w.reset();
  if (pdu.message === 'pdu-extension') {
    w.bit(true);
    writeNormallySmall(w, pdu.index, 'NGAP-PDU');
    rawOpenType.encode(w, pdu.value);
    return w.complete();
  }
  let pduType: PduType;
  let code: number;
  if (pdu.message === 'unknown') {
    pduType = pdu.pdu;
    code = pdu.procedureCode;
  } else {
    const info = MESSAGE_INFO.get(pdu.message);
    if (!info) return w.fail('NGAP-PDU', `unknown message ${pdu.message}`);
    pduType = info.pdu;
    code = info.procedureCode;
  }
  w.bit(false);
  writeConstrained(w, PDU_TYPES.indexOf(pduType), 0, 2, 'NGAP-PDU');
  writeConstrained(w, code, 0, 255, 'procedureCode');
  criticality.encode(w, pdu.criticality);
  if (pdu.message === 'unknown') rawOpenType.encode(w, pdu.value);
  else {
    const m = pdu;
    writeOpenType(w, () => messageValue.encode(w, { protocolIes: m.ies, extensionAdditions: m.extensionAdditions }));
  }
  return w.complete();
}

/** Decodes an NGAP-PDU; malformed input is a DecodeError naming the IE and offset. */
export function decodeNgap(buf: Buffer): NgapPdu {
  const r = new PerReader(buf, 'NGAP');
  r.element = 'NGAP-PDU';
  let pdu: NgapPdu;
  if (r.bit()) {
    const index = readNormallySmall(r);
    pdu = { message: 'pdu-extension', index, value: rawOpenType.decode(r) };
  } else {
    const pduType = PDU_TYPES[readConstrained(r, 0, 2)];
    r.element = 'procedureCode';
    const procedureCode = readConstrained(r, 0, 255);
    const crit = criticality.decode(r);
    const name = MESSAGE_BY_CODE.get(`${pduType}:${procedureCode}`);
    if (!name) {
      pdu = { message: 'unknown', pdu: pduType, procedureCode, criticality: crit, value: rawOpenType.decode(r) };
    } else {
      const v = readOpenType(r, name, (inner) => messageValue.decode(inner));
      const m: NgapMessage = { message: name, criticality: crit, ies: v.protocolIes };
      if (v.extensionAdditions) m.extensionAdditions = v.extensionAdditions;
      pdu = m;
    }
  }
  r.element = 'NGAP-PDU';
  checkEnd(r, 0, 'NGAP-PDU');
  return pdu;
}
