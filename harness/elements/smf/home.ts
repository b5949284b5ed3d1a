import type { SbiClient, SbiRequest, SbiResponse } from '../../net/sbi/index.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { decode, encode, type NasMessage } from '../../protocol/nas/index.ts';
import {
  binaryPart,
  fromTunnelInfo,
  MEDIA_TYPE,
  N1_SM_CONTENT_ID,
  n1SmPart,
  PDU_SESSIONS_PATH,
  type PduSessionCreatedData,
  type PduSessionCreateError,
  parsePduSessionPath,
  parseSbi,
  pduSessionCreateData,
  problem,
  requestFromSmInfo,
  splitAccept,
  toTunnelInfo,
  hsmfUpdateData,
  n1smCauseOf,
  releaseRequestFromSmInfo,
  type VsmfUpdateData,
} from '../../protocol/sbi/index.ts';
import { randomInterfaceId } from '../common/address-pools.ts';
import { type EstablishmentRequest, establishmentAccept, SESSION_AMBR_BPS } from '../common/pdu-session-policy.ts';
import type { SmfFault } from './faults.ts';
import type { N16Log } from './n16-log.ts';
import type { SmfN4 } from './n4.ts';
import type { N4u } from './n4u.ts';
import { problemAnswer as json, rejectCause, type SmContexts } from './sm-contexts.ts';
import type { SmContext } from './session.ts';

/** What the H-SMF uses of the SMF. */
export interface HomeSmfHost {
  readonly n4: SmfN4;
  readonly n4u: N4u;
  readonly contexts: SmContexts;
  readonly apiRoot: string;
  /** N9 family of the H-UPF's F-TEIDs. */
  readonly family: 'ipv6' | 'ipv4';
  /** The N16 client toward a V-SMF, by API root (the origin of its vsmfPduSessionUri). */
  vSmf(apiRoot: string): SbiClient;
  readonly n16: N16Log;
  has(f: SmfFault): boolean;
  onError(e: unknown): void;
}

const TYPE: Readonly<Record<string, string>> = { ipv4: 'IPV4', ipv6: 'IPV6', ipv4v6: 'IPV4V6' };

/**
 * The H-SMF's end of N16 (TS 29.502 §5.2.2.7-§5.2.2.9, TS 23.502 §4.3.2.2.2 steps 7-13): POST
 * pdu-sessions from a V-SMF carries the UE's PDU Session Establishment Request; the H-SMF decides
 * the type by its DNN's policy and gives the UE its /64 and IPv4 address from the home pools (the
 * same rules as on N11, sm-contexts.ts `admit`), sets up its H-UPF over N4 with the downlink to the
 * V-UPF's N9 F-TEID (vcnTunnelInfo) from the start, and answers 201 with hcnTunnelInfo (the H-UPF's
 * N9 F-TEID), the UE's addresses and the Establishment Accept in n1SmInfoToUe; a reject is 403 with
 * PduSessionCreateError and the Establishment Reject. Router Solicitations reach it over N4-u from
 * the H-UPF as on a non-roaming session. POST .../release (§5.2.2.9) deletes the N4 session, 204.
 */
export class HomeSmf {
  constructor(private readonly host: HomeSmfHost) {}

  async handle(req: SbiRequest): Promise<SbiResponse> {
    if (req.method !== 'POST') return json(405, 'INVALID_API', `${req.method} ${req.path}`);
    if (req.path.split('?')[0].replace(/\/$/, '') === PDU_SESSIONS_PATH) {
      const r = await this.create(req);
      const d = req.body.json as { supi?: unknown; pduSessionId?: unknown } | undefined;
      const cause = (r.json as { n1smCause?: unknown } | undefined)?.n1smCause;
      this.host.n16.add({
        op: 'create',
        supi: String(d?.supi ?? ''),
        pduSessionId: Number(d?.pduSessionId ?? -1),
        status: r.status,
        ...(typeof cause === 'string' ? { n1smCause: cause } : {}),
      });
      return r;
    }
    const p = parsePduSessionPath(req.path);
    if (p?.op !== 'release' && p?.op !== 'modify') return json(404, 'RESOURCE_URI_STRUCTURE_NOT_FOUND', req.path);
    const s = this.host.contexts.get(p.pduSessionRef);
    if (!s?.visited) return json(404, 'CONTEXT_NOT_FOUND', `no PDU session ${p.pduSessionRef}`);
    if (p.op === 'modify') return this.update(s, req);
    await this.host.contexts.forget(s);
    this.host.n16.add({ op: 'release', supi: s.supi, pduSessionId: s.pduSessionId, status: 204 });
    return { status: 204 };
  }

  /**
   * Nsmf_PDUSession_Update from the V-SMF (TS 29.502 §5.2.2.8.2). UE_REQ_PDU_SES_REL (TS 23.502
   * §4.3.4.3 step 1a): the UE's Release Request from n1SmInfoFromUe must decode; answered 204 at
   * once ("the H-SMF responds to the request immediately"), then the H-UPF's N4 session goes
   * (step 2) and the H-SMF's own Update tells the V-SMF to release with 5GSM cause #36 "regular
   * deactivation" (step 3, §5.2.2.8.3: requestIndication UE_REQ_PDU_SES_REL, n1smCause). Other
   * request indications (modification, TS 23.502 §4.3.3.3) are not supported by this stand-in.
   */
  private update(s: SmContext, req: SbiRequest): SbiResponse {
    const answer = (r: SbiResponse, requestIndication?: string, n1SmInfo?: boolean): SbiResponse => {
      this.host.n16.add({
        op: 'update',
        supi: s.supi,
        pduSessionId: s.pduSessionId,
        status: r.status,
        ...(requestIndication ? { requestIndication } : {}),
        ...(n1SmInfo ? { n1SmInfo } : {}),
      });
      return r;
    };
    const body = parseSbi(hsmfUpdateData, req.body.json, 'HsmfUpdateData');
    if (!body.ok) return answer({ status: 400, json: body.problem, jsonType: MEDIA_TYPE.PROBLEM_JSON });
    const d = body.value;
    const ind = d.requestIndication;
    if (ind !== 'UE_REQ_PDU_SES_REL')
      return answer(json(403, 'MODIFICATION_NOT_ALLOWED', `${ind} is not supported by this H-SMF stand-in`), ind);
    const info = d.n1SmInfoFromUe ? binaryPart(req.body, d.n1SmInfoFromUe)?.data : Buffer.alloc(0);
    if (!info) return answer(json(400, 'MANDATORY_IE_MISSING', 'n1SmInfoFromUe names no part of the request'), ind);
    try {
      decode(releaseRequestFromSmInfo(s.pduSessionId, 0, info));
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return answer(json(403, 'N1_SM_ERROR', `the UE's Release Request does not decode: ${e.message}`), ind, true);
    }
    if (!this.host.has('ignore-n16-update'))
      setImmediate(() => {
        this.release(s).catch((e) => this.host.onError(e));
      });
    return answer({ status: 204 }, ind, d.n1SmInfoFromUe !== undefined);
  }

  /** TS 23.502 §4.3.4.3 steps 2-3: N4 Session Release on the H-UPF, then the Update with the release to the V-SMF. */
  private async release(s: SmContext): Promise<void> {
    const uri = new URL(s.visited!.uri);
    await this.host.contexts.forget(s);
    const body: VsmfUpdateData = { requestIndication: 'UE_REQ_PDU_SES_REL', n1smCause: n1smCauseOf(36) };
    const r = await this.host.vSmf(uri.origin).request('POST', `${uri.pathname}/modify`, { json: body });
    this.host.n16.add({
      op: 'vsmf-update',
      supi: s.supi,
      pduSessionId: s.pduSessionId,
      status: r.status,
      requestIndication: body.requestIndication,
      n1smCause: body.n1smCause!,
    });
    if (r.status >= 300)
      this.host.onError(
        new Error(`Nsmf_PDUSession_Update (release) of ${s.supi}/${s.pduSessionId}: the V-SMF answered ${r.status}`),
      );
  }

  private async create(req: SbiRequest): Promise<SbiResponse> {
    const body = parseSbi(pduSessionCreateData, req.body.json, 'PduSessionCreateData');
    if (!body.ok) return { status: 400, json: body.problem, jsonType: MEDIA_TYPE.PROBLEM_JSON };
    const d = body.value;
    if (d.supi === undefined || d.pduSessionId === undefined)
      return json(400, 'MANDATORY_IE_MISSING', 'supi and pduSessionId are needed for an initial request');
    // The UE's optional IEs (TS 29.502 §5.2.3.x); none at all is a request that asks for nothing in particular.
    const info = d.n1SmInfoFromUe ? binaryPart(req.body, d.n1SmInfoFromUe)?.data : Buffer.alloc(0);
    if (!info) return json(400, 'MANDATORY_IE_MISSING', 'n1SmInfoFromUe names no part of the request');
    let sm: NasMessage;
    try {
      sm = decode(requestFromSmInfo(d.pduSessionId, 0, info));
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return json(403, 'N1_SM_ERROR', `the N1 SM message does not decode: ${e.message}`);
    }
    if (sm.protocol !== '5gsm' || sm.type !== 'pdu-session-establishment-request')
      return json(403, 'N1_SM_ERROR', `the N1 SM message is ${sm.type}, not PDU Session Establishment Request`);
    const est = sm as EstablishmentRequest;
    const reject = (cause: number): SbiResponse => {
      const err: PduSessionCreateError = {
        error: problem(rejectCause(cause), `5GSM cause #${cause}`),
        // §6.1.6.2.11: the 5GSM cause the V-SMF puts in the Establishment Reject (no other IE to send).
        n1smCause: n1smCauseOf(cause),
      };
      return { status: 403, json: err, jsonType: MEDIA_TYPE.PROBLEM_JSON };
    };
    if (this.host.has('reject-all')) return reject(26);
    const admitted = this.host.contexts.admit(est, d.dnn);
    if ('reject' in admitted) return reject(admitted.reject);
    const { decision, prefix, ipv4, delegated } = admitted;
    const s: SmContext = {
      ...this.host.contexts.identity(d.supi, d.pduSessionId, d.sNssai, d.vsmfPduSessionUri),
      dnn: decision.dnn,
      config: decision.config,
      granted: decision.granted,
      ...(prefix ? { prefix, interfaceIdentifier: randomInterfaceId() } : {}),
      ...(delegated ? { delegated } : {}),
      ...(ipv4 ? { ipv4 } : {}),
      n4uTeid: this.host.n4u.allocateTeid(),
      visited: { uri: d.vsmfPduSessionUri, vcn: fromTunnelInfo(d.vcnTunnelInfo, this.host.family) },
    };
    this.host.contexts.register(s);
    const why = await this.host.n4.establish(
      s,
      { teid: s.n4uTeid, address: this.host.n4u.endpoint.address },
      this.host.family,
      s.visited!.vcn,
    );
    if (why) {
      this.host.onError(new Error(`N4 session of ${s.supi}/${s.pduSessionId}: ${why}`));
      await this.host.contexts.forget(s);
      return reject(26);
    }
    // The H-UPF learns our N4-u from this one (TS 23.501 §5.8.2.2.2: an RA right after the session is set up).
    this.host.n4u.advertise(s);
    const accept = establishmentAccept(est, {
      pduSessionId: s.pduSessionId,
      pti: est.pti,
      dnn: s.dnn,
      config: s.config,
      granted: s.granted,
      ...(decision.cause !== undefined && !this.host.has('no-type-fallback-cause') ? { cause: decision.cause } : {}),
      ...(s.interfaceIdentifier ? { interfaceIdentifier: s.interfaceIdentifier } : {}),
      ...(s.ipv4 ? { ipv4: s.ipv4 } : {}),
      sNssai: s.sNssai,
      qfi: s.qfi,
    });
    // The accept's mandatory fields go in JSON, its optional IEs in n1SmInfoToUe (TS 29.502 §5.2.3.x).
    const parts = splitAccept(encode(accept));
    const created: PduSessionCreatedData = {
      pduSessionType: TYPE[s.granted],
      sscMode: 'SSC_MODE_1',
      hcnTunnelInfo: toTunnelInfo(s.n3!),
      sessionAmbr: { uplink: `${SESSION_AMBR_BPS.ul / 1e6} Mbps`, downlink: `${SESSION_AMBR_BPS.dl / 1e6} Mbps` },
      qosFlowsSetupList: [{ qfi: s.qfi, qosRules: parts.qosRules.toString('base64') }],
      pduSessionId: s.pduSessionId,
      ...(d.sNssai ? { sNssai: d.sNssai } : {}),
      ...(s.ipv4 ? { ueIpv4Address: s.ipv4 } : {}),
      ...(s.prefix ? { ueIpv6Prefix: `${s.prefix}/64` } : {}),
      n1SmInfoToUe: { contentId: N1_SM_CONTENT_ID },
    };
    return {
      status: 201,
      headers: { location: `${this.host.apiRoot}${PDU_SESSIONS_PATH}/${s.ref}` },
      json: created,
      parts: [n1SmPart(parts.optional)],
    };
  }
}
