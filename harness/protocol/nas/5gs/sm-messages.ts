import { fixed, half, lv, lve, type IeFormat } from '../common/ie-format.ts';
import { dnn } from '../common/ies/apn.ts';
import { gprsTimer } from '../common/ies/gprs-timer.ts';
import { octets, uint16, uint8 } from '../common/ies/octets.ts';
import { pco } from '../common/ies/pco.ts';
import { mandatory, message, optionalIes } from '../common/message-def.ts';
import type { Sm5gIeValues } from './ies/index.ts';
import { integrityProtectionMaximumDataRate } from './ies/integrity-protection.ts';
import { pduAddress } from './ies/pdu-address.ts';
import { qosFlowDescriptions } from './ies/qos-flow-descriptions.ts';
import { qosRules } from './ies/qos-rules.ts';
import { sessionAmbr } from './ies/session-ambr.ts';
import { sNssai } from './ies/s-nssai.ts';

/**
 * 5GSM messages (TS 24.501 §8.3), one definition per message as the clause's table lists it:
 * mandatory IEs in order (no IEI), then optional IEs by IEI (type 1 IEIs as 0xN0 for "N-").
 */
const o = optionalIes<Sm5gIeValues>();
const cause = fixed(1, uint8('5GSM cause'));
const raw = (name: string): IeFormat<Buffer> => lv(octets(name));
const rawE = (name: string): IeFormat<Buffer> => lve(octets(name));

const CAUSE = o(0x59, '5gsm-cause', cause);
const EPCO = o(0x7b, 'epco', lve(pco));
const BACK_OFF = o(0x37, 'back-off-timer', lv(gprsTimer('GPRS timer 3')));
const CONGESTION_RE_ATTEMPT = o(
  0x61,
  '5gsm-congestion-re-attempt-indicator',
  raw('5GSM congestion re-attempt indicator'),
);
const RE_ATTEMPT = o(0x1d, 're-attempt-indicator', raw('Re-attempt indicator'));
const EAP = o(0x78, 'eap-message', rawE('EAP message'));
const SLAA = o(0x72, 'service-level-aa-container', rawE('Service-level-AA container'));
const ATSSS = o(0x77, 'atsss-container', rawE('ATSSS container'));
const IP_HEADER_COMPRESSION = o(
  0x66,
  'ip-header-compression-configuration',
  raw('IP header compression configuration'),
);
const ETHERNET_HEADER_COMPRESSION = o(
  0x1f,
  'ethernet-header-compression-configuration',
  raw('Ethernet header compression configuration'),
);
const PORT_MANAGEMENT = o(0x74, 'port-management-information-container', rawE('Port management information container'));
const MAPPED_EPS_BEARERS = o(0x75, 'mapped-eps-bearer-contexts', rawE('Mapped EPS bearer contexts'));
const MAX_PACKET_FILTERS = o(
  0x55,
  'maximum-number-of-supported-packet-filters',
  fixed(2, uint16('Maximum number of supported packet filters')),
);
const ALWAYS_ON_REQUESTED = o(0xb0, 'always-on-pdu-session-requested', half);
const CAPABILITY = o(0x28, '5gsm-capability', raw('5GSM capability'));
const REQUESTED_MBS = o(0x70, 'requested-mbs-container', rawE('Requested MBS container'));
const RECEIVED_MBS = o(0x71, 'received-mbs-container', rawE('Received MBS container'));
const URSP_REPORTS = o(0x36, 'ursp-rule-enforcement-reports', raw('URSP rule enforcement reports'));
const RQ_TIMER = o(0x56, 'rq-timer-value', fixed(1, gprsTimer('GPRS timer')));
const ALWAYS_ON = o(0x80, 'always-on-pdu-session-indication', half);
const AUTHORIZED_FLOWS = o(0x79, 'authorized-qos-flow-descriptions', lve(qosFlowDescriptions));
const N3QAI = o(0x70, 'n3qai', rawE('N3QAI'));
const PROTOCOL_DESCRIPTION = o(0x73, 'protocol-description', rawE('Protocol description'));
const ECN_L4S = o(0x38, 'ecn-marking-for-l4s-indication', raw('ECN marking for L4S indication'));
const ALTERNATIVE_S_NSSAI = o(0x5a, 'alternative-s-nssai', lv(sNssai));

export const SM5G_MESSAGES = [
  // §8.3.1 PDU session establishment request
  message(
    0xc1,
    'pdu-session-establishment-request',
    [mandatory('integrityProtectionMaximumDataRate', fixed(2, integrityProtectionMaximumDataRate))],
    [
      o(0x90, 'pdu-session-type', half),
      o(0xa0, 'ssc-mode', half),
      CAPABILITY,
      MAX_PACKET_FILTERS,
      ALWAYS_ON_REQUESTED,
      o(0x39, 'sm-pdu-dn-request-container', raw('SM PDU DN request container')),
      EPCO,
      IP_HEADER_COMPRESSION,
      o(0x6e, 'ds-tt-ethernet-port-mac-address', raw('DS-TT Ethernet port MAC address')),
      o(0x6f, 'ue-ds-tt-residence-time', raw('UE-DS-TT residence time')),
      PORT_MANAGEMENT,
      ETHERNET_HEADER_COMPRESSION,
      o(0x29, 'suggested-interface-identifier', lv(pduAddress)),
      SLAA,
      REQUESTED_MBS,
      o(0x34, 'pdu-session-pair-id', raw('PDU session pair ID')),
      o(0x35, 'rsn', raw('RSN')),
      URSP_REPORTS,
    ],
  ),
  // §8.3.2 PDU session establishment accept: selected PDU session type in bits 4-1, SSC mode in bits 8-5
  message(
    0xc2,
    'pdu-session-establishment-accept',
    [
      mandatory('selectedPduSessionType', half),
      mandatory('selectedSscMode', half),
      mandatory('authorizedQosRules', lve(qosRules)),
      mandatory('sessionAmbr', lv(sessionAmbr)),
    ],
    [
      CAUSE,
      o(0x29, 'pdu-address', lv(pduAddress)),
      RQ_TIMER,
      o(0x22, 's-nssai', lv(sNssai)),
      ALWAYS_ON,
      MAPPED_EPS_BEARERS,
      EAP,
      AUTHORIZED_FLOWS,
      EPCO,
      o(0x25, 'dnn', lv(dnn)),
      o(0x17, '5gsm-network-feature-support', raw('5GSM network feature support')),
      o(0x18, 'serving-plmn-rate-control', raw('Serving PLMN rate control')),
      ATSSS,
      o(0xc0, 'control-plane-only-indication', half),
      IP_HEADER_COMPRESSION,
      ETHERNET_HEADER_COMPRESSION,
      SLAA,
      RECEIVED_MBS,
      N3QAI,
      PROTOCOL_DESCRIPTION,
      ECN_L4S,
    ],
  ),
  // §8.3.3 PDU session establishment reject
  message(
    0xc3,
    'pdu-session-establishment-reject',
    [mandatory('cause', cause)],
    [BACK_OFF, o(0xf0, 'allowed-ssc-mode', half), EAP, CONGESTION_RE_ATTEMPT, EPCO, RE_ATTEMPT, SLAA, ATSSS],
  ),
  // §8.3.4 - §8.3.6 PDU session authentication command / complete / result
  message(0xc5, 'pdu-session-authentication-command', [mandatory('eapMessage', rawE('EAP message'))], [EPCO]),
  message(0xc6, 'pdu-session-authentication-complete', [mandatory('eapMessage', rawE('EAP message'))], [EPCO]),
  message(0xc7, 'pdu-session-authentication-result', [], [EAP, EPCO]),
  // §8.3.7 PDU session modification request
  message(
    0xc9,
    'pdu-session-modification-request',
    [],
    [
      CAPABILITY,
      CAUSE,
      MAX_PACKET_FILTERS,
      ALWAYS_ON_REQUESTED,
      o(0x13, 'integrity-protection-maximum-data-rate', fixed(2, integrityProtectionMaximumDataRate)),
      o(0x7a, 'requested-qos-rules', lve(qosRules)),
      o(0x79, 'requested-qos-flow-descriptions', lve(qosFlowDescriptions)),
      MAPPED_EPS_BEARERS,
      EPCO,
      PORT_MANAGEMENT,
      IP_HEADER_COMPRESSION,
      ETHERNET_HEADER_COMPRESSION,
      REQUESTED_MBS,
      SLAA,
      o(0x73, 'non-3gpp-delay-budget', rawE('Non-3GPP delay budget')),
      URSP_REPORTS,
      o(0x7c, 'non-3gpp-device-information', rawE('Non-3GPP device information')),
    ],
  ),
  // §8.3.8 PDU session modification reject
  message(
    0xca,
    'pdu-session-modification-reject',
    [mandatory('cause', cause)],
    [BACK_OFF, CONGESTION_RE_ATTEMPT, EPCO, RE_ATTEMPT],
  ),
  // §8.3.9 PDU session modification command
  message(
    0xcb,
    'pdu-session-modification-command',
    [],
    [
      CAUSE,
      o(0x2a, 'session-ambr', lv(sessionAmbr)),
      RQ_TIMER,
      ALWAYS_ON,
      o(0x7a, 'authorized-qos-rules', lve(qosRules)),
      MAPPED_EPS_BEARERS,
      AUTHORIZED_FLOWS,
      EPCO,
      ATSSS,
      IP_HEADER_COMPRESSION,
      PORT_MANAGEMENT,
      o(0x1e, 'serving-plmn-rate-control', raw('Serving PLMN rate control')),
      ETHERNET_HEADER_COMPRESSION,
      RECEIVED_MBS,
      SLAA,
      ALTERNATIVE_S_NSSAI,
      N3QAI,
      PROTOCOL_DESCRIPTION,
      ECN_L4S,
    ],
  ),
  // §8.3.10 / §8.3.11 PDU session modification complete / command reject
  message(0xcc, 'pdu-session-modification-complete', [], [EPCO, PORT_MANAGEMENT]),
  message(0xcd, 'pdu-session-modification-command-reject', [mandatory('cause', cause)], [EPCO]),
  // §8.3.12 - §8.3.15 PDU session release request / reject / command / complete
  message(0xd1, 'pdu-session-release-request', [], [CAUSE, EPCO]),
  message(0xd2, 'pdu-session-release-reject', [mandatory('cause', cause)], [EPCO]),
  message(
    0xd3,
    'pdu-session-release-command',
    [mandatory('cause', cause)],
    [BACK_OFF, EAP, CONGESTION_RE_ATTEMPT, EPCO, o(0xd0, 'access-type', half), SLAA, ALTERNATIVE_S_NSSAI],
  ),
  message(0xd4, 'pdu-session-release-complete', [], [CAUSE, EPCO]),
  // §8.3.16 5GSM status
  message(0xd6, '5gsm-status', [mandatory('cause', cause)]),
] as const;
