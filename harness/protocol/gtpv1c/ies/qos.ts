import type { IeCodec } from './ie-codec.ts';

/**
 * §7.7.34 Quality of Service Profile: allocation/retention priority, then the QoS octets of
 * TS 24.008 §10.5.6.5 from its octet 3 on, as sent (their length varies by release).
 */
export interface QosProfileIe {
  ie: 'qos-profile';
  allocationRetentionPriority: number;
  data: Buffer;
}

export const qosProfile: IeCodec<QosProfileIe> = {
  type: 135,
  name: 'qos-profile',
  encode: (v, w) => void w.u8(v.allocationRetentionPriority, 'allocation/retention priority').bytes(v.data),
  decode: (r) => ({ ie: 'qos-profile', allocationRetentionPriority: r.at('QoS Profile').u8(), data: r.rest() }),
  encodingLength: (v) => 1 + v.data.length,
};

/** §7.7.98 APN Aggregate Maximum Bit Rate: uplink and downlink in kbps (TS 23.401 §4.7.3). */
export interface ApnAmbrIe {
  ie: 'apn-ambr';
  uplink: number;
  downlink: number;
}

export const apnAmbr: IeCodec<ApnAmbrIe> = {
  type: 198,
  name: 'apn-ambr',
  encode: (v, w) => void w.u32(v.uplink, 'APN-AMBR uplink').u32(v.downlink, 'APN-AMBR downlink'),
  decode: (r) => ({ ie: 'apn-ambr', uplink: r.at('APN-AMBR').u32(), downlink: r.u32() }),
  encodingLength: () => 8,
};
