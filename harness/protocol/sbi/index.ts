/**
 * SBI on N11 (pure data, no sockets): the Nsmf_PDUSession SM context service (TS 29.502) and the
 * Namf_Communication N1N2MessageTransfer the SMF calls back (TS 29.518), their JSON bodies as zod
 * schemas with inferred types (TS 29.571 common data), the ProblemDetails application errors
 * (TS 29.500 §5.2.7), and multipart/related bodies with binary N1/N2 parts (TS 29.500 §6.1.2.4).
 *
 * README for the AMF side (g5ran) — the N11 flow the SMF stand-in (elements/smf) follows, as
 * TS 23.502 §4.3.2.2.1 and open5gs/free5GC do it:
 *   1. AMF → SMF  POST SM_CONTEXTS_PATH, multipart/related: SmContextCreateData JSON with
 *      `n1SmMsg: { contentId: N1_SM_CONTENT_ID }` + n1SmPart(<PDU Session Establishment Request>).
 *      Mandatory: servingNfId (AMF NF instance UUID), servingNetwork {mcc,mnc}, anType '3GPP_ACCESS',
 *      smContextStatusUri (the AMF's callback URI; the SMF takes the AMF's API root — scheme and
 *      authority — from it, as we run no NRF). Conditional, always sent here: supi 'imsi-…',
 *      pduSessionId, dnn, sNssai, requestType 'INITIAL_REQUEST'.
 *      ← 201 Created, Location: {apiRoot}/nsmf-pdusession/v1/sm-contexts/{smContextRef},
 *        SmContextCreatedData JSON (no N1/N2 parts).
 *      ← or 4xx/5xx SmContextCreateError (+ n1SmPart with the PDU Session Establishment Reject
 *        when the SMF rejects the UE's request, e.g. 403 PDUTYPE_DENIED / 5GSM cause #28),
 *        or a bare application/problem+json ProblemDetails (400 MANDATORY_IE_MISSING ...).
 *   2. SMF → AMF  POST n1n2MessagesPath(supi), multipart/related: N1N2MessageTransferReqData with
 *      n1MessageContainer {n1MessageClass 'SM', n1MessageContent → N1 part (Establishment Accept)},
 *      n2InfoContainer {n2InformationClass 'SM', smInfo {pduSessionId, sNssai, n2InfoContent
 *      {ngapIeType 'PDU_RES_SETUP_REQ', ngapData → N2 part (Setup Request Transfer, APER)}}},
 *      pduSessionId.  AMF ← 200 N1N2MessageTransferRspData {cause 'N1_N2_TRANSFER_INITIATED'}.
 *   3. AMF → SMF  POST smContextPath(ref, 'modify'): SmContextUpdateData {n2SmInfoType
 *      'PDU_RES_SETUP_RSP', n2SmInfo → N2 part (PDU Session Resource Setup Response Transfer with
 *      the gNB's DL F-TEID)} ← 200 SmContextUpdatedData {upCnxState 'ACTIVATED'}.
 *      (UE-requested release: n1SmMsg → PDU Session Release Request; ← 200 with n1SmMsg Release
 *      Command and n2SmInfo PDU_RES_REL_CMD.)
 *   4. AMF → SMF  POST smContextPath(ref, 'release'): SmContextReleaseData ← 204 No Content.
 * HTTP/2 without TLS (h2c, prior knowledge) over the lab network: harness/net/sbi has a server and
 * a client both sides use (encodeSbiBody / decodeSbiBody underneath).
 */
export * from './application-errors.ts';
export * from './body.ts';
export * from './common-data.ts';
export * from './multipart.ts';
export * from './namf-communication.ts';
export * from './nsmf-pdusession.ts';
export * from './parse.ts';
export * from './nsmf-pdusession-hr.ts';
export * from './n1-sm-info.ts';
