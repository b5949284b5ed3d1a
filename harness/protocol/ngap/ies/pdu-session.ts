import { optional, type PerCodec, type PerValue, sequence, sequenceOf } from '../../asn1/index.ts';
import { ieExtensions, nasPdu, pduSessionId, transfer } from './basic.ts';
import { sNssai } from './identities.ts';

/**
 * PDU Session Resource lists of the setup, context and release procedures (TS 38.413 §9.2.1,
 * §9.2.2): 1..256 items of a PDU session ID and an OCTET STRING (CONTAINING ...) transfer, kept
 * as octets here and decoded with the transfer's codec (transfers.ts) by whoever needs it.
 */
function list<T>(name: string, item: PerCodec<T>): PerCodec<T[]> {
  return sequenceOf(name, item, 1, 256);
}

/** PDU Session Resource Setup List SU Req (§9.2.1.1) and Cxt Req (§9.2.2.1): the item is alike. */
const setupItemSuReq = sequence('PDUSessionResourceSetupItemSUReq', {
  pduSessionId,
  pduSessionNasPdu: optional(nasPdu),
  sNssai,
  pduSessionResourceSetupRequestTransfer: transfer('PDUSessionResourceSetupRequestTransfer'),
  ieExtensions,
});
export const pduSessionResourceSetupListSuReq = list('PDUSessionResourceSetupListSUReq', setupItemSuReq);
export type PduSessionResourceSetupItemSuReq = PerValue<typeof setupItemSuReq>;

export const pduSessionResourceSetupListCxtReq = list(
  'PDUSessionResourceSetupListCxtReq',
  sequence('PDUSessionResourceSetupItemCxtReq', {
    pduSessionId,
    nasPdu: optional(nasPdu),
    sNssai,
    pduSessionResourceSetupRequestTransfer: transfer('PDUSessionResourceSetupRequestTransfer'),
    ieExtensions,
  }),
);

const setupItemRes = (name: string) =>
  sequence(name, {
    pduSessionId,
    pduSessionResourceSetupResponseTransfer: transfer('PDUSessionResourceSetupResponseTransfer'),
    ieExtensions,
  });
export const pduSessionResourceSetupListSuRes = list(
  'PDUSessionResourceSetupListSURes',
  setupItemRes('PDUSessionResourceSetupItemSURes'),
);
export const pduSessionResourceSetupListCxtRes = list(
  'PDUSessionResourceSetupListCxtRes',
  setupItemRes('PDUSessionResourceSetupItemCxtRes'),
);

const failedItem = (name: string) =>
  sequence(name, {
    pduSessionId,
    pduSessionResourceSetupUnsuccessfulTransfer: transfer('PDUSessionResourceSetupUnsuccessfulTransfer'),
    ieExtensions,
  });
export const pduSessionResourceFailedToSetupListSuRes = list(
  'PDUSessionResourceFailedToSetupListSURes',
  failedItem('PDUSessionResourceFailedToSetupItemSURes'),
);
export const pduSessionResourceFailedToSetupListCxtRes = list(
  'PDUSessionResourceFailedToSetupListCxtRes',
  failedItem('PDUSessionResourceFailedToSetupItemCxtRes'),
);
export const pduSessionResourceFailedToSetupListCxtFail = list(
  'PDUSessionResourceFailedToSetupListCxtFail',
  failedItem('PDUSessionResourceFailedToSetupItemCxtFail'),
);

/** PDU Session Resource To Release List Rel Cmd (§9.2.1.3). */
export const pduSessionResourceToReleaseListRelCmd = list(
  'PDUSessionResourceToReleaseListRelCmd',
  sequence('PDUSessionResourceToReleaseItemRelCmd', {
    pduSessionId,
    pduSessionResourceReleaseCommandTransfer: transfer('PDUSessionResourceReleaseCommandTransfer'),
    ieExtensions,
  }),
);

/** PDU Session Resource Released List Rel Res (§9.2.1.4). */
export const pduSessionResourceReleasedListRelRes = list(
  'PDUSessionResourceReleasedListRelRes',
  sequence('PDUSessionResourceReleasedItemRelRes', {
    pduSessionId,
    pduSessionResourceReleaseResponseTransfer: transfer('PDUSessionResourceReleaseResponseTransfer'),
    ieExtensions,
  }),
);

/** PDU Session Resource List Cxt Rel Req / Cpl (§9.2.2.4-6): PDU session IDs. */
export const pduSessionResourceListCxtRelReq = list(
  'PDUSessionResourceListCxtRelReq',
  sequence('PDUSessionResourceItemCxtRelReq', { pduSessionId, ieExtensions }),
);
export const pduSessionResourceListCxtRelCpl = list(
  'PDUSessionResourceListCxtRelCpl',
  sequence('PDUSessionResourceItemCxtRelCpl', { pduSessionId, ieExtensions }),
);
