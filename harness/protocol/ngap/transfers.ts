import {
  decodePer,
  encodePer,
  optional,
  type PerCodec,
  type PerValue,
  PerWriter,
  sequence,
  sequenceOf,
} from '../asn1/index.ts';
import { ieExtensions } from './ies/basic.ts';
import { cause, criticalityDiagnostics } from './ies/cause.ts';
import { qosFlowListWithCause, qosFlowPerTnlInformation, securityResult } from './ies/qos.ts';
import { ngapIeContainer } from './ie-table.ts';

/**
 * The OCTET STRING (CONTAINING ...) transfers between SMF and NG-RAN that the AMF relays
 * unchanged (TS 38.413 §9.3.4): each is a complete APER encoding of its own type.
 */

/** PDU Session Resource Setup Request Transfer (§9.3.4.1): a ProtocolIE-Container (UL tunnel, type, QoS flows). */
export const pduSessionResourceSetupRequestTransfer = sequence('PDUSessionResourceSetupRequestTransfer', {
  protocolIes: ngapIeContainer,
});

/** PDU Session Resource Setup Response Transfer (§9.3.4.2): the DL tunnel and its QoS flows. */
export const pduSessionResourceSetupResponseTransfer = sequence('PDUSessionResourceSetupResponseTransfer', {
  dlQosFlowPerTnlInformation: qosFlowPerTnlInformation,
  additionalDlQosFlowPerTnlInformation: optional(
    sequenceOf(
      'QosFlowPerTNLInformationList',
      sequence('QosFlowPerTNLInformationItem', { qosFlowPerTnlInformation, ieExtensions }),
      1,
      3,
    ),
  ),
  securityResult: optional(securityResult),
  qosFlowFailedToSetupList: optional(qosFlowListWithCause),
  ieExtensions,
});

/** PDU Session Resource Setup Unsuccessful Transfer (§9.3.4.4). */
export const pduSessionResourceSetupUnsuccessfulTransfer = sequence('PDUSessionResourceSetupUnsuccessfulTransfer', {
  cause,
  criticalityDiagnostics: optional(criticalityDiagnostics),
  ieExtensions,
});

/** PDU Session Resource Release Command Transfer (§9.3.4.12). */
export const pduSessionResourceReleaseCommandTransfer = sequence('PDUSessionResourceReleaseCommandTransfer', {
  cause,
  ieExtensions,
});

/** PDU Session Resource Release Response Transfer (§9.3.4.21): extensions only. */
export const pduSessionResourceReleaseResponseTransfer = sequence('PDUSessionResourceReleaseResponseTransfer', {
  ieExtensions,
});

export type PduSessionResourceSetupRequestTransfer = PerValue<typeof pduSessionResourceSetupRequestTransfer>;
export type PduSessionResourceSetupResponseTransfer = PerValue<typeof pduSessionResourceSetupResponseTransfer>;

const writer = new PerWriter('NGAP', 512);

/** The complete encoding of a transfer, for the OCTET STRING of its list item. */
export function encodeTransfer<T>(codec: PerCodec<T>, value: T): Buffer {
  return encodePer(codec, value, 'NGAP', writer);
}

/** Decodes a transfer's octets; malformed contents are a DecodeError. */
export function decodeTransfer<T>(codec: PerCodec<T>, octets: Buffer): T {
  return decodePer(codec, octets, 'NGAP');
}
