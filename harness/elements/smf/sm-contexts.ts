import type { SbiClient, SbiRequest, SbiResponse } from '../../net/sbi/index.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { decode, type NasMessage, encode } from '../../protocol/nas/index.ts';
import {
  decodeTransfer,
  encodeTransfer,
  gtpTunnel,
  pduSessionResourceReleaseCommandTransfer,
  pduSessionResourceSetupResponseTransfer,
  qosFlow,
  setupRequestTransfer,
} from '../../protocol/ngap/index.ts';
import {
  type ApplicationError,
  binaryPart,
  MEDIA_TYPE,
  N1_SM_CONTENT_ID,
  N2_SM_CONTENT_ID,
  type N1N2MessageTransferReqData,
  n1n2MessagesPath,
  n1SmPart,
  n2SmPart,
  parseSbi,
  parseSmContextPath,
  problem,
  SM_CONTEXTS_PATH,
  smContextCreateData,
  type SmContextCreateError,
  smContextPath,
  smContextUpdateData,
  type SmContextStatusNotification,
} from '../../protocol/sbi/index.ts';
import { Ipv4Pool, Ipv6PrefixPool, randomInterfaceId } from '../common/address-pools.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import {
  DEFAULT_QFI,
  decideEstablishment,
  type EstablishmentRequest,
  establishmentAccept,
  SESSION_AMBR_BPS,
  type SmMessage,
  smMessage,
} from '../common/pdu-session-policy.ts';
import type { SmfFault } from './faults.ts';
import type { SmfN4 } from './n4.ts';
import type { N4u } from './n4u.ts';
import type { SmContext } from './session.ts';
import type { VisitedSmf } from './visited.ts';

/** What the SM context service uses of the SMF. */
export interface SmContextsHost {
  readonly n4: SmfN4;
  readonly n4u: N4u;
  readonly apiRoot: string;
  /** The N3 family of the F-TEIDs the UPF is asked to choose. */
  readonly n3Family: 'ipv6' | 'ipv4';
  has(f: SmfFault): boolean;
  amfClient(apiRoot: string): SbiClient;
  onError(e: unknown): void;
  /** As V-SMF (home-routed roaming): what the H-SMF decides, over N16. */
  readonly visited?: VisitedSmf;
}

/** An error answer: ProblemDetails with its application error (TS 29.500 §5.2.7). */
export const problemAnswer = (status: number, cause: ApplicationError, detail: string): SbiResponse => ({
  status,
  json: problem(cause, detail),
  jsonType: MEDIA_TYPE.PROBLEM_JSON,
});
const json = problemAnswer;

/** The ProblemDetails cause of a 5GSM reject cause (TS 29.502 Table 6.1.3.2.3.1-3). */
export function rejectCause(smCause: number): ApplicationError {
  if (smCause === 27) return 'DNN_NOT_SUPPORTED';
  if (smCause === 28 || smCause === 50 || smCause === 51 || smCause === 57 || smCause === 58) return 'PDUTYPE_DENIED';
  if (smCause === 26) return 'INSUFFICIENT_RESOURCES_SLICE_DNN';
  return 'N1_SM_ERROR';
}

/** The PDU Session Resource Setup Request Transfer (TS 38.413 §9.3.4.1): the UPF's N3 F-TEID, type, QoS flow. */
export function n2SetupRequest(s: SmContext): Buffer {
  const n3 = s.n3!;
  return setupRequestTransfer({
    PDUSessionAggregateMaximumBitRate: {
      pduSessionAggregateMaximumBitRateDl: SESSION_AMBR_BPS.dl,
      pduSessionAggregateMaximumBitRateUl: SESSION_AMBR_BPS.ul,
    },
    'UL-NGU-UP-TNLInformation': gtpTunnel(
      n3.address.includes(':') ? { ipv6: n3.address } : { ipv4: n3.address },
      n3.teid,
    ),
    PDUSessionType: s.granted,
    QosFlowSetupRequestList: [qosFlow(s.qfi)],
  });
}

/**
 * The answer to an Update SM Context with the UE's release request (TS 29.502 §5.2.2.3.2.2): the
 * PDU Session Release Command and the N2 release (TS 38.413 §9.3.4.12, cause normal-release).
 */
export function releaseCommandAnswer(cmd: Buffer): SbiResponse {
  const rel = encodeTransfer(pduSessionResourceReleaseCommandTransfer, {
    cause: { choice: 'nas', value: 'normal-release' },
  });
  return {
    status: 200,
    json: {
      n1SmMsg: { contentId: N1_SM_CONTENT_ID },
      n2SmInfo: { contentId: N2_SM_CONTENT_ID },
      n2SmInfoType: 'PDU_RES_REL_CMD',
    },
    parts: [n1SmPart(cmd), n2SmPart(rel)],
  };
}

/**
 * Nsmf_PDUSession on N11 (TS 29.502 §5.2.2): Create SM Context (§5.2.2.2.1: 201 with Location,
 * then, as TS 23.502 §4.3.2.2.1 steps 10-11 have it, N4 Session Establishment and
 * N1N2MessageTransfer (TS 29.518 §5.2.2.3.1) of the Establishment Accept and the PDU Session
 * Resource Setup Request Transfer to the AMF; a rejected request is answered 403 with the
 * Establishment Reject in SmContextCreateError), Update SM Context (§5.2.2.3: the gNB's N3 F-TEID
 * from PDU_RES_SETUP_RSP → N4 Modification; UE-requested release, §5.2.2.3.2.2), Release SM
 * Context (§5.2.2.4: N4 Deletion, 204).
 */
export class SmContexts {
  private readonly contexts = new Map<string, SmContext>();
  private readonly byN4uTeid = new Map<number, SmContext>();
  private readonly v6Pools = new Map<string, Ipv6PrefixPool>();
  private readonly v4Pools = new Map<string, Ipv4Pool>();
  private nextRef = 1;
  private nextSeid = 0x5eed_0001n;

  constructor(
    private readonly host: SmContextsHost,
    readonly dnns: Readonly<Record<string, ApnConfig>>,
  ) {
    for (const [name, d] of Object.entries(dnns)) {
      // With prefixDelegation each allocation is a whole delegated prefix whose first /64 is the session's.
      if (d.pdnTypes !== 'ipv4') this.v6Pools.set(name, new Ipv6PrefixPool(d.ipv6Pool, d.prefixDelegation));
      if (d.pdnTypes !== 'ipv6') this.v4Pools.set(name, new Ipv4Pool(d.ipv4Pool));
    }
  }

  get count(): number {
    return this.contexts.size;
  }

  byTeid(teid: number): SmContext | undefined {
    return this.byN4uTeid.get(teid);
  }

  /**
   * The DNN policy's decision on an establishment request and the UE's addresses from the DNN's
   * pools (this SMF's, or as H-SMF the home network's), or the 5GSM cause of a reject.
   */
  admit(
    est: EstablishmentRequest,
    dnn: string | undefined,
  ):
    | { reject: number }
    | {
        decision: Extract<ReturnType<typeof decideEstablishment>, { granted: unknown }>;
        prefix?: string;
        /** DNN `prefixDelegation`: the prefix allocated, whose first /64 is `prefix` (TS 23.501 §5.8.2.2.4). */
        delegated?: { prefix: string; length: number };
        ipv4?: string;
      } {
    const decision = decideEstablishment(est, this.dnns, dnn, this.host.has('ignore-dnn-policy'));
    if ('reject' in decision) return { reject: decision.reject };
    const v6 = decision.granted !== 'ipv4';
    const v4 = decision.granted !== 'ipv6';
    const prefix = v6 ? this.v6Pools.get(decision.dnn)?.allocate() : undefined;
    const ipv4 = v4 ? this.v4Pools.get(decision.dnn)?.allocate() : undefined;
    // TS 24.501 §6.4.1.4.1: #26 "insufficient resources" when a pool is used up (or the DNN has none for the family).
    if ((v6 && !prefix) || (v4 && !ipv4)) {
      if (prefix) this.v6Pools.get(decision.dnn)?.release(prefix);
      if (ipv4) this.v4Pools.get(decision.dnn)?.release(ipv4);
      return { reject: 26 };
    }
    const length = decision.config.prefixDelegation;
    return {
      decision,
      ...(prefix ? { prefix } : {}),
      ...(prefix && length ? { delegated: { prefix, length } } : {}),
      ...(ipv4 ? { ipv4 } : {}),
    };
  }

  /** A context this SMF holds (also the H-SMF's N16 sessions, whose RSs come over N4-u). */
  register(s: SmContext): void {
    this.contexts.set(s.ref, s);
    // A V-SMF's context has no N4-u tunnel (TEID 0): its RSs go to the H-SMF.
    if (s.n4uTeid) this.byN4uTeid.set(s.n4uTeid, s);
  }

  get(ref: string): SmContext | undefined {
    return this.contexts.get(ref);
  }

  newRef(): string {
    return String(this.nextRef++);
  }

  newSeid(): bigint {
    return this.nextSeid++;
  }

  /**
   * What every new context starts with, as an SMF, H-SMF or V-SMF: our reference and CP SEID, the
   * UE's SUPI and PDU session, its S-NSSAI (sd as hex, TS 29.571 §5.4.4.2; SST 1 when absent),
   * where its status goes (the AMF's or the V-SMF's URI, whose origin is its API root) and the
   * default QoS flow.
   */
  identity(supi: string, pduSessionId: number, sNssai: { sst: number; sd?: string } | undefined, statusUri: string) {
    const sst = sNssai?.sst ?? 1;
    const sd = sNssai?.sd;
    return {
      ref: this.newRef(),
      supi,
      pduSessionId,
      sNssai: sd ? { sst, sd: Number.parseInt(sd, 16) } : { sst },
      amf: new URL(statusUri).origin,
      statusUri,
      qfi: DEFAULT_QFI,
      cpSeid: this.newSeid(),
    };
  }

  async handle(req: SbiRequest): Promise<SbiResponse> {
    if (req.method !== 'POST') return json(405, 'INVALID_API', `${req.method} ${req.path}`);
    if (req.path.split('?')[0].replace(/\/$/, '') === SM_CONTEXTS_PATH) return this.create(req);
    const p = parseSmContextPath(req.path);
    if (!p?.op) return json(404, 'RESOURCE_URI_STRUCTURE_NOT_FOUND', req.path);
    const s = this.contexts.get(p.smContextRef);
    if (!s) return json(404, 'CONTEXT_NOT_FOUND', `no SM context ${p.smContextRef}`);
    if (p.op === 'modify') return this.update(s, req);
    if (p.op === 'release') {
      await this.forget(s);
      return { status: 204 };
    }
    return json(404, 'RESOURCE_URI_STRUCTURE_NOT_FOUND', req.path);
  }

  private async create(req: SbiRequest): Promise<SbiResponse> {
    if (this.host.has('n11-5xx')) return json(500, 'SYSTEM_FAILURE', 'SMF fault n11-5xx');
    const body = parseSbi(smContextCreateData, req.body.json, 'SmContextCreateData');
    if (!body.ok) return { status: 400, json: body.problem, jsonType: MEDIA_TYPE.PROBLEM_JSON };
    const d = body.value;
    const n1 = binaryPart(req.body, d.n1SmMsg)?.data;
    if (!n1) return json(400, 'MANDATORY_IE_MISSING', 'no N1 SM message (n1SmMsg) in the request');
    if (d.supi === undefined || d.pduSessionId === undefined)
      return json(400, 'MANDATORY_IE_MISSING', 'supi and pduSessionId are needed for an initial request');
    let sm: NasMessage;
    try {
      sm = decode(n1);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return json(403, 'N1_SM_ERROR', `the N1 SM message does not decode: ${e.message}`);
    }
    if (sm.protocol !== '5gsm' || sm.type !== 'pdu-session-establishment-request')
      return json(403, 'N1_SM_ERROR', `the N1 SM message is ${sm.type}, not PDU Session Establishment Request`);
    const est = sm as EstablishmentRequest;
    const reject = (cause: number): SbiResponse => {
      const err: SmContextCreateError = {
        error: problem(rejectCause(cause), `5GSM cause #${cause}`),
        n1SmMsg: { contentId: N1_SM_CONTENT_ID },
      };
      const nas = encode(smMessage('pdu-session-establishment-reject', est.pduSessionId, est.pti, cause));
      return { status: 403, json: err, parts: [n1SmPart(nas)] };
    };
    if (this.host.has('reject-all')) return reject(26);
    if (this.host.visited) return this.host.visited.create(d, n1, est, reject);
    const admitted = this.admit(est, d.dnn);
    if ('reject' in admitted)
      return reject(
        this.host.has('cause-50-for-type-only') && (admitted.reject === 57 || admitted.reject === 58)
          ? 50
          : admitted.reject,
      );
    const { decision, prefix, ipv4, delegated } = admitted;
    const s: SmContext = {
      ...this.identity(d.supi, d.pduSessionId, d.sNssai, d.smContextStatusUri),
      dnn: decision.dnn,
      config: decision.config,
      granted: decision.granted,
      ...(prefix ? { prefix, interfaceIdentifier: randomInterfaceId() } : {}),
      ...(delegated ? { delegated } : {}),
      ...(ipv4 ? { ipv4 } : {}),
      n4uTeid: this.host.n4u.allocateTeid(),
    };
    this.register(s);
    // Steps 10-11 after the answer (TS 23.502 §4.3.2.2.1): N4, then the accept to the AMF.
    setImmediate(() => {
      this.establish(s, est, decision.cause).catch((e) => this.host.onError(e));
    });
    return {
      status: 201,
      headers: { location: `${this.host.apiRoot}${smContextPath(s.ref)}` },
      json: { pduSessionId: s.pduSessionId, sNssai: d.sNssai },
    };
  }

  /** N4 Session Establishment, then N1N2MessageTransfer of the accept and the N2 setup request (or a reject #26). */
  private async establish(s: SmContext, req: EstablishmentRequest, cause: 50 | 51 | undefined): Promise<void> {
    if (this.host.has('no-n4-session')) {
      // The UL tunnel the gNB is given leads to no session on the UPF.
      s.n3 = { teid: 0x7fff_0000 + s.pduSessionId, address: this.host.n4.address };
    } else {
      const why = await this.host.n4.establish(
        s,
        { teid: s.n4uTeid, address: this.host.n4u.endpoint.address },
        this.host.n3Family,
      );
      if (why) {
        this.host.onError(new Error(`N4 session of ${s.supi}/${s.pduSessionId}: ${why}`));
        await this.forget(s);
        await this.transfer(s, smMessage('pdu-session-establishment-reject', s.pduSessionId, req.pti, 26));
        return;
      }
      // The UPF learns our N4-u from this one (its downlink FAR still buffers).
      this.host.n4u.advertise(s);
    }
    const accept = establishmentAccept(req, {
      pduSessionId: s.pduSessionId,
      pti: req.pti,
      dnn: s.dnn,
      config: s.config,
      granted: s.granted,
      ...(cause !== undefined && !this.host.has('no-type-fallback-cause') ? { cause } : {}),
      ...(s.interfaceIdentifier ? { interfaceIdentifier: s.interfaceIdentifier } : {}),
      ...(s.ipv4 ? { ipv4: s.ipv4 } : {}),
      sNssai: s.sNssai,
      qfi: s.qfi,
    });
    const n2 = n2SetupRequest(s);
    await this.transfer(s, accept, n2);
  }

  /** N1N2MessageTransfer (TS 29.518 §5.2.2.3.1) to the AMF of the session. */
  async transfer(s: SmContext, n1: NasMessage | Buffer, n2?: Buffer): Promise<void> {
    const sNssai = {
      sst: s.sNssai.sst,
      ...(s.sNssai.sd === undefined ? {} : { sd: s.sNssai.sd.toString(16).padStart(6, '0') }),
    };
    const body: N1N2MessageTransferReqData = {
      n1MessageContainer: { n1MessageClass: 'SM', n1MessageContent: { contentId: N1_SM_CONTENT_ID } },
      ...(n2
        ? {
            n2InfoContainer: {
              n2InformationClass: 'SM',
              smInfo: {
                pduSessionId: s.pduSessionId,
                sNssai,
                n2InfoContent: { ngapIeType: 'PDU_RES_SETUP_REQ', ngapData: { contentId: N2_SM_CONTENT_ID } },
              },
            },
          }
        : {}),
      pduSessionId: s.pduSessionId,
    };
    const r = await this.host.amfClient(s.amf).request('POST', n1n2MessagesPath(s.supi), {
      json: body,
      parts: [n1SmPart(Buffer.isBuffer(n1) ? n1 : encode(n1)), ...(n2 ? [n2SmPart(n2)] : [])],
    });
    if (r.status >= 300)
      this.host.onError(new Error(`N1N2MessageTransfer for ${s.supi}/${s.pduSessionId}: the AMF answered ${r.status}`));
  }

  private async update(s: SmContext, req: SbiRequest): Promise<SbiResponse> {
    const body = parseSbi(smContextUpdateData, req.body.json, 'SmContextUpdateData');
    if (!body.ok) return { status: 400, json: body.problem, jsonType: MEDIA_TYPE.PROBLEM_JSON };
    const d = body.value;
    const n2 = binaryPart(req.body, d.n2SmInfo)?.data;
    if (n2 && d.n2SmInfoType === 'PDU_RES_SETUP_RSP') return this.activate(s, n2);
    if (d.n2SmInfoType === 'PDU_RES_SETUP_FAIL') {
      await this.host.n4.delete(s);
      return { status: 200, json: { upCnxState: 'DEACTIVATED' } };
    }
    if (d.n2SmInfoType === 'PDU_RES_REL_RSP') return { status: 204 };
    const n1 = binaryPart(req.body, d.n1SmMsg)?.data;
    if (!n1) return { status: 204 };
    let sm: SmMessage;
    try {
      const m = decode(n1);
      if (m.protocol !== '5gsm') return json(403, 'N1_SM_ERROR', `the N1 SM message is ${m.type}`);
      sm = m;
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return json(403, 'N1_SM_ERROR', `the N1 SM message does not decode: ${e.message}`);
    }
    if (sm.type === 'pdu-session-release-request') {
      // Home-routed: the H-SMF decides the release (TS 23.502 §4.3.4.3 step 1a, N16 Update).
      if (s.home && this.host.visited && !this.host.has('release-without-n16'))
        return this.host.visited.releaseRequested(s, n1, sm.pti);
      // TS 24.501 §6.4.3.2: Release Command #36 "regular deactivation".
      return releaseCommandAnswer(encode(smMessage('pdu-session-release-command', s.pduSessionId, sm.pti, 36)));
    }
    if (sm.type === 'pdu-session-release-complete') {
      await this.forget(s);
      // TS 23.502 §4.3.4.2 step 11: the SMF tells the AMF the SM context is released (after this answer).
      if (!this.host.has('no-status-notify'))
        setImmediate(() => {
          this.notifyReleased(s).catch((e) => this.host.onError(e));
        });
      return { status: 204 };
    }
    // §7.3.2 (TS 24.501): anything else is answered with 5GSM status #98 "message type not compatible with the protocol state".
    const status = encode(smMessage('5gsm-status', s.pduSessionId, sm.pti, 98));
    return { status: 200, json: { n1SmMsg: { contentId: N1_SM_CONTENT_ID } }, parts: [n1SmPart(status)] };
  }

  /** PDU_RES_SETUP_RSP: the gNB's DL F-TEID → N4 Modification (TS 23.502 §4.3.2.2.1 steps 15-16), then an RA. */
  private async activate(s: SmContext, n2: Buffer): Promise<SbiResponse> {
    let tnl;
    try {
      tnl = decodeTransfer(pduSessionResourceSetupResponseTransfer, n2).dlQosFlowPerTnlInformation
        .upTransportLayerInformation;
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return json(400, 'N2_SM_ERROR', `PDU Session Resource Setup Response Transfer does not decode: ${e.message}`);
    }
    if (tnl.choice !== 'gtpTunnel') return json(400, 'N2_SM_ERROR', 'the DL tunnel is not a GTP tunnel');
    const a = tnl.value.transportLayerAddress;
    const address = this.host.n3Family === 'ipv6' ? (a.ipv6 ?? a.ipv4) : (a.ipv4 ?? a.ipv6);
    if (!address) return json(400, 'N2_SM_ERROR', 'the DL tunnel has no address');
    s.gnb = { teid: tnl.value.gtpTeid, address };
    if (s.upSeid !== undefined) {
      const why = await this.host.n4.modifyDownlink(s, s.gnb);
      if (why) {
        this.host.onError(new Error(`N4 modification of ${s.supi}/${s.pduSessionId}: ${why}`));
        return json(500, 'UPF_NOT_RESPONDING', why);
      }
      this.host.n4u.advertise(s);
    }
    return { status: 200, json: { upCnxState: 'ACTIVATED' } };
  }

  /** SmContextStatusNotify (TS 29.502 §5.2.2.5, §6.1.6.2.10): resourceStatus RELEASED to the AMF's smContextStatusUri. */
  private async notifyReleased(s: SmContext): Promise<void> {
    const uri = new URL(s.statusUri);
    const body: SmContextStatusNotification = { statusInfo: { resourceStatus: 'RELEASED' } };
    const r = await this.host.amfClient(uri.origin).request('POST', `${uri.pathname}${uri.search}`, { json: body });
    if (r.status >= 300)
      this.host.onError(
        new Error(`SmContextStatusNotify for ${s.supi}/${s.pduSessionId}: the AMF answered ${r.status}`),
      );
  }

  async forget(s: SmContext): Promise<void> {
    if (!this.contexts.delete(s.ref)) return;
    // Home-routed: the H-SMF's PDU session goes too (N16 Release), unless the H-SMF released it.
    if (s.home && !s.home.released) await this.host.visited?.releaseHome(s);
    this.byN4uTeid.delete(s.n4uTeid);
    if (s.prefix) this.v6Pools.get(s.dnn)?.release(s.prefix);
    if (s.ipv4) this.v4Pools.get(s.dnn)?.release(s.ipv4);
    const why = await this.host.n4.delete(s);
    if (why) this.host.onError(new Error(`N4 deletion of ${s.supi}/${s.pduSessionId}: ${why}`));
  }
}
