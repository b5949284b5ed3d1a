import type { Dnn } from '../common/ies/apn.ts';
import type { GprsTimer } from '../common/ies/gprs-timer.ts';
import type { IeOf } from '../common/message-def.ts';
import type { MobileIdentity5gs } from './ies/mobile-identity.ts';
import type { SNssai } from './ies/s-nssai.ts';
import type { UeSecurityCapability } from './ies/security-capability.ts';

/**
 * The optional IEs of 5GMM messages (TS 24.501 §8.2), by the name the message tables give them
 * (§9.11.3 for 5GMM IEs, §9.11.2 for common ones), with their value types. IEs carried and not
 * interpreted are octets.
 */
export interface Mm5gIeValues {
  /** Type 1 (half octet) IEs. */
  'non-current-native-nas-key-set-identifier': number;
  'mico-indication': number;
  'network-slicing-indication': number;
  'payload-container-type': number;
  'request-type': number;
  'nssai-inclusion-mode': number;
  'imeisv-request': number;
  'ma-pdu-session-information': number;
  'release-assistance-indication': number;
  'non-3gpp-nw-provided-policies': number;
  'ue-radio-capability-id-deletion-indication': number;
  /** §9.11.3.4 5GS mobile identity (5G-GUTI, IMEISV, additional GUTI, non-IMEISV PEI). */
  '5g-guti': MobileIdentity5gs;
  'additional-guti': MobileIdentity5gs;
  imeisv: MobileIdentity5gs;
  'non-imeisv-pei': MobileIdentity5gs;
  /** §9.11.3.54 UE security capability. */
  'ue-security-capability': UeSecurityCapability;
  /** §9.11.3.37 NSSAI. */
  'requested-nssai': SNssai[];
  'allowed-nssai': SNssai[];
  'configured-nssai': SNssai[];
  'pending-nssai': SNssai[];
  /** §9.11.2.8 S-NSSAI, §9.11.2.1B DNN, §9.11.3.41 PDU session identity 2. */
  's-nssai': SNssai;
  dnn: Dnn;
  'pdu-session-id': number;
  'old-pdu-session-id': number;
  /** §9.11.3.2 5GMM cause (TV in deregistration / DL NAS transport). */
  '5gmm-cause': number;
  /** §9.11.3.16 / §9.11.3.15 RAND (TV 17), AUTN; §9.11.3.17 RES*; §9.11.3.14 AUTS. */
  rand: Buffer;
  autn: Buffer;
  'authentication-response-parameter': Buffer;
  'authentication-failure-parameter': Buffer;
  /** §9.11.3.10 ABBA. */
  abba: Buffer;
  /** §9.11.2.5 GPRS timer 3 (T3512, T3346, T3502, back-off), §9.11.2.4 GPRS timer 2. */
  't3512-value': GprsTimer;
  't3502-value': GprsTimer;
  't3346-value': GprsTimer;
  'back-off-timer-value': GprsTimer;
  'non-3gpp-de-registration-timer-value': GprsTimer;
  't3448-value': GprsTimer;
  /** §9.11.3.29 / §9.11.3.57 selected EPS NAS security algorithms (TV 2). */
  'selected-eps-nas-security-algorithms': number;
  /** Carried as octets. */
  '5gmm-capability': Buffer;
  'last-visited-registered-tai': Buffer;
  's1-ue-network-capability': Buffer;
  'uplink-data-status': Buffer;
  'pdu-session-status': Buffer;
  'ue-status': Buffer;
  'allowed-pdu-session-status': Buffer;
  'ues-usage-setting': Buffer;
  'requested-drx-parameters': Buffer;
  'negotiated-drx-parameters': Buffer;
  'eps-nas-message-container': Buffer;
  'ladn-indication': Buffer;
  'ladn-information': Buffer;
  'payload-container': Buffer;
  '5gs-update-type': Buffer;
  'nas-message-container': Buffer;
  'eps-bearer-context-status': Buffer;
  'equivalent-plmns': Buffer;
  'tai-list': Buffer;
  'rejected-nssai': Buffer;
  '5gs-network-feature-support': Buffer;
  'pdu-session-reactivation-result': Buffer;
  'pdu-session-reactivation-result-error-cause': Buffer;
  'service-area-list': Buffer;
  'emergency-number-list': Buffer;
  'extended-emergency-number-list': Buffer;
  'sor-transparent-container': Buffer;
  'eap-message': Buffer;
  'operator-defined-access-category-definitions': Buffer;
  'additional-5g-security-information': Buffer;
  'replayed-s1-ue-security-capabilities': Buffer;
  'additional-information': Buffer;
  'cag-information-list': Buffer;
  'extended-rejected-nssai': Buffer;
  'ue-radio-capability-id': Buffer;
}

export type Mm5gIe = IeOf<Mm5gIeValues>;
