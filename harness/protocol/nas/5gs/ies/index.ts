import type { Dnn } from '../../common/ies/apn.ts';
import type { GprsTimer } from '../../common/ies/gprs-timer.ts';
import type { Pco } from '../../common/ies/pco.ts';
import type { IeOf } from '../../common/message-def.ts';
import type { IntegrityProtectionMaximumDataRate } from './integrity-protection.ts';
import type { PduAddress } from './pdu-address.ts';
import type { QosFlowDescription } from './qos-flow-descriptions.ts';
import type { QosRule } from './qos-rules.ts';
import type { SessionAmbr } from './session-ambr.ts';
import type { SNssai } from './s-nssai.ts';

/**
 * The optional IEs of 5GSM messages (TS 24.501 §8.3), by the name the message tables give them
 * (§9.11.4 for 5GSM IEs, §9.11.2 for common ones), with their value types. IEs carried and not
 * interpreted are octets.
 */
export interface Sm5gIeValues {
  /** §9.11.4.11 PDU session type, §9.11.4.16 SSC mode, §9.11.4.5 allowed SSC mode (type 1). */
  'pdu-session-type': number;
  'ssc-mode': number;
  'allowed-ssc-mode': number;
  /** §9.11.4.4 / §9.11.4.3 Always-on PDU session requested / indication (type 1). */
  'always-on-pdu-session-requested': number;
  'always-on-pdu-session-indication': number;
  /** §9.11.4.23 Control plane only indication, §9.11.2.1A Access type (type 1). */
  'control-plane-only-indication': number;
  'access-type': number;
  /** §9.11.4.2 5GSM cause. */
  '5gsm-cause': number;
  /** §9.11.4.10 PDU address (accept) / suggested interface identifier (request). */
  'pdu-address': PduAddress;
  'suggested-interface-identifier': PduAddress;
  /** §9.11.2.3 GPRS timer (RQ timer), §9.11.2.5 GPRS timer 3 (back-off timer). */
  'rq-timer-value': GprsTimer;
  'back-off-timer': GprsTimer;
  /** §9.11.2.8 S-NSSAI. */
  's-nssai': SNssai;
  'alternative-s-nssai': SNssai;
  /** §9.11.2.1B DNN. */
  dnn: Dnn;
  /** §9.11.4.6 Extended protocol configuration options. */
  epco: Pco;
  /** §9.11.4.13 QoS rules, §9.11.4.12 QoS flow descriptions. */
  'authorized-qos-rules': QosRule[];
  'requested-qos-rules': QosRule[];
  'authorized-qos-flow-descriptions': QosFlowDescription[];
  'requested-qos-flow-descriptions': QosFlowDescription[];
  /** §9.11.4.14 Session-AMBR. */
  'session-ambr': SessionAmbr;
  /** §9.11.4.7 Integrity protection maximum data rate. */
  'integrity-protection-maximum-data-rate': IntegrityProtectionMaximumDataRate;
  /** §9.11.4.9 Maximum number of supported packet filters: bits 16-6, bits 5-1 spare (kept). */
  'maximum-number-of-supported-packet-filters': number;
  /** Carried as octets. */
  '5gsm-capability': Buffer;
  'sm-pdu-dn-request-container': Buffer;
  'ip-header-compression-configuration': Buffer;
  'ethernet-header-compression-configuration': Buffer;
  'ds-tt-ethernet-port-mac-address': Buffer;
  'ue-ds-tt-residence-time': Buffer;
  'port-management-information-container': Buffer;
  'service-level-aa-container': Buffer;
  'requested-mbs-container': Buffer;
  'received-mbs-container': Buffer;
  'pdu-session-pair-id': Buffer;
  rsn: Buffer;
  'ursp-rule-enforcement-reports': Buffer;
  'mapped-eps-bearer-contexts': Buffer;
  'eap-message': Buffer;
  '5gsm-network-feature-support': Buffer;
  'serving-plmn-rate-control': Buffer;
  'atsss-container': Buffer;
  n3qai: Buffer;
  'protocol-description': Buffer;
  'ecn-marking-for-l4s-indication': Buffer;
  '5gsm-congestion-re-attempt-indicator': Buffer;
  're-attempt-indicator': Buffer;
  'non-3gpp-delay-budget': Buffer;
  'non-3gpp-device-information': Buffer;
}

export type Sm5gIe = IeOf<Sm5gIeValues>;

export { integrityProtectionMaximumDataRate, type IntegrityProtectionMaximumDataRate } from './integrity-protection.ts';
export { pduAddress, type PduAddress } from './pdu-address.ts';
export {
  qosFlowDescriptions,
  QOS_FLOW_PARAMETER,
  type QosFlowDescription,
  type QosFlowParameter,
} from './qos-flow-descriptions.ts';
export { qosRules, type QosRule, type QosRulePacketFilter } from './qos-rules.ts';
export { ambrKbps, sessionAmbr, type SessionAmbr } from './session-ambr.ts';
export { sNssai, type SNssai } from './s-nssai.ts';
