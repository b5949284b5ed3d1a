/**
 * The one table of AVPs this harness speaks (RFC 6733 §4.5 base AVPs, RFC 5778 Service-Selection,
 * TS 29.272 §7.3 S6a AVPs, TS 29.212 §5.3 Gx AVPs with those Gx takes from RFC 4006, RFC 7155 and
 * TS 29.061/29.214/29.229/29.329), and the commands and result codes it uses. `mandatory` is the M bit the defining clause demands; `vendorId` sets the V bit.
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
  // RFC 7155 §4.4.10.5.1, §4.4.10.5.6, §4.3.2.2 (NASREQ attributes Gx reuses, TS 29.212 §5.3.0).
  base('Framed-IP-Address', 8, 'octets'),
  base('Called-Station-Id', 30, 'utf8'),
  base('Framed-IPv6-Prefix', 97, 'octets'),
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
  base('Termination-Cause', 295, 'i32'),
  base('Failed-AVP', 279, 'grouped'),
  base('Error-Message', 281, 'utf8', false),
  base('Route-Record', 282, 'utf8'),
  base('Destination-Realm', 283, 'utf8'),
  base('Destination-Host', 293, 'utf8'),
  base('Origin-Realm', 296, 'utf8'),
  base('Experimental-Result', 297, 'grouped'),
  base('Experimental-Result-Code', 298, 'u32'),
  base('Inband-Security-Id', 299, 'u32'),
  // RFC 4006 §8.2-3, §8.46-47, §8.49 (Credit-Control, used by Gx, TS 29.212 §5.3.0).
  base('CC-Request-Number', 415, 'u32'),
  base('CC-Request-Type', 416, 'i32'),
  base('Subscription-Id', 443, 'grouped'),
  base('Subscription-Id-Data', 444, 'utf8'),
  base('Subscription-Id-Type', 450, 'i32'),
  // RFC 5778 §6.2: the APN in S6a (TS 29.272 §7.3.35 refers to it).
  base('Service-Selection', 493, 'utf8'),
  // TS 29.061 §16.4.7.2 (3GPP vendor-specific RADIUS attributes carried as Diameter AVPs on Gx).
  tgpp('3GPP-Charging-Characteristics', 13, 'utf8'),
  tgpp('3GPP-SGSN-MCC-MNC', 18, 'utf8'),
  tgpp('3GPP-User-Location-Info', 22, 'octets'),
  tgpp('3GPP-MS-TimeZone', 23, 'octets'),
  // TS 29.214 §5.3.2, §5.3.4, §5.3.8.
  tgpp('Access-Network-Charging-Address', 501, 'address'),
  tgpp('Access-Network-Charging-Identifier-Value', 503, 'octets'),
  tgpp('Flow-Description', 507, 'utf8'),
  // TS 29.214 §5.3, TS 29.212 §5.3, TS 29.329 §6.3 (AVPs TS 29.272 §7.3.1 imports).
  tgpp('Max-Requested-Bandwidth-DL', 515, 'u32'),
  tgpp('Max-Requested-Bandwidth-UL', 516, 'u32'),
  // TS 29.229 §6.3.29-31 (V set, M must not for Feature-List-ID and Feature-List).
  tgpp('Supported-Features', 628, 'grouped', false),
  tgpp('Feature-List-ID', 629, 'u32', false),
  tgpp('Feature-List', 630, 'u32', false),
  tgpp('MSISDN', 701, 'octets'),
  // TS 29.212 §5.3 (Table 5.3.1: the M flag each AVP must or must not carry).
  tgpp('Bearer-Usage', 1000, 'i32'),
  tgpp('Charging-Rule-Install', 1001, 'grouped'),
  tgpp('Charging-Rule-Remove', 1002, 'grouped'),
  tgpp('Charging-Rule-Definition', 1003, 'grouped'),
  tgpp('Charging-Rule-Base-Name', 1004, 'utf8'),
  tgpp('Charging-Rule-Name', 1005, 'octets'),
  tgpp('Event-Trigger', 1006, 'i32'),
  tgpp('Offline', 1008, 'i32'),
  tgpp('Online', 1009, 'i32'),
  tgpp('Precedence', 1010, 'u32'),
  tgpp('QoS-Information', 1016, 'grouped'),
  tgpp('Bearer-Identifier', 1020, 'octets'),
  tgpp('Access-Network-Charging-Identifier-Gx', 1022, 'grouped'),
  tgpp('Bearer-Control-Mode', 1023, 'i32'),
  tgpp('Network-Request-Support', 1024, 'i32'),
  tgpp('Guaranteed-Bitrate-DL', 1025, 'u32'),
  tgpp('Guaranteed-Bitrate-UL', 1026, 'u32'),
  tgpp('IP-CAN-Type', 1027, 'i32'),
  tgpp('QoS-Class-Identifier', 1028, 'i32'),
  tgpp('RAT-Type', 1032, 'i32', false),
  // TS 29.212 §5.3.32, §5.3.45 (Table 5.3.1: V must, M must not, as RAT-Type); freeDiameter's 3GPP
  // dictionary, transcribed from TS 29.212 V15.9.0, holds us to it (test/interop/freediameter.test.ts).
  tgpp('Allocation-Retention-Priority', 1034, 'grouped', false),
  tgpp('APN-Aggregate-Max-Bitrate-DL', 1040, 'u32', false),
  tgpp('APN-Aggregate-Max-Bitrate-UL', 1041, 'u32', false),
  tgpp('Priority-Level', 1046, 'u32', false),
  tgpp('Pre-emption-Capability', 1047, 'i32', false),
  tgpp('Pre-emption-Vulnerability', 1048, 'i32', false),
  tgpp('Default-EPS-Bearer-QoS', 1049, 'grouped', false),
  tgpp('AN-GW-Address', 1050, 'address', false),
  tgpp('Flow-Information', 1058, 'grouped', false),
  tgpp('Flow-Direction', 1080, 'i32', false),
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
  'Credit-Control': 272,
  'Update-Location': 316,
} as const;

export type CommandName = keyof typeof COMMANDS;

export function commandName(code: number): CommandName | undefined {
  return (Object.keys(COMMANDS) as CommandName[]).find((n) => COMMANDS[n] === code);
}

/** RFC 6733 §2.4: the base protocol's Application-Id; TS 29.272 §7.1.8: S6a/S6d; TS 29.212 §5.1: Gx. */
export const APPLICATION = { BASE: 0, S6A: 16777251, GX: 16777238 } as const;

/** RFC 6733 §7.1 Result-Code values; TS 29.272 §7.4.3 Experimental-Result-Code values (vendor 10415). */
export const RESULT = {
  DIAMETER_SUCCESS: 2001,
  DIAMETER_AUTHORIZATION_REJECTED: 5003,
  DIAMETER_UNKNOWN_SESSION_ID: 5002,
  DIAMETER_UNABLE_TO_COMPLY: 5012,
  /** RFC 4006 §9.1: the subscriber is not known to the credit-control server. */
  DIAMETER_USER_UNKNOWN: 5030,
  DIAMETER_NO_COMMON_APPLICATION: 5010,
  DIAMETER_MISSING_AVP: 5005,
} as const;

export const EXPERIMENTAL_RESULT = {
  DIAMETER_ERROR_USER_UNKNOWN: 5001,
  DIAMETER_ERROR_ROAMING_NOT_ALLOWED: 5004,
  DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION: 5420,
  DIAMETER_ERROR_RAT_NOT_ALLOWED: 5421,
  // TS 29.212 §5.5.3 (Gx, permanent failures).
  DIAMETER_ERROR_INITIAL_PARAMETERS: 5140,
  DIAMETER_ERROR_TRIGGER_EVENT: 5141,
  DIAMETER_PCC_RULE_EVENT: 5142,
  DIAMETER_ERROR_BEARER_NOT_AUTHORIZED: 5143,
  DIAMETER_ERROR_CONFLICTING_REQUEST: 5147,
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
