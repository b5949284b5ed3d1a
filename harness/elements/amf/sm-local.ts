import type { Pco } from '../../protocol/common/pco.ts';
import { encode, findIe, type NasMessage, PAYLOAD_CONTAINER_TYPE, type QosRule } from '../../protocol/nas/index.ts';
import {
  encodeTransfer,
  gtpTunnel,
  ngapMessage,
  pduSessionResourceReleaseCommandTransfer,
  qosFlow,
  setupRequestTransfer,
  type TransportLayerAddress,
} from '../../protocol/ngap/index.ts';
import { Ipv4Pool, randomInterfaceId } from '../common/address-pools.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import { decideFamily } from '../common/pdn-type-decision.ts';
import { answerPco } from '../common/pco-answer.ts';
import type { AmfFault } from './faults.ts';
import type { AmfPduSession, AmfUe, GnbPeer } from './ue-context.ts';

type Sm<T extends string> = Extract<NasMessage, { protocol: '5gsm'; type: T }>;
type Granted = 'ipv4' | 'ipv6' | 'ipv4v6';

/** What the AMF's own session management uses of the AMF. */
export interface LocalSmHost {
  has(f: AmfFault): boolean;
  send(gnb: GnbPeer, m: ReturnType<typeof ngapMessage>, ranUeId?: number): void;
  nasPdu(ue: AmfUe, m: NasMessage, sht?: 0 | 1 | 2 | 3 | 4): Buffer;
}

/** PDU session type values (TS 24.501 §9.11.4.11) and their names. */
const TYPE_VALUE: Readonly<Record<Granted, number>> = { ipv4: 1, ipv6: 2, ipv4v6: 3 };
const TYPE_NAME: Readonly<Record<number, Granted>> = { 1: 'ipv4', 2: 'ipv6', 3: 'ipv4v6' };

/** The QoS flow of the default QoS rule (TS 23.501 §5.7.1.1: 5QI 9 for the default flow of an internet DNN). */
const DEFAULT_QFI = 1;

/**
 * The decision on a requested PDU session type under a DNN's policy (TS 23.502 §4.3.2.2.1 step
 * 10, TS 24.501 §6.4.1.3, §6.4.1.4.1): IPv4v6 on a single-family DNN (or one granting single
 * addresses only) is accepted with the family it allows and 5GSM cause #50 "PDU session type IPv4
 * only allowed" or #51 "PDU session type IPv6 only allowed"; one family on a DNN of the other is
 * rejected with the cause naming the allowed one; an unknown type is rejected with #28.
 */
export function decideType(
  requested: number | undefined,
  dnn: Pick<ApnConfig, 'pdnTypes' | 'singleAddressBearersOnly' | 'prefer'>,
): { granted: Granted; cause?: 50 | 51 } | { reject: 28 | 50 | 51 } {
  // §6.4.1.2: a UE that names no type leaves it to the network (its default: the DNN's).
  const want = requested === undefined ? dnn.pdnTypes : TYPE_NAME[requested];
  if (!want) return { reject: 28 };
  // The gateways' rule (elements/common/pdn-type-decision.ts); a 5G path always carries both families.
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
 * The AMF answering 5GSM itself for the DNNs the target declares, with no SMF behind it: a
 * TEMPORARY stand-in for the SMF's side of PDU Session Establishment (TS 24.501 §6.4.1) and
 * release (§6.4.3) until the SMF stand-in and N11 are there. It decides the PDU session type and
 * cause as an SMF would, hands out an IPv4 address from the DNN's pool and an IPv6 interface
 * identifier, answers ePCO, and sets up the N2 resources (TS 38.413 §8.2.1) toward a UL tunnel
 * of `n3` — no UPF stands there, so no user plane flows through these sessions.
 */
export class LocalSm {
  private readonly pools = new Map<string, Ipv4Pool>();
  private nextTeid = 0x1000_0001;

  constructor(
    private readonly host: LocalSmHost,
    readonly dnns: Readonly<Record<string, ApnConfig>>,
    private readonly n3: TransportLayerAddress,
  ) {
    for (const [name, d] of Object.entries(dnns))
      if (d.pdnTypes !== 'ipv6') this.pools.set(name, new Ipv4Pool(d.ipv4Pool));
  }

  /** A 5GSM message for one of the UE's PDU sessions (UL NAS Transport, TS 24.501 §5.4.5.2.2). */
  onSm(
    ue: AmfUe,
    sm: Extract<NasMessage, { protocol: '5gsm' }>,
    session: AmfPduSession | undefined,
    dnn?: string,
  ): void {
    if (sm.type === 'pdu-session-establishment-request' && !session)
      return this.establish(ue, sm as Sm<'pdu-session-establishment-request'>, dnn);
    if (!session) {
      // §6.4.1.7 / §7.3.2: a 5GSM message for a PDU session that does not exist: 5GSM status #43.
      return this.dl(ue, sm.pduSessionId, { type: '5gsm-status', pti: sm.pti, cause: 43 });
    }
    if (sm.type === 'pdu-session-release-request') return this.release(ue, session, sm.pti, 36);
    if (sm.type === 'pdu-session-release-complete') return this.forget(ue, session);
  }

  private establish(ue: AmfUe, req: Sm<'pdu-session-establishment-request'>, requestedDnn?: string): void {
    const id = req.pduSessionId;
    const pti = req.pti;
    const reject = (cause: number) => this.dl(ue, id, { type: 'pdu-session-establishment-reject', pti, cause });
    // TS 23.501 §5.9.3 (no UE-requested DNN): the subscription's default DNN, here the first declared.
    const name = requestedDnn ?? Object.keys(this.dnns)[0];
    const dnn = name === undefined ? undefined : this.dnns[name];
    if (!dnn || name === undefined) return reject(27);
    const d = decideType(findIe(req, 'pdu-session-type')?.value, this.has('ignore-dnn-policy') ? anyType : dnn);
    if ('reject' in d) return reject(d.reject);
    const ipv4 = d.granted !== 'ipv6' ? this.pools.get(name)?.allocate() : undefined;
    // §6.4.1.3 / TS 24.008 Table 10.5.157: #26 "insufficient resources" when the pool is used up.
    if (d.granted !== 'ipv6' && !ipv4) return reject(26);
    const interfaceIdentifier = d.granted !== 'ipv4' ? randomInterfaceId() : undefined;
    const session: AmfPduSession = {
      pduSessionId: id,
      dnn: name,
      sNssai: ue.allowedNssai[0] ?? { sst: 1 },
      local: { ...(ipv4 ? { ipv4 } : {}), ulTeid: this.teid() },
    };
    ue.sessions.set(id, session);
    const pco = answerPco(findIe(req, 'epco')?.value as Pco | undefined, {
      apn: dnn,
      granted: d.granted,
      ...(ipv4 ? { ipv4 } : {}),
      withDns: true,
      ipcp: 'negotiate',
    });
    const cause = this.has('no-type-fallback-cause') ? undefined : d.cause;
    const accept = {
      protocol: '5gsm',
      type: 'pdu-session-establishment-accept',
      pduSessionId: id,
      pti,
      selectedPduSessionType: TYPE_VALUE[d.granted],
      selectedSscMode: 1,
      authorizedQosRules: [defaultQosRule()],
      // §9.11.4.14: 1 Gbps down, 500 Mbps up (unit 6 = 1 Mbps).
      sessionAmbr: { downlinkUnit: 6, downlink: 1000, uplinkUnit: 6, uplink: 500 },
      ies: [
        ...(cause !== undefined ? [{ ie: '5gsm-cause', value: cause }] : []),
        {
          ie: 'pdu-address',
          value: {
            type: TYPE_VALUE[d.granted],
            ...(interfaceIdentifier ? { interfaceIdentifier } : {}),
            ...(ipv4 ? { ipv4 } : {}),
          },
        },
        { ie: 's-nssai', value: session.sNssai },
        ...(pco ? [{ ie: 'epco', value: pco }] : []),
        { ie: 'dnn', value: name },
      ],
    } as unknown as NasMessage;
    const nas = this.host.nasPdu(ue, dlNasTransport(accept, id));
    const ids = { 'AMF-UE-NGAP-ID': ue.amfUeId, 'RAN-UE-NGAP-ID': ue.ranUeId };
    if (this.has('no-pdu-session-resources')) {
      this.host.send(ue.gnb, ngapMessage('DownlinkNASTransport', { ...ids, 'NAS-PDU': nas }), ue.ranUeId);
      return;
    }
    const transfer = setupRequestTransfer({
      PDUSessionAggregateMaximumBitRate: {
        pduSessionAggregateMaximumBitRateDl: 1_000_000_000,
        pduSessionAggregateMaximumBitRateUl: 500_000_000,
      },
      'UL-NGU-UP-TNLInformation': gtpTunnel(this.n3, session.local!.ulTeid),
      PDUSessionType: d.granted,
      QosFlowSetupRequestList: [qosFlow(DEFAULT_QFI)],
    });
    this.host.send(
      ue.gnb,
      ngapMessage('PDUSessionResourceSetupRequest', {
        ...ids,
        PDUSessionResourceSetupListSUReq: [
          {
            pduSessionId: id,
            pduSessionNasPdu: nas,
            sNssai: session.sNssai,
            pduSessionResourceSetupRequestTransfer: transfer,
          },
        ],
      }),
      ue.ranUeId,
    );
  }

  /**
   * Network-side release (TS 24.501 §6.4.3.2): PDU Session Release Command with the cause in PDU
   * Session Resource Release Command (TS 38.413 §8.2.2); the UE's Release Complete ends it.
   */
  private release(ue: AmfUe, s: AmfPduSession, pti: number, cause: number): void {
    const cmd = {
      protocol: '5gsm',
      type: 'pdu-session-release-command',
      pduSessionId: s.pduSessionId,
      pti,
      cause,
      ies: [],
    } as unknown as NasMessage;
    this.host.send(
      ue.gnb,
      ngapMessage('PDUSessionResourceReleaseCommand', {
        'AMF-UE-NGAP-ID': ue.amfUeId,
        'RAN-UE-NGAP-ID': ue.ranUeId,
        'NAS-PDU': this.host.nasPdu(ue, dlNasTransport(cmd, s.pduSessionId)),
        PDUSessionResourceToReleaseListRelCmd: [
          {
            pduSessionId: s.pduSessionId,
            pduSessionResourceReleaseCommandTransfer: encodeTransfer(pduSessionResourceReleaseCommandTransfer, {
              cause: { choice: 'nas', value: 'normal-release' },
            }),
          },
        ],
      }),
      ue.ranUeId,
    );
  }

  /** Frees what a session held (its IPv4 address) and forgets it. */
  forget(ue: AmfUe, s: AmfPduSession): void {
    if (s.local?.ipv4) this.pools.get(s.dnn)?.release(s.local.ipv4);
    ue.sessions.delete(s.pduSessionId);
  }

  private dl(ue: AmfUe, id: number, m: Record<string, unknown>): void {
    const sm = { protocol: '5gsm', pduSessionId: id, ies: [], ...m } as unknown as NasMessage;
    this.host.send(
      ue.gnb,
      ngapMessage('DownlinkNASTransport', {
        'AMF-UE-NGAP-ID': ue.amfUeId,
        'RAN-UE-NGAP-ID': ue.ranUeId,
        'NAS-PDU': this.host.nasPdu(ue, dlNasTransport(sm, id)),
      }),
      ue.ranUeId,
    );
  }

  private has(f: AmfFault): boolean {
    return this.host.has(f);
  }

  private teid(): number {
    const t = this.nextTeid;
    this.nextTeid = t >= 0xfffffff0 ? 0x1000_0001 : t + 1;
    return t;
  }
}

/** The policy of the ignore-dnn-policy fault: every type granted as asked. */
const anyType = { pdnTypes: 'ipv4v6', singleAddressBearersOnly: false, prefer: 'ipv6' } as const;

/**
 * The default QoS rule (TS 24.501 §9.11.4.13, TS 23.501 §5.7.1.1): rule 1, "create new QoS rule",
 * DQR set, one bidirectional match-all packet filter, lowest precedence, the default QFI.
 */
function defaultQosRule(): QosRule {
  return {
    id: 1,
    operation: 1,
    dqr: true,
    filters: [{ id: 1, direction: 3, filter: { components: [{ type: 0x01, value: Buffer.alloc(0) }] } }],
    precedence: 255,
    qfi: DEFAULT_QFI,
  };
}

/** DL NAS Transport (TS 24.501 §8.2.11) carrying a 5GSM message of one PDU session. */
function dlNasTransport(sm: NasMessage, pduSessionId: number): NasMessage {
  return {
    protocol: '5gmm',
    type: 'dl-nas-transport',
    payloadContainerType: PAYLOAD_CONTAINER_TYPE['n1-sm'],
    payloadContainer: encode(sm),
    ies: [{ ie: 'pdu-session-id', value: pduSessionId }],
  } as unknown as NasMessage;
}
