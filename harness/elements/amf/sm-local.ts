import {
  encodeTransfer,
  gtpTunnel,
  ngapMessage,
  pduSessionResourceReleaseCommandTransfer,
  qosFlow,
  setupRequestTransfer,
  type TransportLayerAddress,
} from '../../protocol/ngap/index.ts';
import type { NasMessage } from '../../protocol/nas/index.ts';
import { Ipv4Pool, randomInterfaceId } from '../common/address-pools.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import {
  DEFAULT_QFI,
  decideEstablishment,
  dlNasTransportOf,
  type EstablishmentRequest,
  establishmentAccept,
  SESSION_AMBR_BPS,
  type SmMessage,
  smMessage,
} from '../common/pdu-session-policy.ts';
import type { AmfFault } from './faults.ts';
import type { AmfPduSession, AmfUe, GnbPeer } from './ue-context.ts';

/** What the AMF's own session management uses of the AMF. */
export interface LocalSmHost {
  has(f: AmfFault): boolean;
  send(gnb: GnbPeer, m: ReturnType<typeof ngapMessage>, ranUeId?: number): void;
  nasPdu(ue: AmfUe, m: NasMessage, sht?: 0 | 1 | 2 | 3 | 4): Buffer;
}

/**
 * The AMF answering 5GSM itself for the DNNs the target declares, for targets whose AMF names no
 * SMF (`smf:`): the SMF's side of PDU Session Establishment (TS 24.501 §6.4.1) and release
 * (§6.4.3) with the decisions and messages the SMF stand-in uses (common/pdu-session-policy.ts):
 * the PDU session type and cause, an IPv4 address from the DNN's pool and an IPv6 interface
 * identifier, ePCO, and the N2 resources (TS 38.413 §8.2.1) toward a UL tunnel of `n3` — no UPF
 * stands there, so no user plane flows through these sessions (the SMF stand-in's do).
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
  onSm(ue: AmfUe, sm: SmMessage, session: AmfPduSession | undefined, dnn?: string): void {
    if (sm.type === 'pdu-session-establishment-request' && !session)
      return this.establish(ue, sm as EstablishmentRequest, dnn);
    if (!session) {
      // §6.4.1.7 / §7.3.2: a 5GSM message for a PDU session that does not exist: 5GSM status #43.
      return this.dl(ue, sm.pduSessionId, smMessage('5gsm-status', sm.pduSessionId, sm.pti, 43));
    }
    if (sm.type === 'pdu-session-release-request') return this.release(ue, session, sm.pti, 36);
    if (sm.type === 'pdu-session-release-complete') return this.forget(ue, session);
  }

  private establish(ue: AmfUe, req: EstablishmentRequest, requestedDnn?: string): void {
    const id = req.pduSessionId;
    const pti = req.pti;
    const reject = (cause: number) => this.dl(ue, id, smMessage('pdu-session-establishment-reject', id, pti, cause));
    const d = decideEstablishment(req, this.dnns, requestedDnn, this.has('ignore-dnn-policy'));
    if ('reject' in d) return reject(d.reject);
    const ipv4 = d.granted !== 'ipv6' ? this.pools.get(d.dnn)?.allocate() : undefined;
    // §6.4.1.3 / TS 24.008 Table 10.5.157: #26 "insufficient resources" when the pool is used up.
    if (d.granted !== 'ipv6' && !ipv4) return reject(26);
    const session: AmfPduSession = {
      pduSessionId: id,
      dnn: d.dnn,
      sNssai: ue.allowedNssai[0] ?? { sst: 1 },
      local: { ...(ipv4 ? { ipv4 } : {}), ulTeid: this.teid() },
    };
    ue.sessions.set(id, session);
    const accept = establishmentAccept(req, {
      pduSessionId: id,
      pti,
      dnn: d.dnn,
      config: d.config,
      granted: d.granted,
      ...(d.cause !== undefined && !this.has('no-type-fallback-cause') ? { cause: d.cause } : {}),
      ...(d.granted !== 'ipv4' ? { interfaceIdentifier: randomInterfaceId() } : {}),
      ...(ipv4 ? { ipv4 } : {}),
      sNssai: session.sNssai,
    });
    const nas = this.host.nasPdu(ue, dlNasTransportOf(accept, id));
    const ids = { 'AMF-UE-NGAP-ID': ue.amfUeId, 'RAN-UE-NGAP-ID': ue.ranUeId };
    if (this.has('no-pdu-session-resources')) {
      this.host.send(ue.gnb, ngapMessage('DownlinkNASTransport', { ...ids, 'NAS-PDU': nas }), ue.ranUeId);
      return;
    }
    const transfer = setupRequestTransfer({
      PDUSessionAggregateMaximumBitRate: {
        pduSessionAggregateMaximumBitRateDl: SESSION_AMBR_BPS.dl,
        pduSessionAggregateMaximumBitRateUl: SESSION_AMBR_BPS.ul,
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
    const cmd = smMessage('pdu-session-release-command', s.pduSessionId, pti, cause);
    this.host.send(
      ue.gnb,
      ngapMessage('PDUSessionResourceReleaseCommand', {
        'AMF-UE-NGAP-ID': ue.amfUeId,
        'RAN-UE-NGAP-ID': ue.ranUeId,
        'NAS-PDU': this.host.nasPdu(ue, dlNasTransportOf(cmd, s.pduSessionId)),
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

  private dl(ue: AmfUe, id: number, sm: NasMessage): void {
    this.host.send(
      ue.gnb,
      ngapMessage('DownlinkNASTransport', {
        'AMF-UE-NGAP-ID': ue.amfUeId,
        'RAN-UE-NGAP-ID': ue.ranUeId,
        'NAS-PDU': this.host.nasPdu(ue, dlNasTransportOf(sm, id)),
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
