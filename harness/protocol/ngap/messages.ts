import type { Criticality } from '../asn1/index.ts';

/** NGAP-PDU alternatives (TS 38.413 §9.4.3). */
export type PduType = 'initiatingMessage' | 'successfulOutcome' | 'unsuccessfulOutcome';

interface Procedure {
  code: number;
  criticality: Criticality;
  initiatingMessage: string;
  successfulOutcome?: string;
  unsuccessfulOutcome?: string;
}

/** Elementary procedures (TS 38.413 §9.4.3, codes §9.4.7): code, criticality, message names. */
export const NGAP_PROCEDURES = {
  AMFConfigurationUpdate: {
    code: 0,
    criticality: 'reject',
    initiatingMessage: 'AMFConfigurationUpdate',
    successfulOutcome: 'AMFConfigurationUpdateAcknowledge',
    unsuccessfulOutcome: 'AMFConfigurationUpdateFailure',
  },
  AMFStatusIndication: { code: 1, criticality: 'ignore', initiatingMessage: 'AMFStatusIndication' },
  CellTrafficTrace: { code: 2, criticality: 'ignore', initiatingMessage: 'CellTrafficTrace' },
  DeactivateTrace: { code: 3, criticality: 'ignore', initiatingMessage: 'DeactivateTrace' },
  DownlinkNASTransport: { code: 4, criticality: 'ignore', initiatingMessage: 'DownlinkNASTransport' },
  DownlinkNonUEAssociatedNRPPaTransport: {
    code: 5,
    criticality: 'ignore',
    initiatingMessage: 'DownlinkNonUEAssociatedNRPPaTransport',
  },
  DownlinkRANConfigurationTransfer: {
    code: 6,
    criticality: 'ignore',
    initiatingMessage: 'DownlinkRANConfigurationTransfer',
  },
  DownlinkRANStatusTransfer: { code: 7, criticality: 'ignore', initiatingMessage: 'DownlinkRANStatusTransfer' },
  DownlinkUEAssociatedNRPPaTransport: {
    code: 8,
    criticality: 'ignore',
    initiatingMessage: 'DownlinkUEAssociatedNRPPaTransport',
  },
  ErrorIndication: { code: 9, criticality: 'ignore', initiatingMessage: 'ErrorIndication' },
  HandoverCancel: {
    code: 10,
    criticality: 'reject',
    initiatingMessage: 'HandoverCancel',
    successfulOutcome: 'HandoverCancelAcknowledge',
  },
  HandoverNotification: { code: 11, criticality: 'ignore', initiatingMessage: 'HandoverNotify' },
  HandoverPreparation: {
    code: 12,
    criticality: 'reject',
    initiatingMessage: 'HandoverRequired',
    successfulOutcome: 'HandoverCommand',
    unsuccessfulOutcome: 'HandoverPreparationFailure',
  },
  HandoverResourceAllocation: {
    code: 13,
    criticality: 'reject',
    initiatingMessage: 'HandoverRequest',
    successfulOutcome: 'HandoverRequestAcknowledge',
    unsuccessfulOutcome: 'HandoverFailure',
  },
  InitialContextSetup: {
    code: 14,
    criticality: 'reject',
    initiatingMessage: 'InitialContextSetupRequest',
    successfulOutcome: 'InitialContextSetupResponse',
    unsuccessfulOutcome: 'InitialContextSetupFailure',
  },
  InitialUEMessage: { code: 15, criticality: 'ignore', initiatingMessage: 'InitialUEMessage' },
  LocationReportingControl: { code: 16, criticality: 'ignore', initiatingMessage: 'LocationReportingControl' },
  LocationReportingFailureIndication: {
    code: 17,
    criticality: 'ignore',
    initiatingMessage: 'LocationReportingFailureIndication',
  },
  LocationReport: { code: 18, criticality: 'ignore', initiatingMessage: 'LocationReport' },
  NASNonDeliveryIndication: { code: 19, criticality: 'ignore', initiatingMessage: 'NASNonDeliveryIndication' },
  NGReset: { code: 20, criticality: 'reject', initiatingMessage: 'NGReset', successfulOutcome: 'NGResetAcknowledge' },
  NGSetup: {
    code: 21,
    criticality: 'reject',
    initiatingMessage: 'NGSetupRequest',
    successfulOutcome: 'NGSetupResponse',
    unsuccessfulOutcome: 'NGSetupFailure',
  },
  OverloadStart: { code: 22, criticality: 'ignore', initiatingMessage: 'OverloadStart' },
  OverloadStop: { code: 23, criticality: 'reject', initiatingMessage: 'OverloadStop' },
  Paging: { code: 24, criticality: 'ignore', initiatingMessage: 'Paging' },
  PathSwitchRequest: {
    code: 25,
    criticality: 'reject',
    initiatingMessage: 'PathSwitchRequest',
    successfulOutcome: 'PathSwitchRequestAcknowledge',
    unsuccessfulOutcome: 'PathSwitchRequestFailure',
  },
  PDUSessionResourceModify: {
    code: 26,
    criticality: 'reject',
    initiatingMessage: 'PDUSessionResourceModifyRequest',
    successfulOutcome: 'PDUSessionResourceModifyResponse',
  },
  PDUSessionResourceModifyIndication: {
    code: 27,
    criticality: 'reject',
    initiatingMessage: 'PDUSessionResourceModifyIndication',
    successfulOutcome: 'PDUSessionResourceModifyConfirm',
  },
  PDUSessionResourceRelease: {
    code: 28,
    criticality: 'reject',
    initiatingMessage: 'PDUSessionResourceReleaseCommand',
    successfulOutcome: 'PDUSessionResourceReleaseResponse',
  },
  PDUSessionResourceSetup: {
    code: 29,
    criticality: 'reject',
    initiatingMessage: 'PDUSessionResourceSetupRequest',
    successfulOutcome: 'PDUSessionResourceSetupResponse',
  },
  PDUSessionResourceNotify: { code: 30, criticality: 'ignore', initiatingMessage: 'PDUSessionResourceNotify' },
  PrivateMessage: { code: 31, criticality: 'ignore', initiatingMessage: 'PrivateMessage' },
  PWSCancel: {
    code: 32,
    criticality: 'reject',
    initiatingMessage: 'PWSCancelRequest',
    successfulOutcome: 'PWSCancelResponse',
  },
  PWSFailureIndication: { code: 33, criticality: 'ignore', initiatingMessage: 'PWSFailureIndication' },
  PWSRestartIndication: { code: 34, criticality: 'ignore', initiatingMessage: 'PWSRestartIndication' },
  RANConfigurationUpdate: {
    code: 35,
    criticality: 'reject',
    initiatingMessage: 'RANConfigurationUpdate',
    successfulOutcome: 'RANConfigurationUpdateAcknowledge',
    unsuccessfulOutcome: 'RANConfigurationUpdateFailure',
  },
  RerouteNASRequest: { code: 36, criticality: 'reject', initiatingMessage: 'RerouteNASRequest' },
  RRCInactiveTransitionReport: { code: 37, criticality: 'ignore', initiatingMessage: 'RRCInactiveTransitionReport' },
  TraceFailureIndication: { code: 38, criticality: 'ignore', initiatingMessage: 'TraceFailureIndication' },
  TraceStart: { code: 39, criticality: 'ignore', initiatingMessage: 'TraceStart' },
  UEContextModification: {
    code: 40,
    criticality: 'reject',
    initiatingMessage: 'UEContextModificationRequest',
    successfulOutcome: 'UEContextModificationResponse',
    unsuccessfulOutcome: 'UEContextModificationFailure',
  },
  UEContextRelease: {
    code: 41,
    criticality: 'reject',
    initiatingMessage: 'UEContextReleaseCommand',
    successfulOutcome: 'UEContextReleaseComplete',
  },
  UEContextReleaseRequest: { code: 42, criticality: 'ignore', initiatingMessage: 'UEContextReleaseRequest' },
  UERadioCapabilityCheck: {
    code: 43,
    criticality: 'reject',
    initiatingMessage: 'UERadioCapabilityCheckRequest',
    successfulOutcome: 'UERadioCapabilityCheckResponse',
  },
  UERadioCapabilityInfoIndication: {
    code: 44,
    criticality: 'ignore',
    initiatingMessage: 'UERadioCapabilityInfoIndication',
  },
  UETNLABindingRelease: { code: 45, criticality: 'ignore', initiatingMessage: 'UETNLABindingReleaseRequest' },
  UplinkNASTransport: { code: 46, criticality: 'ignore', initiatingMessage: 'UplinkNASTransport' },
  UplinkNonUEAssociatedNRPPaTransport: {
    code: 47,
    criticality: 'ignore',
    initiatingMessage: 'UplinkNonUEAssociatedNRPPaTransport',
  },
  UplinkRANConfigurationTransfer: {
    code: 48,
    criticality: 'ignore',
    initiatingMessage: 'UplinkRANConfigurationTransfer',
  },
  UplinkRANStatusTransfer: { code: 49, criticality: 'ignore', initiatingMessage: 'UplinkRANStatusTransfer' },
  UplinkUEAssociatedNRPPaTransport: {
    code: 50,
    criticality: 'ignore',
    initiatingMessage: 'UplinkUEAssociatedNRPPaTransport',
  },
  WriteReplaceWarning: {
    code: 51,
    criticality: 'reject',
    initiatingMessage: 'WriteReplaceWarningRequest',
    successfulOutcome: 'WriteReplaceWarningResponse',
  },
  SecondaryRATDataUsageReport: { code: 52, criticality: 'ignore', initiatingMessage: 'SecondaryRATDataUsageReport' },
} as const satisfies Record<string, Procedure>;

type Procs = typeof NGAP_PROCEDURES;
type Outcome<P, K extends string> = P extends { [k in K]: infer M } ? M : never;
type MessagesOf<P> =
  | Outcome<P, 'initiatingMessage'>
  | Outcome<P, 'successfulOutcome'>
  | Outcome<P, 'unsuccessfulOutcome'>;
/** Every NGAP message name (TS 38.413 §9.2), except PrivateMessage, whose contents are not a ProtocolIE-Container. */
export type NgapMessageName = Exclude<Extract<MessagesOf<Procs[keyof Procs]>, string>, 'PrivateMessage'>;

/** Where a message sits in NGAP-PDU: its alternative, procedure code and the procedure's criticality. */
export interface MessageInfo {
  pdu: PduType;
  procedureCode: number;
  criticality: Criticality;
}

export const MESSAGE_INFO = new Map<string, MessageInfo>();
/** `${pdu}:${procedureCode}` → message name. */
export const MESSAGE_BY_CODE = new Map<string, NgapMessageName>();
for (const p of Object.values(NGAP_PROCEDURES) as Procedure[]) {
  for (const pdu of ['initiatingMessage', 'successfulOutcome', 'unsuccessfulOutcome'] as const) {
    const name = p[pdu];
    if (!name || name === 'PrivateMessage') continue;
    MESSAGE_INFO.set(name, { pdu, procedureCode: p.code, criticality: p.criticality });
    MESSAGE_BY_CODE.set(`${pdu}:${p.code}`, name as NgapMessageName);
  }
}

export type Presence = 'M' | 'O' | 'C';
/** One row of a message's IE list: IE name (§9.4.7 without `id-`), criticality, presence. */
export type IeRow = readonly [ie: string, criticality: Criticality, presence: Presence];

/**
 * The IEs of the messages a registration and a PDU session use (TS 38.413 §9.4.4), in order:
 * builders take each IE's criticality from here, `missingIes` checks presence.
 */
export const MESSAGE_IES: Partial<
  Record<NgapMessageName | 'PDUSessionResourceSetupRequestTransfer', readonly IeRow[]>
> = {
  NGSetupRequest: [
    ['GlobalRANNodeID', 'reject', 'M'],
    ['RANNodeName', 'ignore', 'O'],
    ['SupportedTAList', 'reject', 'M'],
    ['DefaultPagingDRX', 'ignore', 'M'],
    ['UERetentionInformation', 'ignore', 'O'],
  ],
  NGSetupResponse: [
    ['AMFName', 'reject', 'M'],
    ['ServedGUAMIList', 'reject', 'M'],
    ['RelativeAMFCapacity', 'ignore', 'M'],
    ['PLMNSupportList', 'reject', 'M'],
    ['CriticalityDiagnostics', 'ignore', 'O'],
    ['UERetentionInformation', 'ignore', 'O'],
  ],
  NGSetupFailure: [
    ['Cause', 'ignore', 'M'],
    ['TimeToWait', 'ignore', 'O'],
    ['CriticalityDiagnostics', 'ignore', 'O'],
  ],
  InitialUEMessage: [
    ['RAN-UE-NGAP-ID', 'reject', 'M'],
    ['NAS-PDU', 'reject', 'M'],
    ['UserLocationInformation', 'reject', 'M'],
    ['RRCEstablishmentCause', 'ignore', 'M'],
    ['FiveG-S-TMSI', 'reject', 'O'],
    ['AMFSetID', 'ignore', 'O'],
    ['UEContextRequest', 'ignore', 'O'],
    ['AllowedNSSAI', 'reject', 'O'],
  ],
  DownlinkNASTransport: [
    ['AMF-UE-NGAP-ID', 'reject', 'M'],
    ['RAN-UE-NGAP-ID', 'reject', 'M'],
    ['OldAMF', 'reject', 'O'],
    ['RANPagingPriority', 'ignore', 'O'],
    ['NAS-PDU', 'reject', 'M'],
    ['MobilityRestrictionList', 'ignore', 'O'],
    ['IndexToRFSP', 'ignore', 'O'],
    ['UEAggregateMaximumBitRate', 'ignore', 'O'],
    ['AllowedNSSAI', 'reject', 'O'],
  ],
  UplinkNASTransport: [
    ['AMF-UE-NGAP-ID', 'reject', 'M'],
    ['RAN-UE-NGAP-ID', 'reject', 'M'],
    ['NAS-PDU', 'reject', 'M'],
    ['UserLocationInformation', 'ignore', 'M'],
  ],
  InitialContextSetupRequest: [
    ['AMF-UE-NGAP-ID', 'reject', 'M'],
    ['RAN-UE-NGAP-ID', 'reject', 'M'],
    ['OldAMF', 'reject', 'O'],
    ['UEAggregateMaximumBitRate', 'reject', 'C'],
    ['CoreNetworkAssistanceInformationForInactive', 'ignore', 'O'],
    ['GUAMI', 'reject', 'M'],
    ['PDUSessionResourceSetupListCxtReq', 'reject', 'O'],
    ['AllowedNSSAI', 'reject', 'M'],
    ['UESecurityCapabilities', 'reject', 'M'],
    ['SecurityKey', 'reject', 'M'],
    ['TraceActivation', 'ignore', 'O'],
    ['MobilityRestrictionList', 'ignore', 'O'],
    ['UERadioCapability', 'ignore', 'O'],
    ['IndexToRFSP', 'ignore', 'O'],
    ['MaskedIMEISV', 'ignore', 'O'],
    ['NAS-PDU', 'ignore', 'O'],
    ['EmergencyFallbackIndicator', 'reject', 'O'],
    ['RRCInactiveTransitionReportRequest', 'ignore', 'O'],
    ['UERadioCapabilityForPaging', 'ignore', 'O'],
    ['RedirectionVoiceFallback', 'ignore', 'O'],
    ['LocationReportingRequestType', 'ignore', 'O'],
    ['CNAssistedRANTuning', 'ignore', 'O'],
  ],
  InitialContextSetupResponse: [
    ['AMF-UE-NGAP-ID', 'ignore', 'M'],
    ['RAN-UE-NGAP-ID', 'ignore', 'M'],
    ['PDUSessionResourceSetupListCxtRes', 'ignore', 'O'],
    ['PDUSessionResourceFailedToSetupListCxtRes', 'ignore', 'O'],
    ['CriticalityDiagnostics', 'ignore', 'O'],
  ],
  InitialContextSetupFailure: [
    ['AMF-UE-NGAP-ID', 'ignore', 'M'],
    ['RAN-UE-NGAP-ID', 'ignore', 'M'],
    ['PDUSessionResourceFailedToSetupListCxtFail', 'ignore', 'O'],
    ['Cause', 'ignore', 'M'],
    ['CriticalityDiagnostics', 'ignore', 'O'],
  ],
  PDUSessionResourceSetupRequest: [
    ['AMF-UE-NGAP-ID', 'reject', 'M'],
    ['RAN-UE-NGAP-ID', 'reject', 'M'],
    ['RANPagingPriority', 'ignore', 'O'],
    ['NAS-PDU', 'reject', 'O'],
    ['PDUSessionResourceSetupListSUReq', 'reject', 'M'],
    ['UEAggregateMaximumBitRate', 'ignore', 'O'],
  ],
  PDUSessionResourceSetupResponse: [
    ['AMF-UE-NGAP-ID', 'ignore', 'M'],
    ['RAN-UE-NGAP-ID', 'ignore', 'M'],
    ['PDUSessionResourceSetupListSURes', 'ignore', 'O'],
    ['PDUSessionResourceFailedToSetupListSURes', 'ignore', 'O'],
    ['CriticalityDiagnostics', 'ignore', 'O'],
  ],
  PDUSessionResourceReleaseCommand: [
    ['AMF-UE-NGAP-ID', 'reject', 'M'],
    ['RAN-UE-NGAP-ID', 'reject', 'M'],
    ['RANPagingPriority', 'ignore', 'O'],
    ['NAS-PDU', 'ignore', 'O'],
    ['PDUSessionResourceToReleaseListRelCmd', 'reject', 'M'],
  ],
  PDUSessionResourceReleaseResponse: [
    ['AMF-UE-NGAP-ID', 'ignore', 'M'],
    ['RAN-UE-NGAP-ID', 'ignore', 'M'],
    ['PDUSessionResourceReleasedListRelRes', 'ignore', 'M'],
    ['UserLocationInformation', 'ignore', 'O'],
    ['CriticalityDiagnostics', 'ignore', 'O'],
  ],
  UEContextReleaseRequest: [
    ['AMF-UE-NGAP-ID', 'reject', 'M'],
    ['RAN-UE-NGAP-ID', 'reject', 'M'],
    ['PDUSessionResourceListCxtRelReq', 'reject', 'O'],
    ['Cause', 'ignore', 'M'],
  ],
  UEContextReleaseCommand: [
    ['UE-NGAP-IDs', 'reject', 'M'],
    ['Cause', 'ignore', 'M'],
  ],
  UEContextReleaseComplete: [
    ['AMF-UE-NGAP-ID', 'ignore', 'M'],
    ['RAN-UE-NGAP-ID', 'ignore', 'M'],
    ['UserLocationInformation', 'ignore', 'O'],
    ['InfoOnRecommendedCellsAndRANNodesForPaging', 'ignore', 'O'],
    ['PDUSessionResourceListCxtRelCpl', 'reject', 'O'],
    ['CriticalityDiagnostics', 'ignore', 'O'],
  ],
  ErrorIndication: [
    ['AMF-UE-NGAP-ID', 'ignore', 'O'],
    ['RAN-UE-NGAP-ID', 'ignore', 'O'],
    ['Cause', 'ignore', 'O'],
    ['CriticalityDiagnostics', 'ignore', 'O'],
  ],
  // §9.3.4.1: the transfer inside PDUSessionResourceSetupItemSUReq/CxtReq.
  PDUSessionResourceSetupRequestTransfer: [
    ['PDUSessionAggregateMaximumBitRate', 'reject', 'O'],
    ['UL-NGU-UP-TNLInformation', 'reject', 'M'],
    ['AdditionalUL-NGU-UP-TNLInformation', 'reject', 'O'],
    ['DataForwardingNotPossible', 'reject', 'O'],
    ['PDUSessionType', 'reject', 'M'],
    ['SecurityIndication', 'reject', 'O'],
    ['NetworkInstance', 'reject', 'O'],
    ['QosFlowSetupRequestList', 'reject', 'M'],
    ['CommonNetworkInstance', 'ignore', 'O'],
  ],
};
