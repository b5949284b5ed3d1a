import type { Pco } from '../../protocol/common/pco.ts';
import { encode, findIe, type NasMessage, PAYLOAD_CONTAINER_TYPE, type QosRule } from '../../protocol/nas/index.ts';
import type { ApnConfig } from './apn-config.ts';
import { answerPco } from './pco-answer.ts';
import { decideFamily } from './pdn-type-decision.ts';

/**
 * The SMF's side of 5GSM PDU Session Establishment (TS 24.501 §6.4.1) as pure decisions and
 * messages, shared by the SMF stand-in (elements/smf) and the AMF stand-in's own session
 * management for targets without an SMF (elements/amf/sm-local.ts): the PDU session type under the
 * DNN's policy with the #50/#51/#28 causes, the accept (PDU address, default QoS rule,
 * Session-AMBR, ePCO), reject and release command.
 */
export type Granted = 'ipv4' | 'ipv6' | 'ipv4v6';
export type EstablishmentRequest = Extract<NasMessage, { protocol: '5gsm'; type: 'pdu-session-establishment-request' }>;
export type SmMessage = Extract<NasMessage, { protocol: '5gsm' }>;

/** PDU session type values (TS 24.501 §9.11.4.11) and their names. */
export const PDU_SESSION_TYPE_VALUE: Readonly<Record<Granted, number>> = { ipv4: 1, ipv6: 2, ipv4v6: 3 };
const TYPE_NAME: Readonly<Record<number, Granted>> = { 1: 'ipv4', 2: 'ipv6', 3: 'ipv4v6' };

/** The QoS flow of the default QoS rule (TS 23.501 §5.7.1.1: 5QI 9 for the default flow of an internet DNN). */
export const DEFAULT_QFI = 1;

/** Session-AMBR the accept and the N2 transfer carry (TS 24.501 §9.11.4.14; 1 Gbps down, 500 Mbps up). */
export const SESSION_AMBR_BPS = { dl: 1_000_000_000, ul: 500_000_000 } as const;

/** The policy of a faulty SMF that ignores the DNN's: every type granted as asked. */
export const ANY_TYPE = { pdnTypes: 'ipv4v6', singleAddressBearersOnly: false, prefer: 'ipv6' } as const;

/**
 * The decision on a requested PDU session type under a DNN's policy (TS 23.502 §4.3.2.2.1 step
 * 10, TS 24.501 §6.4.1.3, §6.4.1.4.1): IPv4v6 on a single-family DNN (or one granting single
 * addresses only) is accepted with the family it allows and 5GSM cause #50 "PDU session type IPv4
 * only allowed" or #51 "PDU session type IPv6 only allowed"; one family on a DNN of the other is
 * rejected with the cause naming the allowed one; an unknown type is rejected with #28. On a DNN
 * that allows one type only (`sessionTypeOnly`), any other IP type is rejected with #57 "PDU
 * session type IPv4v6 only allowed" or #58 "PDU session type Unstructured only allowed"
 * (§6.4.1.4.1, §9.11.4.2).
 */
export function decideType(
  requested: number | undefined,
  dnn: Pick<ApnConfig, 'pdnTypes' | 'singleAddressBearersOnly' | 'prefer' | 'sessionTypeOnly'>,
): { granted: Granted; cause?: 50 | 51 } | { reject: 28 | 50 | 51 | 57 | 58 } {
  // §6.4.1.2: a UE that names no type leaves it to the network (its default: the DNN's).
  const want =
    requested === undefined ? (dnn.sessionTypeOnly === 'ipv4v6' ? 'ipv4v6' : dnn.pdnTypes) : TYPE_NAME[requested];
  if (dnn.sessionTypeOnly === 'unstructured') return { reject: 58 };
  if (!want) return { reject: 28 };
  if (dnn.sessionTypeOnly === 'ipv4v6' && want !== 'ipv4v6') return { reject: 57 };
  // The gateways' rule (pdn-type-decision.ts); a 5G path always carries both families.
  const d = decideFamily(want, true, {
    allowed: dnn.pdnTypes,
    singleAddressBearersOnly: dnn.singleAddressBearersOnly,
    prefer: dnn.prefer,
  });
  if (d.outcome === 'not-allowed') return { reject: dnn.pdnTypes === 'ipv4' ? 50 : 51 };
  if (d.outcome === 'accepted') return { granted: d.granted };
  return { granted: d.granted, cause: d.granted === 'ipv4' ? 50 : 51 };
}

/**
 * The DNN of a request (TS 23.501 §5.9.3: without a UE-requested DNN, the subscription's default,
 * here the first declared) and the decision on its type; #27 "missing or unknown DNN" when the
 * DNN is not served.
 */
export function decideEstablishment(
  req: EstablishmentRequest,
  dnns: Readonly<Record<string, ApnConfig>>,
  requestedDnn: string | undefined,
  ignorePolicy = false,
): { dnn: string; config: ApnConfig; granted: Granted; cause?: 50 | 51 } | { reject: number } {
  const name = requestedDnn ?? Object.keys(dnns)[0];
  const config = name === undefined ? undefined : dnns[name];
  if (!config || name === undefined) return { reject: 27 };
  const d = decideType(findIe(req, 'pdu-session-type')?.value, ignorePolicy ? ANY_TYPE : config);
  if ('reject' in d) return d;
  return { dnn: name, config, ...d };
}

/** What an accepted session was given. */
export interface Grant {
  pduSessionId: number;
  pti: number;
  dnn: string;
  config: ApnConfig;
  granted: Granted;
  /** #50/#51 with a single family granted on an IPv4v6 request (left out by a faulty SMF). */
  cause?: number;
  /** The UE's IPv6 interface identifier (TS 24.501 §9.11.4.10), for IPv6 and IPv4v6. */
  interfaceIdentifier?: string;
  ipv4?: string;
  sNssai: { sst: number; sd?: number };
  qfi?: number;
}

/**
 * PDU Session Establishment Accept (TS 24.501 §8.3.2): the selected type, SSC mode 1, the default
 * QoS rule, Session-AMBR, the 5GSM cause of a fallback, the PDU address, S-NSSAI, the ePCO answer
 * (DNS servers of the granted families, MTU; TS 24.501 §9.11.4.6) and the DNN.
 */
export function establishmentAccept(req: EstablishmentRequest, g: Grant): NasMessage {
  const pco = answerPco(findIe(req, 'epco')?.value as Pco | undefined, {
    apn: g.config,
    granted: g.granted,
    ...(g.ipv4 ? { ipv4: g.ipv4 } : {}),
    withDns: true,
    ipcp: 'negotiate',
  });
  return {
    protocol: '5gsm',
    type: 'pdu-session-establishment-accept',
    pduSessionId: g.pduSessionId,
    pti: g.pti,
    selectedPduSessionType: PDU_SESSION_TYPE_VALUE[g.granted],
    selectedSscMode: 1,
    authorizedQosRules: [defaultQosRule(g.qfi ?? DEFAULT_QFI)],
    // §9.11.4.14: unit 6 = 1 Mbps.
    sessionAmbr: {
      downlinkUnit: 6,
      downlink: SESSION_AMBR_BPS.dl / 1e6,
      uplinkUnit: 6,
      uplink: SESSION_AMBR_BPS.ul / 1e6,
    },
    ies: [
      ...(g.cause !== undefined ? [{ ie: '5gsm-cause', value: g.cause }] : []),
      {
        ie: 'pdu-address',
        value: {
          type: PDU_SESSION_TYPE_VALUE[g.granted],
          ...(g.interfaceIdentifier ? { interfaceIdentifier: g.interfaceIdentifier } : {}),
          ...(g.ipv4 ? { ipv4: g.ipv4 } : {}),
        },
      },
      { ie: 's-nssai', value: g.sNssai },
      ...(pco ? [{ ie: 'epco', value: pco }] : []),
      { ie: 'dnn', value: g.dnn },
    ],
  } as unknown as NasMessage;
}

/** A 5GSM message without optional IEs: Establishment Reject (§8.3.3), Release Command (§8.3.14), 5GSM Status (§8.3.16). */
export function smMessage(
  type: 'pdu-session-establishment-reject' | 'pdu-session-release-command' | '5gsm-status',
  pduSessionId: number,
  pti: number,
  cause: number,
): NasMessage {
  return { protocol: '5gsm', type, pduSessionId, pti, cause, ies: [] } as unknown as NasMessage;
}

/**
 * The default QoS rule (TS 24.501 §9.11.4.13, TS 23.501 §5.7.1.1): rule 1, "create new QoS rule",
 * DQR set, one bidirectional match-all packet filter, lowest precedence, the default QFI.
 */
export function defaultQosRule(qfi = DEFAULT_QFI): QosRule {
  return {
    id: 1,
    operation: 1,
    dqr: true,
    filters: [{ id: 1, direction: 3, filter: { components: [{ type: 0x01, value: Buffer.alloc(0) }] } }],
    precedence: 255,
    qfi,
  };
}

/** DL NAS Transport (TS 24.501 §8.2.11) carrying a 5GSM message of one PDU session. */
export function dlNasTransportOf(sm: NasMessage, pduSessionId: number): NasMessage {
  return {
    protocol: '5gmm',
    type: 'dl-nas-transport',
    payloadContainerType: PAYLOAD_CONTAINER_TYPE['n1-sm'],
    payloadContainer: encode(sm),
    ies: [{ ie: 'pdu-session-id', value: pduSessionId }],
  } as unknown as NasMessage;
}
