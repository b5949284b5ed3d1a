import { Reader } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { formatIpv6, parseIpv6Into } from '../common/ip-bytes.ts';
import { readPlmn, type Plmn } from '../common/plmn.ts';
import { avp, avpGroup, avpNumber, avpOctets, avpText, findAllAvps, findAvp, type Avp } from './avp.ts';
import type { Ids } from './base.ts';
import { APPLICATION, COMMANDS, VENDOR_3GPP } from './dictionary.ts';
import type { DiameterMessage } from './message.ts';

/**
 * Gx (TS 29.212): the Credit-Control-Request a PCEF (the PGW-C) sends at IP-CAN session
 * establishment, modification and termination (§4.5.1, §5.6.2 CCR), and the Credit-Control-Answer
 * of the PCRF (§5.6.3 CCA) with the authorized default bearer QoS (§4.5.1: Default-EPS-Bearer-QoS,
 * QoS-Information with the APN-AMBR), PCC rules (§4.5.2: Charging-Rule-Install), or a
 * Result-Code / Experimental-Result that rejects the session.
 */

/** RFC 4006 §8.3 CC-Request-Type. */
export const CC_REQUEST_TYPE = { initial: 1, update: 2, termination: 3, event: 4 } as const;
export type CcRequestType = keyof typeof CC_REQUEST_TYPE;

/** TS 29.212 §5.3.27 IP-CAN-Type. */
export const IP_CAN_TYPE = {
  '3gpp-gprs': 0,
  docsis: 1,
  xdsl: 2,
  wimax: 3,
  '3gpp2': 4,
  '3gpp-eps': 5,
  'non-3gpp-eps': 6,
  fba: 7,
  '3gpp-5gs': 8,
  'non-3gpp-5gs': 9,
} as const;

/** TS 29.212 §5.3.31 RAT-Type (the values a PGW-C sends for the 3GPP accesses). */
export const GX_RAT_TYPE = {
  wlan: 0,
  virtual: 1,
  utran: 1000,
  geran: 1001,
  gan: 1002,
  'hspa-evolution': 1003,
  eutran: 1004,
  'eutran-nb-iot': 1005,
  nr: 1010,
} as const;

/** RFC 4006 §8.47 Subscription-Id-Type. */
export const SUBSCRIPTION_ID_TYPE = { e164: 0, imsi: 1, sip: 2, nai: 3, private: 4 } as const;

/** RFC 6733 §8.15 Termination-Cause: DIAMETER_LOGOUT. */
export const TERMINATION_LOGOUT = 1;

const name = <T extends Record<string, number>>(table: T, v: number | undefined): keyof T | undefined =>
  v === undefined ? undefined : (Object.keys(table) as (keyof T)[]).find((k) => table[k] === v);

/**
 * TS 29.061 §16.4.7.2 3GPP-User-Location-Info: the Geographic Location Type, then the location
 * (TAI: PLMN + TAC, §8.21.4 of TS 29.274; ECGI: PLMN + 28-bit ECI, §8.21.5). Other types are
 * kept as their octets.
 */
export interface GxUserLocation {
  /** 128 TAI, 129 ECGI, 130 TAI and ECGI, 0 CGI, 1 SAI, 2 RAI, ... */
  type: number;
  tai?: Plmn & { tac: number };
  ecgi?: Plmn & { eci: number };
  raw: Buffer;
}

export function readUserLocationInfo(b: Buffer): GxUserLocation | undefined {
  if (b.length < 1) return undefined;
  const type = b[0];
  const out: GxUserLocation = { type, raw: b };
  try {
    const r = new Reader(b, 1, b.length, 'diameter', '3GPP-User-Location-Info');
    if (type === 128 || type === 130) {
      const p = readPlmn(r);
      out.tai = { ...p, tac: r.u16() };
    }
    if (type === 129 || type === 130) {
      const p = readPlmn(r);
      out.ecgi = { ...p, eci: r.u32() & 0x0fffffff };
    }
  } catch {
    // A location we cannot read stays as its octets (`raw`): the scenario judges it.
  }
  return out;
}

/** RFC 3162 §2.3 (RFC 7155 §4.4.10.5.6) Framed-IPv6-Prefix: Reserved, Prefix-Length, Prefix. */
export function framedIpv6Prefix(prefix: string, length: number): Buffer {
  const full = Buffer.alloc(16);
  if (!parseIpv6Into(prefix, full, 0))
    throw new EncodeError('diameter', 'Framed-IPv6-Prefix', `not an IPv6 prefix: ${prefix}`);
  return Buffer.concat([Buffer.from([0, length]), full.subarray(0, Math.ceil(length / 8))]);
}

export function readFramedIpv6Prefix(b: Buffer): { prefix: string; length: number } | undefined {
  if (b.length < 2 || b[1] > 128 || b.length - 2 > 16 || (b.length - 2) * 8 < b[1]) return undefined;
  const full = Buffer.alloc(16);
  b.subarray(2).copy(full);
  return { prefix: formatIpv6(full, 0), length: b[1] };
}

/** What a PCEF's CCR carries that the PCRF decides on or a scenario checks (TS 29.212 §5.6.2). */
export interface CreditControlRequest {
  sessionId: string;
  originHost: string;
  originRealm: string;
  destinationRealm: string;
  requestType: CcRequestType;
  requestNumber: number;
  imsi?: string;
  msisdn?: string;
  /** RFC 7155 §4.4.10.5.1: the UE's IPv4 address. */
  framedIpAddress?: string;
  /** RFC 7155 §4.4.10.5.6: the UE's IPv6 prefix (the PAA's /64). */
  framedIpv6Prefix?: { prefix: string; length: number };
  ipCanType?: keyof typeof IP_CAN_TYPE;
  ratType?: keyof typeof GX_RAT_TYPE;
  /** TS 29.212 §5.3.0 (RFC 7155 §4.2.6): the APN. */
  calledStationId?: string;
  userLocation?: Buffer;
}

const subscriptionId = (type: number, data: string): Avp =>
  avp('Subscription-Id', [avp('Subscription-Id-Type', type), avp('Subscription-Id-Data', data)]);

const gxApplication = (): Avp => avp('Auth-Application-Id', APPLICATION.GX);

/** §5.6.2 CCR (for the PCEF side: the harness's Gx client in tests, and fuzz seeds). */
export function creditControlRequest(c: CreditControlRequest, ids: Ids): DiameterMessage {
  const v4 = c.framedIpAddress?.split('.').map(Number);
  return {
    commandCode: COMMANDS['Credit-Control'],
    request: true,
    proxiable: true,
    applicationId: APPLICATION.GX,
    ...ids,
    avps: [
      avp('Session-Id', c.sessionId),
      gxApplication(),
      avp('Origin-Host', c.originHost),
      avp('Origin-Realm', c.originRealm),
      avp('Destination-Realm', c.destinationRealm),
      avp('CC-Request-Type', CC_REQUEST_TYPE[c.requestType]),
      avp('CC-Request-Number', c.requestNumber),
      ...(c.imsi ? [subscriptionId(SUBSCRIPTION_ID_TYPE.imsi, c.imsi)] : []),
      ...(c.msisdn ? [subscriptionId(SUBSCRIPTION_ID_TYPE.e164, c.msisdn)] : []),
      ...(v4 ? [avp('Framed-IP-Address', Buffer.from(v4))] : []),
      ...(c.framedIpv6Prefix
        ? [avp('Framed-IPv6-Prefix', framedIpv6Prefix(c.framedIpv6Prefix.prefix, c.framedIpv6Prefix.length))]
        : []),
      ...(c.ipCanType ? [avp('IP-CAN-Type', IP_CAN_TYPE[c.ipCanType])] : []),
      ...(c.ratType ? [avp('RAT-Type', GX_RAT_TYPE[c.ratType])] : []),
      ...(c.userLocation ? [avp('3GPP-User-Location-Info', c.userLocation)] : []),
      ...(c.calledStationId ? [avp('Called-Station-Id', c.calledStationId)] : []),
      ...(c.requestType === 'termination' ? [avp('Termination-Cause', TERMINATION_LOGOUT)] : []),
    ],
  };
}

/** A CCR as received, each field absent where the PCEF left it out (or sent it unreadable). */
export interface CcrFields {
  sessionId?: string;
  originHost?: string;
  requestType?: CcRequestType | `unknown ${number}`;
  requestNumber?: number;
  imsi?: string;
  msisdn?: string;
  framedIpAddress?: string;
  framedIpv6Prefix?: { prefix: string; length: number };
  ipCanType?: keyof typeof IP_CAN_TYPE | `unknown ${number}`;
  ratType?: keyof typeof GX_RAT_TYPE | `unknown ${number}`;
  calledStationId?: string;
  userLocation?: GxUserLocation;
  /** Every AVP name of the request, top level, in order (what a scenario lists in its report). */
  avpNames: string[];
}

const known = <T extends Record<string, number>>(table: T, v: number | undefined) =>
  v === undefined ? undefined : (name(table, v) ?? (`unknown ${v}` as const));

export function readCreditControlRequest(m: DiameterMessage): CcrFields {
  const ids = findAllAvps(m.avps, 'Subscription-Id').map((g) => (g.type === 'grouped' ? g.value : []));
  const idOf = (type: number) =>
    avpText(ids.find((g) => avpNumber(g, 'Subscription-Id-Type') === type) ?? [], 'Subscription-Id-Data');
  const v4 = avpOctets(m.avps, 'Framed-IP-Address');
  const v6 = avpOctets(m.avps, 'Framed-IPv6-Prefix');
  const uli = avpOctets(m.avps, '3GPP-User-Location-Info');
  return {
    sessionId: avpText(m.avps, 'Session-Id'),
    originHost: avpText(m.avps, 'Origin-Host'),
    requestType: known(CC_REQUEST_TYPE, avpNumber(m.avps, 'CC-Request-Type')),
    requestNumber: avpNumber(m.avps, 'CC-Request-Number'),
    imsi: idOf(SUBSCRIPTION_ID_TYPE.imsi),
    msisdn: idOf(SUBSCRIPTION_ID_TYPE.e164),
    framedIpAddress: v4?.length === 4 ? [...v4].join('.') : undefined,
    framedIpv6Prefix: v6 ? readFramedIpv6Prefix(v6) : undefined,
    ipCanType: known(IP_CAN_TYPE, avpNumber(m.avps, 'IP-CAN-Type')),
    ratType: known(GX_RAT_TYPE, avpNumber(m.avps, 'RAT-Type')),
    calledStationId: avpText(m.avps, 'Called-Station-Id'),
    userLocation: uli ? readUserLocationInfo(uli) : undefined,
    avpNames: m.avps.map((a) => a.name),
  };
}

/** §5.3.32 Allocation-Retention-Priority (TS 23.203 §6.1.7.3). */
export interface Arp {
  priorityLevel: number;
  /** Pre-emption-Capability: may this bearer pre-empt others (§5.3.46: 0 ENABLED, 1 DISABLED). */
  preemptionCapability: boolean;
  /** Pre-emption-Vulnerability: may others pre-empt it (§5.3.47: 0 ENABLED, 1 DISABLED). */
  preemptionVulnerability: boolean;
}

/** §5.3.4 Charging-Rule-Definition, as much as a default-bearer policy needs. */
export interface ChargingRule {
  name: string;
  precedence?: number;
  /** §5.3.53 Flow-Information: IPFilterRule text (RFC 6733 §4.3), e.g. `permit out ip from any to assigned`. */
  flows: { description: string; direction?: 'downlink' | 'uplink' | 'bidirectional' }[];
  qci?: number;
  arp?: Arp;
  /** Max-Requested-Bandwidth-UL/DL in bit/s. */
  mbr?: { uplink: number; downlink: number };
  gbr?: { uplink: number; downlink: number };
}

/** What the PCRF authorizes for an IP-CAN session (TS 29.212 §4.5.1). */
export interface GxPolicy {
  defaultBearerQos?: { qci: number; arp: Arp };
  /** §5.3.39-40 APN-AMBR, bit/s. */
  apnAmbr?: { uplink: number; downlink: number };
  chargingRules?: ChargingRule[];
}

export type CcaOutcome =
  | { kind: 'success'; policy?: GxPolicy }
  | { kind: 'result-code'; code: number }
  | { kind: 'experimental'; code: number };

const FLOW_DIRECTION = { downlink: 1, uplink: 2, bidirectional: 3 } as const;

const arpAvp = (a: Arp): Avp =>
  avp('Allocation-Retention-Priority', [
    avp('Priority-Level', a.priorityLevel),
    avp('Pre-emption-Capability', a.preemptionCapability ? 0 : 1),
    avp('Pre-emption-Vulnerability', a.preemptionVulnerability ? 0 : 1),
  ]);

function ruleAvp(r: ChargingRule): Avp {
  const qos: Avp[] = [
    ...(r.qci !== undefined ? [avp('QoS-Class-Identifier', r.qci)] : []),
    ...(r.mbr
      ? [avp('Max-Requested-Bandwidth-UL', r.mbr.uplink), avp('Max-Requested-Bandwidth-DL', r.mbr.downlink)]
      : []),
    ...(r.gbr ? [avp('Guaranteed-Bitrate-UL', r.gbr.uplink), avp('Guaranteed-Bitrate-DL', r.gbr.downlink)] : []),
    ...(r.arp ? [arpAvp(r.arp)] : []),
  ];
  return avp('Charging-Rule-Definition', [
    avp('Charging-Rule-Name', Buffer.from(r.name)),
    ...r.flows.map((f) =>
      avp('Flow-Information', [
        avp('Flow-Description', f.description),
        ...(f.direction ? [avp('Flow-Direction', FLOW_DIRECTION[f.direction])] : []),
      ]),
    ),
    ...(qos.length ? [avp('QoS-Information', qos)] : []),
    ...(r.precedence !== undefined ? [avp('Precedence', r.precedence)] : []),
  ]);
}

/**
 * §5.6.3 CCA for `req`: Session-Id, Auth-Application-Id, Origin, the result, CC-Request-Type and
 * -Number echoed; on success the policy (Default-EPS-Bearer-QoS and QoS-Information with the
 * APN-AMBR at establishment, Charging-Rule-Install with the PCC rules).
 */
export function creditControlAnswer(
  req: DiameterMessage,
  origin: { originHost: string; originRealm: string },
  outcome: CcaOutcome,
): DiameterMessage {
  const result =
    outcome.kind === 'success'
      ? [avp('Result-Code', 2001)]
      : outcome.kind === 'result-code'
        ? [avp('Result-Code', outcome.code)]
        : [avp('Experimental-Result', [avp('Vendor-Id', VENDOR_3GPP), avp('Experimental-Result-Code', outcome.code)])];
  const p = outcome.kind === 'success' ? (outcome.policy ?? {}) : {};
  const policy: Avp[] = [
    ...(p.chargingRules?.length ? [avp('Charging-Rule-Install', p.chargingRules.map(ruleAvp))] : []),
    ...(p.apnAmbr
      ? [
          avp('QoS-Information', [
            avp('APN-Aggregate-Max-Bitrate-UL', p.apnAmbr.uplink),
            avp('APN-Aggregate-Max-Bitrate-DL', p.apnAmbr.downlink),
          ]),
        ]
      : []),
    ...(p.defaultBearerQos
      ? [
          avp('Default-EPS-Bearer-QoS', [
            avp('QoS-Class-Identifier', p.defaultBearerQos.qci),
            arpAvp(p.defaultBearerQos.arp),
          ]),
        ]
      : []),
  ];
  const echo = (n: 'CC-Request-Type' | 'CC-Request-Number') => {
    const a = findAvp(req.avps, n);
    return a ? [a] : [];
  };
  return {
    commandCode: COMMANDS['Credit-Control'],
    request: false,
    proxiable: true,
    applicationId: APPLICATION.GX,
    hopByHop: req.hopByHop,
    endToEnd: req.endToEnd,
    avps: [
      avp('Session-Id', avpText(req.avps, 'Session-Id') ?? ''),
      gxApplication(),
      avp('Origin-Host', origin.originHost),
      avp('Origin-Realm', origin.originRealm),
      ...result,
      ...echo('CC-Request-Type'),
      ...echo('CC-Request-Number'),
      ...policy,
    ],
  };
}

/** What a CCA authorized, read back (a PCEF's view; the interop tests check the stand-in with it). */
export function readCreditControlAnswer(m: DiameterMessage): {
  resultCode?: number;
  experimentalResultCode?: number;
  qci?: number;
  arpPriorityLevel?: number;
  apnAmbr?: { uplink?: number; downlink?: number };
  ruleNames: string[];
} {
  const exp = avpGroup(m.avps, 'Experimental-Result');
  const dq = avpGroup(m.avps, 'Default-EPS-Bearer-QoS');
  const qi = avpGroup(m.avps, 'QoS-Information');
  const install = avpGroup(m.avps, 'Charging-Rule-Install') ?? [];
  return {
    resultCode: avpNumber(m.avps, 'Result-Code'),
    experimentalResultCode: exp ? avpNumber(exp, 'Experimental-Result-Code') : undefined,
    qci: dq ? avpNumber(dq, 'QoS-Class-Identifier') : undefined,
    arpPriorityLevel: dq ? avpNumber(avpGroup(dq, 'Allocation-Retention-Priority') ?? [], 'Priority-Level') : undefined,
    apnAmbr: qi
      ? {
          uplink: avpNumber(qi, 'APN-Aggregate-Max-Bitrate-UL'),
          downlink: avpNumber(qi, 'APN-Aggregate-Max-Bitrate-DL'),
        }
      : undefined,
    ruleNames: findAllAvps(install, 'Charging-Rule-Definition').map((d) =>
      d.type === 'grouped' ? (avpOctets(d.value, 'Charging-Rule-Name')?.toString() ?? '') : '',
    ),
  };
}

/** One CCR as a PCRF received it, and what it answered (recorded by the PCRF stand-in, read by the lab). */
export interface GxRecord {
  /** Milliseconds since the epoch. */
  at: number;
  peer: string;
  ccr: Omit<CcrFields, 'userLocation'> & {
    userLocation?: { type: number; hex: string; tai?: unknown; ecgi?: unknown };
  };
  answer: { kind: CcaOutcome['kind']; code?: number; qci?: number };
}
