import type { Pco } from '../../common/ies/pco.ts';
import type { GprsTimer } from '../../common/ies/gprs-timer.ts';
import type { Tft } from '../../common/ies/tft.ts';
import type { IeOf } from '../../common/message-def.ts';
import type { EpsQos } from './eps-qos.ts';

/**
 * The optional IEs of ESM messages (TS 24.301 §8.3), by the name the message tables give them,
 * with their value types. An IE used in several messages keeps one name (`pco`, `esm-cause`);
 * two roles of one IE type get two names (`t3396-value`, `back-off-timer`, both GPRS timer 3).
 */
export interface EsmIeValues {
  /** §9.9.4.17 Transaction identifier (TS 24.008 §10.5.6.7). */
  'transaction-identifier': Buffer;
  /** §9.9.4.12 Quality of service (TS 24.008 §10.5.6.5), as octets. */
  'negotiated-qos': Buffer;
  'new-qos': Buffer;
  /** §9.9.4.7 LLC SAPI. */
  'negotiated-llc-sapi': number;
  /** §9.9.4.13 Radio priority (type 1). */
  'radio-priority': number;
  /** §9.9.4.8 Packet flow identifier. */
  'packet-flow-identifier': Buffer;
  /** §9.9.4.2 APN aggregate maximum bit rate, as octets (DL, UL, extensions). */
  'apn-ambr': Buffer;
  /** §9.9.4.29 Extended APN-AMBR. */
  'extended-apn-ambr': Buffer;
  /** §9.9.4.30 Extended quality of service. */
  'extended-eps-qos': Buffer;
  /** §9.9.4.3 EPS quality of service (modify: new EPS QoS; bearer resource modification). */
  'new-eps-qos': EpsQos;
  'required-traffic-flow-qos': EpsQos;
  /** §9.9.4.16 Traffic flow template (modify). */
  tft: Tft;
  /** §9.9.4.4 ESM cause. */
  'esm-cause': number;
  /** §9.9.4.11 Protocol configuration options; §9.9.4.26 extended PCO. */
  pco: Pco;
  epco: Pco;
  /** §9.9.4.2A Connectivity type, §9.9.4.18 WLAN offload acceptability, §9.9.4.23 Control plane only (type 1). */
  'connectivity-type': number;
  'wlan-offload-indication': number;
  'control-plane-only-indication': number;
  /** §9.9.4.19 NBIFOM container, §9.9.4.22 Header compression configuration, §9.9.4.28 Serving PLMN rate control. */
  'nbifom-container': Buffer;
  'header-compression-configuration': Buffer;
  'serving-plmn-rate-control': Buffer;
  /** §9.9.3.16B GPRS timer 3. */
  't3396-value': GprsTimer;
  'back-off-timer': GprsTimer;
  /** §9.9.4.13A Re-attempt indicator. */
  're-attempt-indicator': Buffer;
  /** §9.9.4.5 ESM information transfer flag, §9.9.2.0A Device properties (type 1). */
  'esm-information-transfer-flag': number;
  'device-properties': number;
  /** §9.9.4.1 Access point name. */
  apn: string;
  /** §9.9.4.25 Release assistance indication (type 1). */
  'release-assistance-indication': number;
}

export type EsmIe = IeOf<EsmIeValues>;

export { epsQos, epsQosRateKbps, type EpsQos } from './eps-qos.ts';
export { pdnAddress, type PdnAddress } from './pdn-address.ts';
