import { fixed, half, lv, lve, type IeFormat } from '../common/ie-format.ts';
import { apn } from '../common/ies/apn.ts';
import { gprsTimer } from '../common/ies/gprs-timer.ts';
import { octets, uint8 } from '../common/ies/octets.ts';
import { pco } from '../common/ies/pco.ts';
import { tft } from '../common/ies/tft.ts';
import { mandatory, message, optionalIes, spareHalf } from '../common/message-def.ts';
import type { EsmIeValues } from './ies/index.ts';
import { epsQos } from './ies/eps-qos.ts';
import { pdnAddress } from './ies/pdn-address.ts';

/**
 * ESM messages (TS 24.301 §8.3), one definition per message as the clause's table lists it:
 * mandatory IEs in order (no IEI), then optional IEs by IEI (type 1 IEIs as 0xN0 for "N-").
 */
const o = optionalIes<EsmIeValues>();
const cause = fixed(1, uint8('ESM cause'));
const raw = (name: string): IeFormat<Buffer> => lv(octets(name));

const PCO = o(0x27, 'pco', lv(pco));
const EPCO = o(0x7b, 'epco', lve(pco));
const NBIFOM = o(0x33, 'nbifom-container', raw('NBIFOM container'));
const WLAN_OFFLOAD = o(0xc0, 'wlan-offload-indication', half);
const HEADER_COMPRESSION = o(0x66, 'header-compression-configuration', raw('Header compression configuration'));
const EXT_EPS_QOS = o(0x5c, 'extended-eps-qos', raw('Extended quality of service'));
const DEVICE_PROPERTIES = o(0xc0, 'device-properties', half);
const BACK_OFF = o(0x37, 'back-off-timer', lv(gprsTimer('GPRS timer 3')));
const RE_ATTEMPT = o(0x6b, 're-attempt-indicator', raw('Re-attempt indicator'));
/** §8.3.6 / §8.3.3: the GPRS (TS 24.008) parameters of a bearer for inter-system change. */
const GPRS_BEARER = [
  o(0x5d, 'transaction-identifier', raw('Transaction identifier')),
  o(0x30, 'negotiated-qos', raw('Quality of service')),
  o(0x32, 'negotiated-llc-sapi', fixed(1, uint8('LLC service access point identifier'))),
  o(0x80, 'radio-priority', half),
  o(0x34, 'packet-flow-identifier', raw('Packet flow identifier')),
];
const mandatoryCause = [mandatory('esmCause', cause)] as const;
const linkedEbi = [mandatory('linkedEpsBearerIdentity', half), spareHalf('spareHalfOctet')] as const;

export const ESM_MESSAGES = [
  // §8.3.6 Activate default EPS bearer context request
  message(
    0xc1,
    'activate-default-eps-bearer-context-request',
    [mandatory('epsQos', lv(epsQos)), mandatory('apn', lv(apn)), mandatory('pdnAddress', lv(pdnAddress))],
    [
      ...GPRS_BEARER,
      o(0x5e, 'apn-ambr', raw('APN aggregate maximum bit rate')),
      o(0x58, 'esm-cause', cause),
      PCO,
      o(0xb0, 'connectivity-type', half),
      WLAN_OFFLOAD,
      NBIFOM,
      HEADER_COMPRESSION,
      o(0x90, 'control-plane-only-indication', half),
      EPCO,
      o(0x6e, 'serving-plmn-rate-control', raw('Serving PLMN rate control')),
      o(0x5f, 'extended-apn-ambr', raw('Extended APN aggregate maximum bit rate')),
    ],
  ),
  // §8.3.4 / §8.3.5 Activate default EPS bearer context accept / reject
  message(0xc2, 'activate-default-eps-bearer-context-accept', [], [PCO, EPCO]),
  message(0xc3, 'activate-default-eps-bearer-context-reject', mandatoryCause, [PCO, EPCO]),
  // §8.3.3 Activate dedicated EPS bearer context request
  message(
    0xc5,
    'activate-dedicated-eps-bearer-context-request',
    [...linkedEbi, mandatory('epsQos', lv(epsQos)), mandatory('tft', lv(tft))],
    [...GPRS_BEARER, PCO, WLAN_OFFLOAD, NBIFOM, EPCO, EXT_EPS_QOS],
  ),
  // §8.3.1 / §8.3.2 Activate dedicated EPS bearer context accept / reject
  message(0xc6, 'activate-dedicated-eps-bearer-context-accept', [], [PCO, NBIFOM, EPCO]),
  message(0xc7, 'activate-dedicated-eps-bearer-context-reject', mandatoryCause, [PCO, NBIFOM, EPCO]),
  // §8.3.18 Modify EPS bearer context request
  message(
    0xc9,
    'modify-eps-bearer-context-request',
    [],
    [
      o(0x5b, 'new-eps-qos', lv(epsQos)),
      o(0x36, 'tft', lv(tft)),
      o(0x30, 'new-qos', raw('Quality of service')),
      ...GPRS_BEARER.slice(2),
      o(0x5e, 'apn-ambr', raw('APN aggregate maximum bit rate')),
      PCO,
      WLAN_OFFLOAD,
      NBIFOM,
      HEADER_COMPRESSION,
      EPCO,
      o(0x5f, 'extended-apn-ambr', raw('Extended APN aggregate maximum bit rate')),
      EXT_EPS_QOS,
    ],
  ),
  // §8.3.16 / §8.3.17 Modify EPS bearer context accept / reject
  message(0xca, 'modify-eps-bearer-context-accept', [], [PCO, NBIFOM, EPCO]),
  message(0xcb, 'modify-eps-bearer-context-reject', mandatoryCause, [PCO, NBIFOM, EPCO]),
  // §8.3.12 Deactivate EPS bearer context request
  message(0xcd, 'deactivate-eps-bearer-context-request', mandatoryCause, [
    PCO,
    o(0x37, 't3396-value', lv(gprsTimer('GPRS timer 3'))),
    WLAN_OFFLOAD,
    NBIFOM,
    EPCO,
  ]),
  // §8.3.11 Deactivate EPS bearer context accept
  message(0xce, 'deactivate-eps-bearer-context-accept', [], [PCO, EPCO]),
  // §8.3.20 PDN connectivity request: request type in bits 4-1, PDN type in bits 8-5
  message(
    0xd0,
    'pdn-connectivity-request',
    [mandatory('requestType', half), mandatory('pdnType', half)],
    [
      o(0xd0, 'esm-information-transfer-flag', half),
      o(0x28, 'apn', lv(apn)),
      PCO,
      DEVICE_PROPERTIES,
      NBIFOM,
      HEADER_COMPRESSION,
      EPCO,
    ],
  ),
  // §8.3.19 PDN connectivity reject
  message(0xd1, 'pdn-connectivity-reject', mandatoryCause, [PCO, BACK_OFF, RE_ATTEMPT, NBIFOM, EPCO]),
  // §8.3.22 / §8.3.21 PDN disconnect request / reject
  message(0xd2, 'pdn-disconnect-request', linkedEbi, [PCO, EPCO]),
  message(0xd3, 'pdn-disconnect-reject', mandatoryCause, [PCO, EPCO]),
  // §8.3.8 Bearer resource allocation request
  message(
    0xd4,
    'bearer-resource-allocation-request',
    [...linkedEbi, mandatory('trafficFlowAggregate', lv(tft)), mandatory('requiredTrafficFlowQos', lv(epsQos))],
    [PCO, DEVICE_PROPERTIES, NBIFOM, EPCO, EXT_EPS_QOS],
  ),
  // §8.3.7 Bearer resource allocation reject
  message(0xd5, 'bearer-resource-allocation-reject', mandatoryCause, [PCO, BACK_OFF, RE_ATTEMPT, NBIFOM, EPCO]),
  // §8.3.10 Bearer resource modification request
  message(
    0xd6,
    'bearer-resource-modification-request',
    [
      mandatory('epsBearerIdentityForPacketFilter', half),
      spareHalf('spareHalfOctet'),
      mandatory('trafficFlowAggregate', lv(tft)),
    ],
    [
      o(0x5b, 'required-traffic-flow-qos', lv(epsQos)),
      o(0x58, 'esm-cause', cause),
      PCO,
      DEVICE_PROPERTIES,
      NBIFOM,
      HEADER_COMPRESSION,
      EPCO,
      EXT_EPS_QOS,
    ],
  ),
  // §8.3.9 Bearer resource modification reject
  message(0xd7, 'bearer-resource-modification-reject', mandatoryCause, [PCO, BACK_OFF, RE_ATTEMPT, NBIFOM, EPCO]),
  // §8.3.13 / §8.3.14 ESM information request / response
  message(0xd9, 'esm-information-request', []),
  message(0xda, 'esm-information-response', [], [o(0x28, 'apn', lv(apn)), PCO, EPCO]),
  // §8.3.18A Notification
  message(0xdb, 'notification', [mandatory('notificationIndicator', lv(octets('Notification indicator')))]),
  // §8.3.25 ESM data transport
  message(
    0xeb,
    'esm-data-transport',
    [mandatory('userDataContainer', lve(octets('User data container')))],
    [o(0xf0, 'release-assistance-indication', half)],
  ),
  // §8.3.15 ESM status
  message(0xe8, 'esm-status', mandatoryCause),
] as const;
