import type { Plmn } from '../common/plmn.ts';
import { avp, avpGroup, avpNumber, avpOctets, avpText, findAllAvps, type Avp } from './avp.ts';
import {
  APPLICATION,
  COMMANDS,
  NO_STATE_MAINTAINED,
  PDN_TYPE,
  RAT_TYPE_EUTRAN,
  VENDOR_3GPP,
  pdnTypeName,
  type SubscribedPdnType,
} from './dictionary.ts';
import type { DiameterMessage } from './message.ts';
import { plmnFromOctets, plmnOctets } from './plmn-id.ts';
import type { Ids } from './base.ts';

/**
 * S6a Update Location (TS 29.272 §5.2.1.1, §7.2.3-4): the ULR the MME sends and the ULA the HSS
 * answers, with the Subscription-Data (§7.3.2) that carries the APN-Configuration-Profile
 * (§7.3.34) and its APN-Configurations (§7.3.35): Context-Identifier, Service-Selection (the
 * APN), PDN-Type (§7.3.62).
 */
export interface ApnConfiguration {
  contextId: number;
  apn: string;
  /** The subscribed PDN type, or the raw value when it is none of §7.3.62's four. */
  pdnType: SubscribedPdnType | `unknown ${number}`;
}

export interface Subscription {
  msisdn?: string;
  /** §7.3.34: the Context-Identifier of the default APN. */
  defaultContextId?: number;
  apns: ApnConfiguration[];
}

export interface UpdateLocationRequest {
  sessionId: string;
  originHost: string;
  originRealm: string;
  destinationRealm: string;
  imsi: string;
  visitedPlmn: Plmn;
  /** §7.3.7 ULR-Flags; bit 1 S6a/S6d-Indicator (set by an MME), bit 5 Initial-Attach-Indicator. */
  ulrFlags?: number;
}

export const ULR_FLAGS = { SINGLE_REGISTRATION: 1 << 0, S6A_S6D_INDICATOR: 1 << 1, INITIAL_ATTACH: 1 << 5 } as const;

const s6aApplication = () =>
  avp('Vendor-Specific-Application-Id', [avp('Vendor-Id', VENDOR_3GPP), avp('Auth-Application-Id', APPLICATION.S6A)]);

/** §7.2.3: ULR, proxiable, with Auth-Session-State NO_STATE_MAINTAINED and RAT-Type EUTRAN. */
export function updateLocationRequest(u: UpdateLocationRequest, ids: Ids): DiameterMessage {
  return {
    commandCode: COMMANDS['Update-Location'],
    request: true,
    proxiable: true,
    applicationId: APPLICATION.S6A,
    ...ids,
    avps: [
      avp('Session-Id', u.sessionId),
      s6aApplication(),
      avp('Auth-Session-State', NO_STATE_MAINTAINED),
      avp('Origin-Host', u.originHost),
      avp('Origin-Realm', u.originRealm),
      avp('Destination-Realm', u.destinationRealm),
      avp('User-Name', u.imsi),
      avp('RAT-Type', RAT_TYPE_EUTRAN),
      avp('ULR-Flags', u.ulrFlags ?? ULR_FLAGS.S6A_S6D_INDICATOR | ULR_FLAGS.INITIAL_ATTACH),
      avp('Visited-PLMN-Id', plmnOctets(u.visitedPlmn)),
    ],
  };
}

export interface UlrFields {
  sessionId?: string;
  imsi?: string;
  visitedPlmn?: Plmn;
  ulrFlags?: number;
}

export function readUpdateLocationRequest(m: DiameterMessage): UlrFields {
  const v = avpOctets(m.avps, 'Visited-PLMN-Id');
  return {
    sessionId: avpText(m.avps, 'Session-Id'),
    imsi: avpText(m.avps, 'User-Name'),
    visitedPlmn: v?.length === 3 ? plmnFromOctets(v) : undefined,
    ulrFlags: avpNumber(m.avps, 'ULR-Flags'),
  };
}

export type UlaOutcome =
  | { kind: 'success'; subscription: Subscription }
  | { kind: 'experimental'; code: number }
  | { kind: 'result-code'; code: number };

/** §7.2.4: ULA; success carries ULA-Flags (bit 0 Separation Indication) and the Subscription-Data. */
export function updateLocationAnswer(
  req: DiameterMessage,
  origin: { originHost: string; originRealm: string },
  outcome: UlaOutcome,
): DiameterMessage {
  const result =
    outcome.kind === 'success'
      ? [avp('Result-Code', 2001)]
      : outcome.kind === 'result-code'
        ? [avp('Result-Code', outcome.code)]
        : [avp('Experimental-Result', [avp('Vendor-Id', VENDOR_3GPP), avp('Experimental-Result-Code', outcome.code)])];
  return {
    commandCode: COMMANDS['Update-Location'],
    request: false,
    proxiable: true,
    applicationId: APPLICATION.S6A,
    hopByHop: req.hopByHop,
    endToEnd: req.endToEnd,
    avps: [
      avp('Session-Id', avpText(req.avps, 'Session-Id') ?? ''),
      s6aApplication(),
      ...result,
      avp('Auth-Session-State', NO_STATE_MAINTAINED),
      avp('Origin-Host', origin.originHost),
      avp('Origin-Realm', origin.originRealm),
      ...(outcome.kind === 'success' ? [avp('ULA-Flags', 1), subscriptionData(outcome.subscription)] : []),
    ],
  };
}

/** MSISDN (TS 29.329 §6.3.2): TBCD digits, 0xF filler in the last octet's high nibble. */
function tbcd(digits: string): Buffer {
  const b = Buffer.alloc(Math.ceil(digits.length / 2), 0xff);
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    b[i >> 1] = i & 1 ? (b[i >> 1] & 0x0f) | (d << 4) : (b[i >> 1] & 0xf0) | d;
  }
  return b;
}

function fromTbcd(b: Buffer): string {
  let s = '';
  for (const o of b) {
    s += String(o & 0x0f);
    if (o >> 4 !== 0xf) s += String(o >> 4);
  }
  return s;
}

/** §7.3.2 Subscription-Data: SERVICE_GRANTED, packet only, AMBR, and the APN-Configuration-Profile. */
export function subscriptionData(s: Subscription): Avp {
  const ambr = () =>
    avp('AMBR', [avp('Max-Requested-Bandwidth-UL', 50_000_000), avp('Max-Requested-Bandwidth-DL', 100_000_000)]);
  return avp('Subscription-Data', [
    avp('Subscriber-Status', 0),
    ...(s.msisdn ? [avp('MSISDN', tbcd(s.msisdn))] : []),
    avp('Network-Access-Mode', 2),
    ambr(),
    avp('APN-Configuration-Profile', [
      avp('Context-Identifier', s.defaultContextId ?? s.apns[0]?.contextId ?? 1),
      avp('All-APN-Configurations-Included-Indicator', 0),
      ...s.apns.map((a) =>
        avp('APN-Configuration', [
          avp('Context-Identifier', a.contextId),
          avp(
            'PDN-Type',
            a.pdnType.startsWith('unknown ') ? Number(a.pdnType.slice(8)) : PDN_TYPE[a.pdnType as SubscribedPdnType],
          ),
          avp('Service-Selection', a.apn),
          avp('EPS-Subscribed-QoS-Profile', [
            avp('QoS-Class-Identifier', 9),
            avp('Allocation-Retention-Priority', [avp('Priority-Level', 8)]),
          ]),
          ambr(),
        ]),
      ),
    ]),
  ]);
}

/** Reads the Subscription-Data of a ULA (absent: undefined). */
export function readSubscription(avps: readonly Avp[]): Subscription | undefined {
  const data = avpGroup(avps, 'Subscription-Data');
  if (!data) return undefined;
  const msisdn = avpOctets(data, 'MSISDN');
  const profile = avpGroup(data, 'APN-Configuration-Profile') ?? [];
  const apns = findAllAvps(profile, 'APN-Configuration').map((g): ApnConfiguration => {
    const members = g.type === 'grouped' ? g.value : [];
    const raw = avpNumber(members, 'PDN-Type') ?? -1;
    return {
      contextId: avpNumber(members, 'Context-Identifier') ?? 0,
      apn: avpText(members, 'Service-Selection') ?? '',
      pdnType: pdnTypeName(raw) ?? `unknown ${raw}`,
    };
  });
  return {
    ...(msisdn ? { msisdn: fromTbcd(msisdn) } : {}),
    defaultContextId: avpNumber(profile, 'Context-Identifier'),
    apns,
  };
}
