import type { IeCodec } from './ie-codec.ts';

/**
 * §7.7.48 Common Flags, one octet: bit 8 Dual Address Bearer Flag, 7 Upgrade QoS Supported,
 * 6 NRSN, 5 No QoS negotiation, 4 MBMS Counting Information, 3 RAN Procedures Ready, 2 MBMS
 * Service Type, 1 Prohibit Payload Compression. Kept as the octet; `commonFlag()` reads one.
 */
export interface CommonFlagsIe {
  ie: 'common-flags';
  flags: number;
}

export const COMMON_FLAGS = {
  dualAddressBearer: 0x80,
  upgradeQosSupported: 0x40,
  nrsn: 0x20,
  noQosNegotiation: 0x10,
  mbmsCountingInformation: 0x08,
  ranProceduresReady: 0x04,
  mbmsServiceType: 0x02,
  prohibitPayloadCompression: 0x01,
} as const;

export type CommonFlag = keyof typeof COMMON_FLAGS;

export const commonFlagsCodec: IeCodec<CommonFlagsIe> = {
  type: 148,
  name: 'common-flags',
  encode: (v, w) => void w.u8(v.flags, 'Common Flags'),
  decode: (r) => ({ ie: 'common-flags', flags: r.at('Common Flags').u8() }),
  encodingLength: () => 1,
};

export function commonFlag(ie: CommonFlagsIe | undefined, flag: CommonFlag): boolean {
  return ie !== undefined && (ie.flags & COMMON_FLAGS[flag]) !== 0;
}

/** A Common Flags IE with the named flags set. */
export function commonFlags(set: Partial<Record<CommonFlag, boolean>>): CommonFlagsIe {
  let flags = 0;
  for (const [name, on] of Object.entries(set) as [CommonFlag, boolean][]) if (on) flags |= COMMON_FLAGS[name];
  return { ie: 'common-flags', flags };
}

/** §7.7.49 APN Restriction: the maximum APN restriction value (TS 23.060 §15.4). */
export interface ApnRestrictionIe {
  ie: 'apn-restriction';
  restriction: number;
}

export const apnRestriction: IeCodec<ApnRestrictionIe> = {
  type: 149,
  name: 'apn-restriction',
  encode: (v, w) => void w.u8(v.restriction, 'APN Restriction'),
  decode: (r) => ({ ie: 'apn-restriction', restriction: r.at('APN Restriction').u8() }),
  encodingLength: () => 1,
};

/**
 * §7.7.40 Extension Header Type List: the extension header types a node supports (in a Supported
 * Extension Headers Notification, §7.2.3). Its length field is one octet.
 */
export interface ExtensionHeaderTypeListIe {
  ie: 'extension-header-type-list';
  types: number[];
}

export const extensionHeaderTypeList: IeCodec<ExtensionHeaderTypeListIe> = {
  type: 141,
  name: 'extension-header-type-list',
  lengthOctets: 1,
  encode(v, w) {
    for (const t of v.types) w.u8(t, 'extension header type');
  },
  decode: (r) => ({ ie: 'extension-header-type-list', types: [...r.at('Extension Header Type List').rest()] }),
  encodingLength: (v) => v.types.length,
};
