/**
 * The one table of AVPs this harness speaks (RFC 6733 §4.5 base AVPs, RFC 5778 Service-Selection,
 * TS 29.272 §7.3 S6a AVPs, TS 29.212/29.214/29.329 AVPs S6a borrows), and the commands and result
 * codes it uses. `mandatory` is the M bit the defining clause demands; `vendorId` sets the V bit.
 */
export type AvpDataType = 'octets' | 'utf8' | 'u32' | 'i32' | 'u64' | 'address' | 'grouped';

export interface AvpDefinition {
  name: string;
  code: number;
  vendorId?: number;
  type: AvpDataType;
  mandatory: boolean;
}

/** 3GPP's IANA enterprise number, the Vendor-Id of every TS 29.272 AVP. */
export const VENDOR_3GPP = 10415;

const base = (name: string, code: number, type: AvpDataType, mandatory = true): AvpDefinition => ({
  name,
  code,
  type,
  mandatory,
});
const tgpp = (name: string, code: number, type: AvpDataType, mandatory = true): AvpDefinition => ({
  name,
  code,
  vendorId: VENDOR_3GPP,
  type,
  mandatory,
});

export const AVPS: readonly AvpDefinition[] = [
  // RFC 6733 §4.5 (base protocol); Product-Name and Firmware-Revision never carry M (§5.3.7, §5.3.4).
  base('User-Name', 1, 'utf8'),
  base('Host-IP-Address', 257, 'address'),
  base('Auth-Application-Id', 258, 'u32'),
  base('Acct-Application-Id', 259, 'u32'),
  base('Vendor-Specific-Application-Id', 260, 'grouped'),
  base('Session-Id', 263, 'utf8'),
  base('Origin-Host', 264, 'utf8'),
  base('Supported-Vendor-Id', 265, 'u32'),
  base('Vendor-Id', 266, 'u32'),
  base('Firmware-Revision', 267, 'u32', false),
  base('Result-Code', 268, 'u32'),
  base('Product-Name', 269, 'utf8', false),
  base('Disconnect-Cause', 273, 'i32'),
  base('Auth-Session-State', 277, 'i32'),
  base('Origin-State-Id', 278, 'u32'),
  base('Failed-AVP', 279, 'grouped'),
  base('Error-Message', 281, 'utf8', false),
  base('Route-Record', 282, 'utf8'),
  base('Destination-Realm', 283, 'utf8'),
  base('Destination-Host', 293, 'utf8'),
  base('Origin-Realm', 296, 'utf8'),
  base('Experimental-Result', 297, 'grouped'),
  base('Experimental-Result-Code', 298, 'u32'),
  base('Inband-Security-Id', 299, 'u32'),
  // RFC 5778 §6.2: the APN in S6a (TS 29.272 §7.3.35 refers to it).
  base('Service-Selection', 493, 'utf8'),
  // TS 29.214 §5.3, TS 29.212 §5.3, TS 29.329 §6.3 (AVPs TS 29.272 §7.3.1 imports).
  tgpp('Max-Requested-Bandwidth-DL', 515, 'u32'),
  tgpp('Max-Requested-Bandwidth-UL', 516, 'u32'),
  tgpp('MSISDN', 701, 'octets'),
  tgpp('QoS-Class-Identifier', 1028, 'i32'),
  tgpp('RAT-Type', 1032, 'i32', false),
  // TS 29.212 §5.3.32, §5.3.45 (Table 5.3.1: V must, M must not, as RAT-Type); freeDiameter's 3GPP
  // dictionary, transcribed from TS 29.212 V15.9.0, holds us to it (test/interop/freediameter.test.ts).
  tgpp('Allocation-Retention-Priority', 1034, 'grouped', false),
  tgpp('Priority-Level', 1046, 'u32', false),
  // TS 29.272 §7.3.
  tgpp('Subscription-Data', 1400, 'grouped'),
  tgpp('ULR-Flags', 1405, 'u32'),
  tgpp('ULA-Flags', 1406, 'u32'),
  tgpp('Visited-PLMN-Id', 1407, 'octets'),
  tgpp('Network-Access-Mode', 1417, 'i32'),
  tgpp('Context-Identifier', 1423, 'u32'),
  tgpp('Subscriber-Status', 1424, 'i32'),
  tgpp('All-APN-Configurations-Included-Indicator', 1428, 'i32'),
  tgpp('APN-Configuration-Profile', 1429, 'grouped'),
  tgpp('APN-Configuration', 1430, 'grouped'),
  tgpp('EPS-Subscribed-QoS-Profile', 1431, 'grouped'),
  tgpp('AMBR', 1435, 'grouped'),
  tgpp('PDN-Type', 1456, 'i32'),
];

export type AvpName = (typeof AVPS)[number]['name'];

const byName = new Map(AVPS.map((d) => [d.name, d]));
const byKey = new Map(AVPS.map((d) => [key(d.code, d.vendorId), d]));

function key(code: number, vendorId = 0): number {
  return vendorId * 0x1_0000_0000 + code;
}

export function avpByName(name: string): AvpDefinition | undefined {
  return byName.get(name);
}

export function avpByCode(code: number, vendorId?: number): AvpDefinition | undefined {
  return byKey.get(key(code, vendorId));
}

/** RFC 6733 §3.1 command codes, TS 29.272 §7.2.1 S6a commands. */
export const COMMANDS = {
  'Capabilities-Exchange': 257,
  'Device-Watchdog': 280,
  'Disconnect-Peer': 282,
  'Update-Location': 316,
} as const;

export type CommandName = keyof typeof COMMANDS;

export function commandName(code: number): CommandName | undefined {
  return (Object.keys(COMMANDS) as CommandName[]).find((n) => COMMANDS[n] === code);
}

/** RFC 6733 §2.4: the base protocol's Application-Id; TS 29.272 §7.1.8: S6a/S6d. */
export const APPLICATION = { BASE: 0, S6A: 16777251 } as const;

/** RFC 6733 §7.1 Result-Code values; TS 29.272 §7.4.3 Experimental-Result-Code values (vendor 10415). */
export const RESULT = {
  DIAMETER_SUCCESS: 2001,
  DIAMETER_UNABLE_TO_COMPLY: 5012,
  DIAMETER_NO_COMMON_APPLICATION: 5010,
  DIAMETER_MISSING_AVP: 5005,
} as const;

export const EXPERIMENTAL_RESULT = {
  DIAMETER_ERROR_USER_UNKNOWN: 5001,
  DIAMETER_ERROR_ROAMING_NOT_ALLOWED: 5004,
  DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION: 5420,
  DIAMETER_ERROR_RAT_NOT_ALLOWED: 5421,
} as const;

/** TS 29.272 §7.3.62 PDN-Type (Enumerated). */
export const PDN_TYPE = { ipv4: 0, ipv6: 1, ipv4v6: 2, 'ipv4-or-ipv6': 3 } as const;
export type SubscribedPdnType = keyof typeof PDN_TYPE;

export function pdnTypeName(v: number): SubscribedPdnType | undefined {
  return (Object.keys(PDN_TYPE) as SubscribedPdnType[]).find((k) => PDN_TYPE[k] === v);
}

/** TS 29.212 §5.3.31 RAT-Type: EUTRAN. */
export const RAT_TYPE_EUTRAN = 1004;
/** RFC 6733 §8.11 Auth-Session-State: NO_STATE_MAINTAINED. */
export const NO_STATE_MAINTAINED = 1;
