import { fixed, half, lv, lve, type IeFormat } from '../common/ie-format.ts';
import { dnn } from '../common/ies/apn.ts';
import { gprsTimer } from '../common/ies/gprs-timer.ts';
import { octets, uint8 } from '../common/ies/octets.ts';
import { mandatory, message, optionalIes, spareHalf } from '../common/message-def.ts';
import { mobileIdentity5gs } from './ies/mobile-identity.ts';
import { nssai } from './ies/nssai.ts';
import { sNssai } from './ies/s-nssai.ts';
import { ueSecurityCapability } from './ies/security-capability.ts';
import type { Mm5gIeValues } from './mm-ies.ts';

/**
 * 5GMM messages (TS 24.501 §8.2), one definition per message as the clause's table lists it:
 * mandatory IEs in order (no IEI; two half octets share an octet, the first in bits 4-1), then
 * optional IEs by IEI (type 1 IEIs as 0xN0). The registration, authentication, security mode,
 * deregistration, service and NAS transport procedures' messages, and 5GMM status.
 */
const o = optionalIes<Mm5gIeValues>();
const raw = (name: string): IeFormat<Buffer> => lv(octets(name));
const rawE = (name: string): IeFormat<Buffer> => lve(octets(name));
const cause = fixed(1, uint8('5GMM cause'));
const identity = lve(mobileIdentity5gs);
const timer3 = (name: string) => lv(gprsTimer(name));

const EAP = o(0x78, 'eap-message', rawE('EAP message'));
const PDU_SESSION_STATUS = o(0x50, 'pdu-session-status', raw('PDU session status'));
const UPLINK_DATA_STATUS = o(0x40, 'uplink-data-status', raw('Uplink data status'));
const ALLOWED_PDU_SESSION_STATUS = o(0x25, 'allowed-pdu-session-status', raw('Allowed PDU session status'));
const NAS_CONTAINER = o(0x71, 'nas-message-container', rawE('NAS message container'));
const REACTIVATION = o(0x26, 'pdu-session-reactivation-result', raw('PDU session reactivation result'));
const REACTIVATION_ERROR = o(
  0x72,
  'pdu-session-reactivation-result-error-cause',
  rawE('PDU session reactivation result error cause'),
);
const T3346 = o(0x5f, 't3346-value', timer3('GPRS timer 2'));
const T3502 = o(0x16, 't3502-value', timer3('GPRS timer 2'));
const REJECTED_NSSAI = o(0x11, 'rejected-nssai', raw('Rejected NSSAI'));
const ABBA = o(0x38, 'abba', raw('ABBA'));
const SOR = o(0x73, 'sor-transparent-container', rawE('SOR transparent container'));
const PDU_SESSION_ID = o(0x12, 'pdu-session-id', fixed(1, uint8('PDU session identity 2')));
const ADDITIONAL_INFORMATION = o(0x24, 'additional-information', raw('Additional information'));
const CAUSE_TV = o(0x58, '5gmm-cause', cause);

export const MM5G_MESSAGES = [
  // §8.2.6 Registration request: 5GS registration type (bits 4-1) and ngKSI (bits 8-5), 5GS mobile identity.
  message(
    0x41,
    'registration-request',
    [mandatory('registrationType', half), mandatory('ngKsi', half), mandatory('mobileIdentity', identity)],
    [
      o(0xc0, 'non-current-native-nas-key-set-identifier', half),
      o(0x10, '5gmm-capability', raw('5GMM capability')),
      o(0x2e, 'ue-security-capability', lv(ueSecurityCapability)),
      o(0x2f, 'requested-nssai', lv(nssai)),
      o(0x52, 'last-visited-registered-tai', fixed(6, octets('5GS tracking area identity'))),
      o(0x17, 's1-ue-network-capability', raw('S1 UE network capability')),
      UPLINK_DATA_STATUS,
      PDU_SESSION_STATUS,
      o(0xb0, 'mico-indication', half),
      o(0x2b, 'ue-status', raw('UE status')),
      o(0x77, 'additional-guti', identity),
      ALLOWED_PDU_SESSION_STATUS,
      o(0x18, 'ues-usage-setting', raw("UE's usage setting")),
      o(0x51, 'requested-drx-parameters', raw('5GS DRX parameters')),
      o(0x70, 'eps-nas-message-container', rawE('EPS NAS message container')),
      o(0x74, 'ladn-indication', rawE('LADN indication')),
      o(0x80, 'payload-container-type', half),
      o(0x7b, 'payload-container', rawE('Payload container')),
      o(0x90, 'network-slicing-indication', half),
      o(0x53, '5gs-update-type', raw('5GS update type')),
      NAS_CONTAINER,
      o(0x60, 'eps-bearer-context-status', fixed(2, octets('EPS bearer context status'))),
    ],
  ),
  // §8.2.7 Registration accept
  message(
    0x42,
    'registration-accept',
    [mandatory('registrationResult', raw('5GS registration result'))],
    [
      o(0x77, '5g-guti', identity),
      o(0x4a, 'equivalent-plmns', raw('PLMN list')),
      o(0x54, 'tai-list', raw('5GS tracking area identity list')),
      o(0x15, 'allowed-nssai', lv(nssai)),
      REJECTED_NSSAI,
      o(0x31, 'configured-nssai', lv(nssai)),
      o(0x21, '5gs-network-feature-support', raw('5GS network feature support')),
      PDU_SESSION_STATUS,
      REACTIVATION,
      REACTIVATION_ERROR,
      o(0x79, 'ladn-information', rawE('LADN information')),
      o(0xb0, 'mico-indication', half),
      o(0x90, 'network-slicing-indication', half),
      o(0x27, 'service-area-list', raw('Service area list')),
      o(0x5e, 't3512-value', timer3('GPRS timer 3')),
      o(0x5d, 'non-3gpp-de-registration-timer-value', timer3('GPRS timer 2')),
      T3502,
      o(0x34, 'emergency-number-list', raw('Emergency number list')),
      o(0x7a, 'extended-emergency-number-list', rawE('Extended emergency number list')),
      SOR,
      EAP,
      o(0xa0, 'nssai-inclusion-mode', half),
      o(0x76, 'operator-defined-access-category-definitions', rawE('Operator-defined access category definitions')),
      o(0x51, 'negotiated-drx-parameters', raw('5GS DRX parameters')),
      o(0xd0, 'non-3gpp-nw-provided-policies', half),
      o(0x60, 'eps-bearer-context-status', fixed(2, octets('EPS bearer context status'))),
      o(0x39, 'pending-nssai', lv(nssai)),
      o(0x75, 'cag-information-list', rawE('CAG information list')),
      o(0x67, 'ue-radio-capability-id', raw('UE radio capability ID')),
      o(0xe0, 'ue-radio-capability-id-deletion-indication', half),
    ],
  ),
  // §8.2.8 Registration complete
  message(0x43, 'registration-complete', [], [SOR]),
  // §8.2.9 Registration reject
  message(
    0x44,
    'registration-reject',
    [mandatory('cause', cause)],
    [T3346, T3502, EAP, REJECTED_NSSAI, o(0x75, 'cag-information-list', rawE('CAG information list'))],
  ),
  // §8.2.12 Deregistration request (UE originating): de-registration type (bits 4-1), ngKSI (bits 8-5).
  message(
    0x45,
    'deregistration-request-ue-originating',
    [mandatory('deregistrationType', half), mandatory('ngKsi', half), mandatory('mobileIdentity', identity)],
    [],
  ),
  // §8.2.13 Deregistration accept (UE originating)
  message(0x46, 'deregistration-accept-ue-originating', [], []),
  // §8.2.14 Deregistration request (UE terminated)
  message(
    0x47,
    'deregistration-request-ue-terminated',
    [mandatory('deregistrationType', half), spareHalf('spareHalfOctet')],
    [CAUSE_TV, T3346, REJECTED_NSSAI],
  ),
  // §8.2.15 Deregistration accept (UE terminated)
  message(0x48, 'deregistration-accept-ue-terminated', [], []),
  // §8.2.16 Service request: ngKSI (bits 4-1), service type (bits 8-5), 5G-S-TMSI.
  message(
    0x4c,
    'service-request',
    [mandatory('ngKsi', half), mandatory('serviceType', half), mandatory('fiveGSTmsi', identity)],
    [UPLINK_DATA_STATUS, PDU_SESSION_STATUS, ALLOWED_PDU_SESSION_STATUS, NAS_CONTAINER],
  ),
  // §8.2.17 Service accept
  message(
    0x4e,
    'service-accept',
    [],
    [PDU_SESSION_STATUS, REACTIVATION, REACTIVATION_ERROR, EAP, o(0x6b, 't3448-value', timer3('GPRS timer 2'))],
  ),
  // §8.2.18 Service reject
  message(0x4d, 'service-reject', [mandatory('cause', cause)], [PDU_SESSION_STATUS, T3346, EAP]),
  // §8.2.1 Authentication request: ngKSI (bits 4-1), spare (bits 8-5), ABBA.
  message(
    0x56,
    'authentication-request',
    [mandatory('ngKsi', half), spareHalf('spareHalfOctet'), mandatory('abba', raw('ABBA'))],
    [
      o(0x21, 'rand', fixed(16, octets('Authentication parameter RAND'))),
      o(0x20, 'autn', raw('Authentication parameter AUTN')),
      EAP,
    ],
  ),
  // §8.2.2 Authentication response
  message(
    0x57,
    'authentication-response',
    [],
    [o(0x2d, 'authentication-response-parameter', raw('Authentication response parameter')), EAP],
  ),
  // §8.2.3 Authentication reject
  message(0x58, 'authentication-reject', [], [EAP]),
  // §8.2.4 Authentication failure
  message(
    0x59,
    'authentication-failure',
    [mandatory('cause', cause)],
    [o(0x30, 'authentication-failure-parameter', raw('Authentication failure parameter'))],
  ),
  // §8.2.5 Authentication result
  message(
    0x5a,
    'authentication-result',
    [mandatory('ngKsi', half), spareHalf('spareHalfOctet'), mandatory('eapMessage', rawE('EAP message'))],
    [ABBA],
  ),
  // §8.2.25 Security mode command: selected NAS security algorithms, ngKSI, replayed UE security capabilities.
  message(
    0x5d,
    'security-mode-command',
    [
      mandatory('selectedNasSecurityAlgorithms', fixed(1, uint8('NAS security algorithms'))),
      mandatory('ngKsi', half),
      spareHalf('spareHalfOctet'),
      mandatory('replayedUeSecurityCapabilities', lv(ueSecurityCapability)),
    ],
    [
      o(0xe0, 'imeisv-request', half),
      o(0x57, 'selected-eps-nas-security-algorithms', fixed(1, uint8('EPS NAS security algorithms'))),
      o(0x36, 'additional-5g-security-information', raw('Additional 5G security information')),
      EAP,
      ABBA,
      o(0x19, 'replayed-s1-ue-security-capabilities', raw('S1 UE security capability')),
    ],
  ),
  // §8.2.26 Security mode complete
  message(
    0x5e,
    'security-mode-complete',
    [],
    [o(0x77, 'imeisv', identity), NAS_CONTAINER, o(0x78, 'non-imeisv-pei', identity)],
  ),
  // §8.2.27 Security mode reject
  message(0x5f, 'security-mode-reject', [mandatory('cause', cause)], []),
  // §8.2.29 5GMM status
  message(0x64, '5gmm-status', [mandatory('cause', cause)], []),
  // §8.2.10 UL NAS transport: payload container type (bits 4-1), spare, payload container.
  message(
    0x67,
    'ul-nas-transport',
    [
      mandatory('payloadContainerType', half),
      spareHalf('spareHalfOctet'),
      mandatory('payloadContainer', rawE('Payload container')),
    ],
    [
      PDU_SESSION_ID,
      o(0x59, 'old-pdu-session-id', fixed(1, uint8('PDU session identity 2'))),
      o(0x80, 'request-type', half),
      o(0x22, 's-nssai', lv(sNssai)),
      o(0x25, 'dnn', lv(dnn)),
      ADDITIONAL_INFORMATION,
      o(0xa0, 'ma-pdu-session-information', half),
      o(0xf0, 'release-assistance-indication', half),
    ],
  ),
  // §8.2.11 DL NAS transport
  message(
    0x68,
    'dl-nas-transport',
    [
      mandatory('payloadContainerType', half),
      spareHalf('spareHalfOctet'),
      mandatory('payloadContainer', rawE('Payload container')),
    ],
    [PDU_SESSION_ID, ADDITIONAL_INFORMATION, CAUSE_TV, o(0x37, 'back-off-timer-value', timer3('GPRS timer 3'))],
  ),
] as const;

/** Payload container types (§9.11.3.40). */
export const PAYLOAD_CONTAINER_TYPE = {
  'n1-sm': 1,
  sms: 2,
  lpp: 3,
  sor: 4,
  'ue-policy': 5,
  'ue-parameters-update': 6,
  multiple: 15,
} as const;
/** Request types (§9.11.3.47). */
export const REQUEST_TYPE = {
  'initial-request': 1,
  'existing-pdu-session': 2,
  'initial-emergency-request': 3,
  'existing-emergency-pdu-session': 4,
  'modification-request': 5,
  'ma-pdu-request': 6,
} as const;
/** 5GS registration types (§9.11.3.7, bits 3-1; bit 4 is follow-on request pending). */
export const REGISTRATION_TYPE = { initial: 1, 'mobility-updating': 2, 'periodic-updating': 3, emergency: 4 } as const;
