import {
  decodeTransfer,
  encodeTransfer,
  gtpTunnel,
  ieValue,
  type IeValues,
  ngapMessage,
  type NgapIe,
  type NgapMessage,
  pduSessionResourceReleaseResponseTransfer,
  pduSessionResourceSetupRequestTransfer,
  pduSessionResourceSetupUnsuccessfulTransfer,
  setupResponseTransfer,
} from '../../protocol/ngap/index.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import type { Gnb } from './gnb.ts';
import type { Slice } from './outcomes.ts';
import type { Ue5g } from './ue.ts';

/**
 * What the gNB does with a UE-associated message from the AMF (TS 38.413 §8.2, §8.3, §8.6),
 * answering as a gNB whose radio side succeeded, and what it hands the UE: every NAS-PDU, and
 * what it did on N2 (context set up, PDU session resources set up or released, context released).
 */
export function answerAmf(gnb: Gnb, ue: Ue5g, m: NgapMessage): void {
  const amfUeId = ieValue(m, 'AMF-UE-NGAP-ID');
  if (amfUeId !== undefined) ue.amfUeId = amfUeId;
  const ids = () => ({ 'AMF-UE-NGAP-ID': ue.amfUeId!, 'RAN-UE-NGAP-ID': ue.ranUeId });
  const nas = ieValue(m, 'NAS-PDU');
  switch (m.message) {
    case 'DownlinkNASTransport':
      if (nas) ue.deliver({ kind: 'nas', via: m.message, octets: nas });
      return;
    case 'InitialContextSetupRequest': {
      // §8.3.1.2: the gNB takes the Security Key for AS security and answers once the UE context is set up.
      const key = ieValue(m, 'SecurityKey');
      ue.deliver({
        kind: 'context-setup',
        securityKey: key ? key.data : Buffer.alloc(0),
        allowedNssai: (ieValue(m, 'AllowedNSSAI') ?? []).map((a) => slice(a.sNssai)),
        carriedNas: nas !== undefined,
      });
      const items = ieValue(m, 'PDUSessionResourceSetupListCxtReq') ?? [];
      const done = items.map((i) => setUp(gnb, ue, i.pduSessionId, i.pduSessionResourceSetupRequestTransfer));
      const ok = done.filter((d) => d.ok);
      const failed = done.filter((d) => !d.ok);
      gnb.link.send(
        ngapMessage('InitialContextSetupResponse', {
          ...ids(),
          ...(ok.length
            ? {
                PDUSessionResourceSetupListCxtRes: ok.map((d) => ({
                  pduSessionId: d.id,
                  pduSessionResourceSetupResponseTransfer: d.transfer,
                })),
              }
            : {}),
          ...(failed.length
            ? {
                PDUSessionResourceFailedToSetupListCxtRes: failed.map((d) => ({
                  pduSessionId: d.id,
                  pduSessionResourceSetupUnsuccessfulTransfer: d.transfer,
                })),
              }
            : {}),
        }),
        ue.ranUeId,
      );
      if (nas) ue.deliver({ kind: 'nas', via: m.message, octets: nas });
      for (const i of items) if (i.nasPdu) ue.deliver({ kind: 'nas', via: m.message, octets: i.nasPdu });
      return;
    }
    case 'PDUSessionResourceSetupRequest': {
      const items = ieValue(m, 'PDUSessionResourceSetupListSUReq') ?? [];
      const done = items.map((i) => setUp(gnb, ue, i.pduSessionId, i.pduSessionResourceSetupRequestTransfer));
      const ok = done.filter((d) => d.ok);
      const failed = done.filter((d) => !d.ok);
      const answer: IeValues = { ...ids() };
      if (ok.length)
        answer.PDUSessionResourceSetupListSURes = ok.map((d) => ({
          pduSessionId: d.id,
          pduSessionResourceSetupResponseTransfer: d.transfer,
        }));
      if (failed.length)
        answer.PDUSessionResourceFailedToSetupListSURes = failed.map((d) => ({
          pduSessionId: d.id,
          pduSessionResourceSetupUnsuccessfulTransfer: d.transfer,
        }));
      gnb.link.send(ngapMessage('PDUSessionResourceSetupResponse', answer), ue.ranUeId);
      // §8.2.1.2: the NAS-PDU of each item (or of the message) goes to the UE.
      if (nas) ue.deliver({ kind: 'nas', via: m.message, octets: nas });
      for (const i of items)
        if (i.pduSessionNasPdu) ue.deliver({ kind: 'nas', via: m.message, octets: i.pduSessionNasPdu });
      return;
    }
    case 'PDUSessionResourceReleaseCommand': {
      const items = ieValue(m, 'PDUSessionResourceToReleaseListRelCmd') ?? [];
      for (const i of items) {
        gnb.sessions.release(ue.ranUeId, i.pduSessionId);
        ue.deliver({ kind: 'session-resources-released', pduSessionId: i.pduSessionId });
      }
      gnb.link.send(
        ngapMessage('PDUSessionResourceReleaseResponse', {
          ...ids(),
          PDUSessionResourceReleasedListRelRes: items.map((i) => ({
            pduSessionId: i.pduSessionId,
            pduSessionResourceReleaseResponseTransfer: encodeTransfer(pduSessionResourceReleaseResponseTransfer, {}),
          })),
          UserLocationInformation: gnb.userLocation(),
        }),
        ue.ranUeId,
      );
      if (nas) ue.deliver({ kind: 'nas', via: m.message, octets: nas });
      return;
    }
    case 'UEContextReleaseCommand': {
      // §8.3.3.2: the gNB releases the UE's resources and answers with the pair of IDs.
      gnb.link.send(
        ngapMessage('UEContextReleaseComplete', {
          ...ids(),
          UserLocationInformation: gnb.userLocation(),
          ...(ue.pduSessionIds.length
            ? { PDUSessionResourceListCxtRelCpl: ue.pduSessionIds.map((pduSessionId) => ({ pduSessionId })) }
            : {}),
        }),
        ue.ranUeId,
      );
      ue.contextReleased = true;
      gnb.sessions.releaseAll(ue);
      ue.deliver({ kind: 'context-released', cause: ieValue(m, 'Cause') });
      return;
    }
    case 'ErrorIndication':
      ue.deliver({ kind: 'error-indication', cause: ieValue(m, 'Cause') });
      return;
    default:
      if (nas) ue.deliver({ kind: 'nas', via: m.message, octets: nas });
  }
}

function slice(s: { sst: number; sd?: number }): Slice {
  return s.sd === undefined ? { sst: s.sst } : { sst: s.sst, sd: s.sd };
}

/**
 * One PDU session's resources (§8.2.1.2): the transfer's UL NG-U tunnel, PDU session type and QoS
 * flows; our DL tunnel in the response transfer, or an unsuccessful transfer with the cause.
 */
function setUp(gnb: Gnb, ue: Ue5g, id: number, octets: Buffer): { id: number; ok: boolean; transfer: Buffer } {
  const fail = (why: string, cause: 'transport-resource-unavailable' | 'unspecified') => {
    ue.deliver({ kind: 'session-resources', pduSessionId: id, failure: why });
    const c =
      cause === 'unspecified'
        ? ({ choice: 'protocol', value: 'transfer-syntax-error' } as const)
        : ({ choice: 'transport', value: cause } as const);
    return { id, ok: false, transfer: encodeTransfer(pduSessionResourceSetupUnsuccessfulTransfer, { cause: c }) };
  };
  let ies: NgapIe[];
  try {
    ies = decodeTransfer(pduSessionResourceSetupRequestTransfer, octets).protocolIes;
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return fail(`undecodable PDU Session Resource Setup Request Transfer: ${e.message}`, 'unspecified');
  }
  const get = <K extends NgapIe['ie']>(k: K) => ies.find((x) => x.ie === k)?.value;
  const ul = get('UL-NGU-UP-TNLInformation') as IeValues['UL-NGU-UP-TNLInformation'];
  const flows = (get('QosFlowSetupRequestList') as IeValues['QosFlowSetupRequestList']) ?? [];
  const type = get('PDUSessionType') as IeValues['PDUSessionType'];
  if (ul?.choice !== 'gtpTunnel') return fail('no UL NG-U UP TNL Information (§9.3.4.1)', 'unspecified');
  const qfis = flows.map((f) => f.qosFlowIdentifier);
  const t = gnb.sessions.setup(
    ue.ranUeId,
    id,
    ul.value.transportLayerAddress,
    ul.value.gtpTeid,
    qfis,
    typeof type === 'string' ? type : undefined,
  );
  if (typeof t === 'string') return fail(t, 'transport-resource-unavailable');
  if (!ue.pduSessionIds.includes(id)) ue.pduSessionIds = [...ue.pduSessionIds, id];
  ue.deliver({ kind: 'session-resources', pduSessionId: id, tunnel: t });
  return { id, ok: true, transfer: setupResponseTransfer(gtpTunnel(gnb.sessions.localAddress(), t.dlTeid), qfis) };
}
