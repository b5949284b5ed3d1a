import { randomUUID } from 'node:crypto';
import type { SbiClient, SbiRequest, SbiResponse } from '../../net/sbi/index.ts';
import { decode, encode } from '../../protocol/nas/index.ts';
import {
  binaryPart,
  fromTunnelInfo,
  N1_SM_CONTENT_ID,
  n1SmPart,
  PDU_SESSIONS_PATH,
  type PduSessionCreateData,
  parseSbi,
  pduSessionCreatedData,
  pduSessionCreateError,
  type SmContextCreateData,
  smContextPath,
  toTunnelInfo,
  requestSmInfo,
  joinAccept,
  typeAndSscOf,
  sessionAmbrOf,
  type HsmfUpdateData,
  MEDIA_TYPE,
  parseVsmfPduSessionPath,
  releaseCommandOf,
  releaseRequestSmInfo,
  VSMF_PDU_SESSIONS_PATH,
  vsmfUpdateData,
} from '../../protocol/sbi/index.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import { type EstablishmentRequest, type Granted, smMessage } from '../common/pdu-session-policy.ts';
import type { SmfFault } from './faults.ts';
import type { SmfN4 } from './n4.ts';
import type { N16Log } from './n16-log.ts';
import { n2SetupRequest, problemAnswer as json, releaseCommandAnswer, type SmContexts } from './sm-contexts.ts';
import type { SmContext } from './session.ts';

/** What the V-SMF uses of the SMF. */
export interface VisitedSmfHost {
  readonly n4: SmfN4;
  readonly contexts: SmContexts;
  readonly apiRoot: string;
  /** N3 and N9 family of the V-UPF. */
  readonly family: 'ipv6' | 'ipv4';
  /** The H-SMF's N16 client, by API root (the AMF's hSmfUri, or the one the target declares). */
  hSmf(apiRoot: string): SbiClient;
  readonly defaultHSmf: string;
  readonly n16: N16Log;
  has(f: SmfFault): boolean;
  onError(e: unknown): void;
}

/**
 * The V-SMF has no DNN policy and no pools of its own for a home-routed session: what the accept
 * says comes from the H-SMF. Its context keeps this placeholder (no RA is sent by the V-SMF).
 */
const NO_LOCAL_POLICY: ApnConfig = {
  pdnTypes: 'ipv4v6',
  singleAddressBearersOnly: false,
  prefer: 'ipv6',
  ipv6Pool: '',
  ipv4Pool: '',
  dnsIpv6: [],
  dnsIpv4: [],
  mtu: 0,
};

/**
 * How long the V-SMF holds the AMF's Update SM Context for the H-SMF's Update with the release
 * (below the AMF's 5 s SBI timeout, so the UE is answered either way).
 */
const HOME_RELEASE_WITHIN_MS = 3000;

const GRANTED: Readonly<Record<string, Granted>> = { IPV4: 'ipv4', IPV6: 'ipv6', IPV4V6: 'ipv4v6' };
const REQUESTED: Readonly<Record<number, Granted>> = { 1: 'ipv4', 2: 'ipv6', 3: 'ipv4v6' };

/**
 * The V-SMF of a home-routed PDU session (TS 23.502 §4.3.2.2.2): Create SM Context from the AMF is
 * answered 201 at once; then the V-UPF's relay session (N4, step 6: N3 and N9 F-TEIDs chosen by
 * the V-UPF), Nsmf_PDUSession_Create to the H-SMF on N16 (TS 29.502 §5.2.2.7.1, step 7: the UE's
 * optional 5GSM IEs in n1SmInfoFromUe, vcnTunnelInfo = the V-UPF's N9 F-TEID), the H-SMF's answer
 * (step 13: hcnTunnelInfo, the accept's mandatory fields in JSON and its optional IEs in
 * n1SmInfoToUe, from which the V-SMF builds the Establishment Accept, protocol/sbi/n1-sm-info.ts),
 * the V-UPF's uplink FAR toward the H-UPF (step 14), and N1N2MessageTransfer to the AMF with the
 * accept and the N2 setup request naming the V-UPF's N3 F-TEID (step 15). An H-SMF reject becomes
 * the Establishment Reject with its n1smCause. The gNB's F-TEID then updates the V-UPF's downlink
 * (sm-contexts.ts `activate`).
 */
export class VisitedSmf {
  constructor(private readonly host: VisitedSmfHost) {}

  create(
    d: SmContextCreateData,
    n1: Buffer,
    est: EstablishmentRequest,
    reject: (cause: number) => SbiResponse,
  ): SbiResponse {
    if (!d.dnn) return reject(27);
    const requested = REQUESTED[(est.ies.find((i) => i.ie === 'pdu-session-type')?.value as number) ?? 3];
    const s: SmContext = {
      ...this.host.contexts.identity(d.supi!, d.pduSessionId!, d.sNssai, d.smContextStatusUri),
      dnn: d.dnn,
      config: NO_LOCAL_POLICY,
      granted: requested ?? 'ipv4v6',
      n4uTeid: 0,
      home: { hSmf: d.hSmfUri ? new URL(d.hSmfUri).origin : this.host.defaultHSmf },
    };
    this.host.contexts.register(s);
    setImmediate(() => {
      this.establish(s, d, n1, est).catch((e) => this.host.onError(e));
    });
    return {
      status: 201,
      headers: { location: `${this.host.apiRoot}${smContextPath(s.ref)}` },
      json: { pduSessionId: s.pduSessionId, sNssai: d.sNssai, hSmfUri: s.home!.hSmf },
    };
  }

  private async establish(s: SmContext, d: SmContextCreateData, n1: Buffer, est: EstablishmentRequest): Promise<void> {
    // `why` is an error of the path (logged); an H-SMF reject is the home network's decision (not logged).
    const fail = async (why: string | undefined, nas?: Buffer) => {
      if (why) this.host.onError(new Error(`home-routed PDU session of ${s.supi}/${s.pduSessionId}: ${why}`));
      await this.host.contexts.forget(s);
      await this.host.contexts.transfer(
        s,
        nas ?? smMessage('pdu-session-establishment-reject', s.pduSessionId, est.pti, 26),
      );
    };
    const info = requestSmInfo(n1);
    const why = await this.host.n4.establishVisited(s, this.host.family);
    if (why) return fail(`V-UPF: ${why}`);
    const home = s.home!;
    const body: PduSessionCreateData = {
      supi: s.supi,
      pduSessionId: s.pduSessionId,
      dnn: s.dnn,
      ...(d.sNssai ? { sNssai: d.sNssai } : {}),
      vsmfId: VSMF_ID,
      servingNetwork: d.servingNetwork,
      requestType: 'INITIAL_REQUEST',
      vsmfPduSessionUri: `${this.host.apiRoot}${VSMF_PDU_SESSIONS_PATH}/${encodeURIComponent(s.ref)}`,
      vcnTunnelInfo: toTunnelInfo(home.n9!),
      anType: d.anType,
      ...(d.ratType ? { ratType: d.ratType } : {}),
      // The UE's optional IEs for the H-SMF (TS 29.502 §5.2.3.x); the header and mandatory fields stay here.
      ...(info.length ? { n1SmInfoFromUe: { contentId: N1_SM_CONTENT_ID } } : {}),
    };
    let r: Awaited<ReturnType<SbiClient['request']>>;
    try {
      r = await this.host
        .hSmf(home.hSmf)
        .request('POST', PDU_SESSIONS_PATH, { json: body, parts: info.length ? [n1SmPart(info)] : [] });
    } catch (e) {
      return fail(`no answer from the H-SMF ${home.hSmf} on N16 (${(e as Error).message})`);
    }
    this.host.n16.add({
      op: 'create',
      supi: s.supi,
      pduSessionId: s.pduSessionId,
      status: r.status,
      ...(r.body.parts.length ? { n1SmInfo: true } : {}),
      ...(r.status !== 201 && typeof (r.body.json as { n1smCause?: unknown })?.n1smCause === 'string'
        ? { n1smCause: (r.body.json as { n1smCause: string }).n1smCause }
        : {}),
    });
    if (r.status !== 201) {
      // §5.2.2.7.3: the Establishment Reject with the H-SMF's 5GSM cause (#26 without one) and its IEs.
      const err = parseSbi(pduSessionCreateError, r.body.json, 'PduSessionCreateError');
      const cause = err.ok && err.value.n1smCause ? Number.parseInt(err.value.n1smCause, 16) : 26;
      const ies = err.ok && err.value.n1SmInfoToUe ? binaryPart(r.body, err.value.n1SmInfoToUe)?.data : undefined;
      const reject = encode(smMessage('pdu-session-establishment-reject', s.pduSessionId, est.pti, cause));
      return fail(
        err.ok && err.value.n1smCause ? undefined : `the H-SMF answered Create ${r.status} without a 5GSM cause`,
        ies ? Buffer.concat([reject, ies]) : reject,
      );
    }
    const created = parseSbi(pduSessionCreatedData, r.body.json, 'PduSessionCreatedData');
    if (!created.ok) return fail(`the H-SMF's PduSessionCreatedData is invalid: ${created.problem.detail}`);
    const c = created.value;
    const qosRules = c.qosFlowsSetupList?.[0]?.qosRules;
    if (!c.hcnTunnelInfo || !qosRules || !c.sessionAmbr)
      return fail('the H-SMF answered without hcnTunnelInfo, the QoS rules or the Session-AMBR');
    let accept: Buffer;
    try {
      // §5.2.3.x: the V-SMF builds the Establishment Accept from the JSON and the H-SMF's N1 SM IEs.
      accept = joinAccept(s.pduSessionId, est.pti, {
        typeAndSsc: typeAndSscOf(c.pduSessionType, c.sscMode),
        qosRules: Buffer.from(qosRules, 'base64'),
        sessionAmbr: sessionAmbrOf(c.sessionAmbr),
        optional: (c.n1SmInfoToUe && binaryPart(r.body, c.n1SmInfoToUe)?.data) || Buffer.alloc(0),
      });
      decode(accept);
    } catch (e) {
      return fail(`the H-SMF's answer makes no Establishment Accept: ${(e as Error).message}`);
    }
    home.uri = String(r.headers.location ?? '');
    home.hcn = fromTunnelInfo(c.hcnTunnelInfo, this.host.family);
    s.granted = GRANTED[c.pduSessionType] ?? s.granted;
    const qfi = c.qosFlowsSetupList?.[0]?.qfi;
    if (qfi !== undefined) s.qfi = qfi;
    const mod = await this.host.n4.modifyUplink(s, home.hcn);
    if (mod) return fail(`V-UPF: ${mod}`);
    // Fault: the gNB is given the H-UPF's N9 F-TEID, as if no V-UPF were in the path.
    if (this.host.has('hcn-on-n3')) s.n3 = home.hcn;
    await this.host.contexts.transfer(s, accept, n2SetupRequest(s));
  }

  /**
   * A UE-requested release of a home-routed session (TS 23.502 §4.3.4.3 step 1a, TS 29.502
   * §5.2.2.8.2): the V-UPF's uplink FAR set to drop, then Nsmf_PDUSession_Update to the H-SMF with requestIndication UE_REQ_PDU_SES_REL and
   * the Release Request's optional IEs in n1SmInfoFromUe; the H-SMF answers at once, releases its
   * H-UPF and sends its own Update (step 3, `handle`) with the 5GSM cause of the Release Command,
   * which the V-SMF builds and answers the AMF with (the AMF's Update SM Context is held until
   * then). An H-SMF that refuses or stays silent: the V-SMF releases here with #36 (logged), and
   * the UE's Release Complete then releases the H-SMF's session with N16 Release.
   */
  async releaseRequested(s: SmContext, n1: Buffer, pti: number): Promise<SbiResponse> {
    const home = s.home!;
    const local = (why: string) => {
      this.host.onError(
        new Error(`UE-requested release of ${s.supi}/${s.pduSessionId}: ${why}; released by the V-SMF`),
      );
      return releaseCommandAnswer(encode(smMessage('pdu-session-release-command', s.pduSessionId, pti, 36)));
    };
    if (!home.uri) return local('the H-SMF holds no PDU session');
    const info = releaseRequestSmInfo(n1);
    // Step 1a: the V-UPF stops forwarding the uplink first (the release goes on if it does not answer).
    const stopped = await this.host.n4.stopUplink(s);
    if (stopped) this.host.onError(new Error(`V-UPF uplink stop of ${s.supi}/${s.pduSessionId}: ${stopped}`));
    let timer: NodeJS.Timeout | undefined;
    const released = new Promise<{ cause: number; ies: Buffer } | undefined>((resolve) => {
      home.pendingRelease = resolve;
      timer = setTimeout(() => resolve(undefined), HOME_RELEASE_WITHIN_MS);
      // A stopping SMF is not held up by a release still waiting.
      timer.unref();
    });
    const body: HsmfUpdateData = {
      requestIndication: 'UE_REQ_PDU_SES_REL',
      ...(info.length ? { n1SmInfoFromUe: { contentId: N1_SM_CONTENT_ID } } : {}),
    };
    const path = new URL(home.uri).pathname;
    let status: number;
    try {
      const r = await this.host
        .hSmf(home.hSmf)
        .request('POST', `${path}/modify`, { json: body, parts: info.length ? [n1SmPart(info)] : [] });
      status = r.status;
    } catch (e) {
      clearTimeout(timer);
      home.pendingRelease = undefined;
      return local(`no answer from the H-SMF to Nsmf_PDUSession_Update (${(e as Error).message})`);
    }
    this.host.n16.add({
      op: 'update',
      supi: s.supi,
      pduSessionId: s.pduSessionId,
      status,
      requestIndication: body.requestIndication,
      ...(info.length ? { n1SmInfo: true } : {}),
    });
    if (status >= 300) {
      clearTimeout(timer);
      home.pendingRelease = undefined;
      return local(`the H-SMF answered Nsmf_PDUSession_Update ${status}`);
    }
    const got = await released;
    clearTimeout(timer);
    home.pendingRelease = undefined;
    if (!got)
      return local(
        `the H-SMF sent no Nsmf_PDUSession_Update with the release within ${HOME_RELEASE_WITHIN_MS / 1000} s`,
      );
    home.released = true;
    return releaseCommandAnswer(releaseCommandOf(s.pduSessionId, pti, got.cause, got.ies));
  }

  /**
   * The H-SMF's Update toward this V-SMF (TS 29.502 §5.2.2.8.3, POST {vsmfPduSessionUri}/modify):
   * a release (UE_REQ_PDU_SES_REL or NW_REQ_PDU_SES_REL) of a session whose UE asked for it gives
   * the Release Command's 5GSM cause (n1smCause) and optional IEs (n1SmInfoToUe); 204.
   * Network-requested release without the UE's request and modifications are not supported by
   * this stand-in (403 MODIFICATION_NOT_ALLOWED, saying so).
   */
  handle(req: SbiRequest): SbiResponse {
    if (req.method !== 'POST') return json(405, 'INVALID_API', `${req.method} ${req.path}`);
    const p = parseVsmfPduSessionPath(req.path);
    if (p?.op !== 'modify') return json(404, 'RESOURCE_URI_STRUCTURE_NOT_FOUND', req.path);
    const s = this.host.contexts.get(p.ref);
    if (!s?.home) return json(404, 'CONTEXT_NOT_FOUND', `no PDU session ${p.ref}`);
    const body = parseSbi(vsmfUpdateData, req.body.json, 'VsmfUpdateData');
    if (!body.ok) return { status: 400, json: body.problem, jsonType: MEDIA_TYPE.PROBLEM_JSON };
    const d = body.value;
    if (d.requestIndication !== 'UE_REQ_PDU_SES_REL' && d.requestIndication !== 'NW_REQ_PDU_SES_REL')
      return json(
        403,
        'MODIFICATION_NOT_ALLOWED',
        `this V-SMF stand-in handles release only, not ${d.requestIndication}`,
      );
    const pending = s.home.pendingRelease;
    if (!pending)
      return json(
        403,
        'MODIFICATION_NOT_ALLOWED',
        'no UE-requested release is pending (network-requested release is not supported by this stand-in)',
      );
    const ies = d.n1SmInfoToUe ? binaryPart(req.body, d.n1SmInfoToUe)?.data : Buffer.alloc(0);
    if (!ies) return json(400, 'MANDATORY_IE_MISSING', 'n1SmInfoToUe names no part of the request');
    this.host.n16.add({
      op: 'vsmf-update',
      supi: s.supi,
      pduSessionId: s.pduSessionId,
      status: 204,
      requestIndication: d.requestIndication,
      ...(d.n1SmInfoToUe ? { n1SmInfo: true } : {}),
      ...(d.n1smCause ? { n1smCause: d.n1smCause } : {}),
    });
    // TS 24.501 §8.3.14: the cause is mandatory in the Release Command; #36 when the H-SMF gives none.
    pending({ cause: d.n1smCause ? Number.parseInt(d.n1smCause, 16) : 36, ies });
    return { status: 204 };
  }

  /** Nsmf_PDUSession_Release toward the H-SMF (TS 29.502 §5.2.2.9, TS 23.502 §4.3.4.3). */
  async releaseHome(s: SmContext): Promise<void> {
    const home = s.home;
    if (!home?.uri) return;
    const path = new URL(home.uri).pathname;
    const r = await this.host.hSmf(home.hSmf).request('POST', `${path}/release`, { json: {} });
    this.host.n16.add({ op: 'release', supi: s.supi, pduSessionId: s.pduSessionId, status: r.status });
    if (r.status >= 300)
      this.host.onError(new Error(`N16 Release of ${s.supi}/${s.pduSessionId}: the H-SMF answered ${r.status}`));
  }
}

/** The V-SMF's NF instance ID (TS 29.571 §5.3.2: a UUID) that the H-SMF sees on N16. */
const VSMF_ID = randomUUID();
