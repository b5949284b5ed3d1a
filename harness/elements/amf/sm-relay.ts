import type { SbiClient, SbiReply, SbiRequest, SbiResponse } from '../../net/sbi/index.ts';
import type { Plmn } from '../../protocol/common/plmn.ts';
import {
  decode,
  dnnName,
  findIe,
  type NasMessage,
  PAYLOAD_CONTAINER_TYPE,
  type SNssai,
} from '../../protocol/nas/index.ts';
import { ieValue, ngapMessage, type NgapMessage } from '../../protocol/ngap/index.ts';
import {
  binaryPart,
  MEDIA_TYPE,
  N1_SM_CONTENT_ID,
  N2_SM_CONTENT_ID,
  type N2SmInfoType,
  n1n2MessageTransferReqData,
  n1SmPart,
  n2SmPart,
  parseN1n2MessagesPath,
  parseSbi,
  problem,
  SM_CONTEXTS_PATH,
  smContextCreateError,
  type SmContextCreateData,
  smContextPath,
  smContextStatusNotification,
  smContextUpdatedData,
} from '../../protocol/sbi/index.ts';
import type { AmfFault } from './faults.ts';
import type { LocalSm } from './sm-local.ts';
import type { AmfPduSession, AmfUe, GnbPeer } from './ue-context.ts';

type Mm<T extends string> = Extract<NasMessage, { protocol: '5gmm'; type: T }>;

/** What the N1/N2 SM relay uses of the AMF. */
export interface SmHost {
  readonly opts: { plmn: Plmn };
  readonly smf?: SbiClient;
  /** The AMF's own session management when it has no SMF (targets whose AMF names no SMF, sm-local.ts). */
  readonly localSm?: LocalSm;
  readonly nfInstanceId: string;
  readonly bySupiSession: Map<string, AmfUe>;
  readonly guami: { plmnIdentity: Plmn; amfRegionId: number; amfSetId: number; amfPointer: number };
  has(f: AmfFault): boolean;
  send(gnb: GnbPeer, m: NgapMessage, ranUeId?: number): void;
  sendNas(ue: AmfUe, m: NasMessage, sht?: 0 | 1 | 2 | 3 | 4): void;
  nasPdu(ue: AmfUe, m: NasMessage, sht?: 0 | 1 | 2 | 3 | 4): Buffer;
  statusUri(supi: string, pduSessionId: number): string;
  /** The SM context status notifications the SMF sent (TS 29.502 §5.2.2.5), oldest first, bounded. */
  readonly statusNotifications: SmStatusNotification[];
  onError?(e: unknown): void;
}

/** One SmContextStatusNotify the AMF received: whose PDU session, and its resourceStatus. */
export interface SmStatusNotification {
  supi: string;
  pduSessionId: number;
  resourceStatus: string;
}

/** Notifications kept (a load's releases do not grow the list without bound). */
const STATUS_NOTIFICATIONS_KEPT = 1000;

/** DL NAS Transport (TS 24.501 §8.2.11) carrying a 5GSM message for one PDU session, or the 5GMM cause of one not forwarded. */
function dlNasTransport(n1: Buffer, pduSessionId: number, mmCause?: number): NasMessage {
  return {
    protocol: '5gmm',
    type: 'dl-nas-transport',
    payloadContainerType: PAYLOAD_CONTAINER_TYPE['n1-sm'],
    payloadContainer: n1,
    ies: [
      { ie: 'pdu-session-id', value: pduSessionId },
      ...(mmCause !== undefined ? [{ ie: '5gmm-cause', value: mmCause }] : []),
    ],
  } as NasMessage;
}

const key = (supi: string, pduSessionId: number) => `${supi}/${pduSessionId}`;
const sbiSnssai = (s: SNssai) => ({
  sst: s.sst,
  ...(s.sd === undefined ? {} : { sd: s.sd.toString(16).padStart(6, '0') }),
});

/**
 * An N1 SM message from the UE (UL NAS Transport, TS 24.501 §5.4.5.2): a new PDU session goes to
 * the SMF in Create SM Context (TS 29.502 §5.2.2.2.1), anything for an existing one in Update SM
 * Context (§5.2.2.3.2). Without an SMF, or when the SMF cannot be reached, the message comes back
 * with 5GMM cause #90 "payload was not forwarded" (§5.4.5.2.5).
 */
export function onN1Sm(amf: SmHost, ue: AmfUe, t: Mm<'ul-nas-transport'>): void {
  const id = findIe(t, 'pdu-session-id')?.value;
  const n1 = t.payloadContainer;
  if (id === undefined) return;
  const notForwarded = () => amf.sendNas(ue, dlNasTransport(n1, id, 90));
  if ((!amf.smf && !amf.localSm) || amf.has('drop-n1-sm') || !ue.supi) return notForwarded();
  let sm: NasMessage;
  try {
    sm = decode(n1);
  } catch {
    return notForwarded();
  }
  const existing = ue.sessions.get(id);
  if (!amf.smf && amf.localSm) {
    if (sm.protocol !== '5gsm') return notForwarded();
    const dnn = findIe(t, 'dnn')?.value;
    amf.localSm.onSm(ue, sm, existing, dnn !== undefined ? dnnName(dnn) : undefined);
    return;
  }
  if (sm.type === 'pdu-session-establishment-request' && !existing) {
    const dnn = findIe(t, 'dnn')?.value;
    const session: AmfPduSession = {
      pduSessionId: id,
      dnn: dnn !== undefined ? dnnName(dnn) : 'internet',
      sNssai: findIe(t, 's-nssai')?.value ?? ue.allowedNssai[0] ?? { sst: 1 },
    };
    ue.sessions.set(id, session);
    amf.bySupiSession.set(key(ue.supi, id), ue);
    void createSmContext(amf, ue, session, n1).catch((e) => {
      amf.onError?.(e);
      forgetSession(amf, ue, id);
      notForwarded();
    });
    return;
  }
  if (!existing?.smContextRef) return notForwarded();
  void updateSmContext(amf, ue, existing, { n1 })
    .then((r) => {
      if (sm.type === 'pdu-session-release-complete' || (r && r.status >= 400)) forgetSession(amf, ue, id);
    })
    .catch((e) => {
      amf.onError?.(e);
      notForwarded();
    });
}

function forgetSession(amf: SmHost, ue: AmfUe, id: number): void {
  ue.sessions.delete(id);
  if (ue.supi) amf.bySupiSession.delete(key(ue.supi, id));
}

async function createSmContext(amf: SmHost, ue: AmfUe, s: AmfPduSession, n1: Buffer): Promise<void> {
  const supi = ue.supi!;
  const json: SmContextCreateData = {
    supi: `imsi-${supi}`,
    pduSessionId: s.pduSessionId,
    dnn: s.dnn,
    sNssai: sbiSnssai(s.sNssai),
    servingNfId: amf.nfInstanceId,
    guami: {
      plmnId: { mcc: amf.guami.plmnIdentity.mcc, mnc: amf.guami.plmnIdentity.mnc },
      amfId: amfId(amf.guami),
    },
    servingNetwork: { mcc: amf.opts.plmn.mcc, mnc: amf.opts.plmn.mnc },
    requestType: 'INITIAL_REQUEST',
    n1SmMsg: { contentId: N1_SM_CONTENT_ID },
    anType: '3GPP_ACCESS',
    ratType: 'NR',
    smContextStatusUri: amf.statusUri(`imsi-${supi}`, s.pduSessionId),
  };
  const r = await amf.smf!.request('POST', SM_CONTEXTS_PATH, { json, parts: [n1SmPart(n1)] });
  if (r.status === 201) {
    const location = String(r.headers.location ?? '');
    s.smContextRef = decodeURIComponent(location.slice(location.lastIndexOf('/') + 1));
    return;
  }
  // §5.2.2.2.1: an error with an N1 SM message (PDU Session Establishment Reject) goes to the UE.
  const err = parseSbi(smContextCreateError, r.body.json, 'SmContextCreateError');
  const reject = err.ok ? binaryPart(r.body, err.value.n1SmMsg) : undefined;
  forgetSession(amf, ue, s.pduSessionId);
  amf.sendNas(ue, dlNasTransport(reject?.data ?? n1, s.pduSessionId, reject ? undefined : 90));
}

/** AMF Identifier (TS 23.003 §2.10.1): region (8 bits), set (10), pointer (6), as 6 hex digits. */
function amfId(g: { amfRegionId: number; amfSetId: number; amfPointer: number }): string {
  return ((g.amfRegionId << 16) | (g.amfSetId << 6) | g.amfPointer).toString(16).padStart(6, '0');
}

/**
 * Update SM Context (TS 29.502 §5.2.2.3): an N1 SM message from the UE or an N2 SM transfer from
 * the gNB; what the SMF answers (N1 for the UE, N2 for the gNB) is relayed.
 */
async function updateSmContext(
  amf: SmHost,
  ue: AmfUe,
  s: AmfPduSession,
  what: { n1?: Buffer; n2?: Buffer; n2Type?: N2SmInfoType },
): Promise<SbiReply | undefined> {
  if (!s.smContextRef) return undefined;
  const parts = [...(what.n1 ? [n1SmPart(what.n1)] : []), ...(what.n2 ? [n2SmPart(what.n2)] : [])];
  const r = await amf.smf!.request('POST', smContextPath(s.smContextRef, 'modify'), {
    json: {
      ...(what.n1 ? { n1SmMsg: { contentId: N1_SM_CONTENT_ID } } : {}),
      ...(what.n2 ? { n2SmInfo: { contentId: N2_SM_CONTENT_ID }, n2SmInfoType: what.n2Type } : {}),
    },
    parts,
  });
  if (r.status !== 200) return r;
  const ok = parseSbi(smContextUpdatedData, r.body.json, 'SmContextUpdatedData');
  if (!ok.ok) return r;
  relay(
    amf,
    ue,
    s,
    binaryPart(r.body, ok.value.n1SmMsg)?.data,
    binaryPart(r.body, ok.value.n2SmInfo)?.data,
    ok.value.n2SmInfoType,
  );
  return r;
}

/** What the SMF sent toward the UE and gNB: N2 resource setup or release with the N1 message, or N1 alone. */
function relay(amf: SmHost, ue: AmfUe, s: AmfPduSession, n1?: Buffer, n2?: Buffer, n2Type?: string): void {
  const ids = { 'AMF-UE-NGAP-ID': ue.amfUeId, 'RAN-UE-NGAP-ID': ue.ranUeId };
  const nas = n1 ? amf.nasPdu(ue, dlNasTransport(n1, s.pduSessionId)) : undefined;
  if (n2 && n2Type === 'PDU_RES_SETUP_REQ' && !amf.has('no-pdu-session-resources')) {
    amf.send(
      ue.gnb,
      ngapMessage('PDUSessionResourceSetupRequest', {
        ...ids,
        PDUSessionResourceSetupListSUReq: [
          {
            pduSessionId: s.pduSessionId,
            ...(nas ? { pduSessionNasPdu: nas } : {}),
            sNssai: { sst: s.sNssai.sst, ...(s.sNssai.sd === undefined ? {} : { sd: s.sNssai.sd }) },
            pduSessionResourceSetupRequestTransfer: n2,
          },
        ],
      }),
      ue.ranUeId,
    );
    return;
  }
  if (n2 && n2Type === 'PDU_RES_REL_CMD') {
    amf.send(
      ue.gnb,
      ngapMessage('PDUSessionResourceReleaseCommand', {
        ...ids,
        ...(nas ? { 'NAS-PDU': nas } : {}),
        PDUSessionResourceToReleaseListRelCmd: [
          { pduSessionId: s.pduSessionId, pduSessionResourceReleaseCommandTransfer: n2 },
        ],
      }),
      ue.ranUeId,
    );
    return;
  }
  if (nas) amf.send(ue.gnb, ngapMessage('DownlinkNASTransport', { ...ids, 'NAS-PDU': nas }), ue.ranUeId);
}

/**
 * The AMF's Namf server: N1N2MessageTransfer from the SMF (TS 29.518 §5.2.2.3.1), and SM context
 * status notifications (TS 29.502 §5.2.2.5) on the callback URI.
 */
export function onN1N2Transfer(amf: SmHost, req: SbiRequest): SbiResponse {
  if (req.method === 'POST' && req.path.startsWith('/namf-callback/v1/sm-context-status/')) {
    const [supi, id] = req.path.split('/').slice(-2);
    const ue = amf.bySupiSession.get(key(supi.replace(/^imsi-/, ''), Number(id)));
    const body = parseSbi(smContextStatusNotification, req.body.json, 'SmContextStatusNotification');
    if (!body.ok) return { status: 400, json: body.problem, jsonType: MEDIA_TYPE.PROBLEM_JSON };
    const status = body.value.statusInfo.resourceStatus;
    amf.statusNotifications.push({
      supi: supi.replace(/^imsi-/, ''),
      pduSessionId: Number(id),
      resourceStatus: status,
    });
    if (amf.statusNotifications.length > STATUS_NOTIFICATIONS_KEPT) amf.statusNotifications.shift();
    if (ue && status === 'RELEASED') forgetSession(amf, ue, Number(id));
    return { status: 204 };
  }
  const path = parseN1n2MessagesPath(req.path);
  if (req.method !== 'POST' || !path)
    return {
      status: 404,
      json: problem('RESOURCE_URI_STRUCTURE_NOT_FOUND', req.path),
      jsonType: MEDIA_TYPE.PROBLEM_JSON,
    };
  const body = parseSbi(n1n2MessageTransferReqData, req.body.json, 'N1N2MessageTransferReqData');
  if (!body.ok) return { status: 400, json: body.problem, jsonType: MEDIA_TYPE.PROBLEM_JSON };
  const d = body.value;
  const id = d.pduSessionId ?? d.n2InfoContainer?.smInfo?.pduSessionId;
  const supi = path.ueContextId.replace(/^imsi-/, '');
  const ue = id === undefined ? undefined : amf.bySupiSession.get(key(supi, id));
  const s = id === undefined ? undefined : ue?.sessions.get(id);
  if (!ue || !s)
    return {
      status: 404,
      json: problem('CONTEXT_NOT_FOUND', `no PDU session ${id} of ${path.ueContextId}`),
      jsonType: MEDIA_TYPE.PROBLEM_JSON,
    };
  const n1 = binaryPart(req.body, d.n1MessageContainer?.n1MessageContent)?.data;
  const n2 = binaryPart(req.body, d.n2InfoContainer?.smInfo?.n2InfoContent?.ngapData)?.data;
  relay(amf, ue, s, n1, n2, d.n2InfoContainer?.smInfo?.n2InfoContent?.ngapIeType);
  return { status: 200, json: { cause: 'N1_N2_TRANSFER_INITIATED' } };
}

/**
 * The gNB's answer to PDU session resource setup or release (TS 38.413 §8.2.1, §8.2.2): each
 * item's transfer goes to the SMF in Update SM Context with its N2 SM information type.
 */
export function onSessionResourcesAnswer(amf: SmHost, ue: AmfUe, m: NgapMessage): void {
  const items: { id: number; transfer: Buffer; type: N2SmInfoType }[] = [];
  if (m.message === 'PDUSessionResourceSetupResponse') {
    for (const i of ieValue(m, 'PDUSessionResourceSetupListSURes') ?? [])
      items.push({
        id: i.pduSessionId,
        transfer: i.pduSessionResourceSetupResponseTransfer,
        type: 'PDU_RES_SETUP_RSP',
      });
    for (const i of ieValue(m, 'PDUSessionResourceFailedToSetupListSURes') ?? [])
      items.push({
        id: i.pduSessionId,
        transfer: i.pduSessionResourceSetupUnsuccessfulTransfer,
        type: 'PDU_RES_SETUP_FAIL',
      });
  } else if (m.message === 'PDUSessionResourceReleaseResponse') {
    for (const i of ieValue(m, 'PDUSessionResourceReleasedListRelRes') ?? [])
      items.push({
        id: i.pduSessionId,
        transfer: i.pduSessionResourceReleaseResponseTransfer,
        type: 'PDU_RES_REL_RSP',
      });
  }
  for (const i of items) {
    const s = ue.sessions.get(i.id);
    if (!s || !amf.smf) continue;
    void updateSmContext(amf, ue, s, { n2: i.transfer, n2Type: i.type }).catch((e) => amf.onError?.(e));
  }
}

/** Release SM Context (TS 29.502 §5.2.2.4) of every PDU session of a deregistering UE. */
export async function releaseSessions(amf: SmHost, ue: AmfUe): Promise<void> {
  const all = [...ue.sessions.values()];
  if (!amf.smf && amf.localSm) {
    for (const s of all) amf.localSm.forget(ue, s);
    return;
  }
  await Promise.allSettled(
    all.map((s) =>
      s.smContextRef && amf.smf
        ? amf.smf.request('POST', smContextPath(s.smContextRef, 'release'), { json: {} })
        : Promise.resolve(undefined),
    ),
  );
  for (const s of all) forgetSession(amf, ue, s.pduSessionId);
}
