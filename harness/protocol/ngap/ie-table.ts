import {
  bitString,
  enumeratedExt,
  integer,
  octetString,
  type PerCodec,
  type PerValue,
  type ProtocolIe,
  protocolIeContainer,
  sequence,
  sequenceOf,
} from '../asn1/index.ts';
import { amfName, amfSetId, amfUeNgapId, ieExtensions, nasPdu, ranNodeName, ranUeNgapId } from './ies/basic.ts';
import { cause, criticalityDiagnostics, timeToWait } from './ies/cause.ts';
import {
  allowedNssai,
  fiveGSTmsi,
  globalRanNodeId,
  guami,
  ueNgapIds,
  userLocationInformation,
} from './ies/identities.ts';
import {
  pduSessionResourceFailedToSetupListCxtFail,
  pduSessionResourceFailedToSetupListCxtRes,
  pduSessionResourceFailedToSetupListSuRes,
  pduSessionResourceListCxtRelCpl,
  pduSessionResourceListCxtRelReq,
  pduSessionResourceReleasedListRelRes,
  pduSessionResourceSetupListCxtReq,
  pduSessionResourceSetupListCxtRes,
  pduSessionResourceSetupListSuReq,
  pduSessionResourceSetupListSuRes,
  pduSessionResourceToReleaseListRelCmd,
} from './ies/pdu-session.ts';
import {
  dataForwardingNotPossible,
  networkInstance,
  pduSessionAggregateMaximumBitRate,
  pduSessionType,
  qosFlowSetupRequestList,
  securityIndication,
  ueAggregateMaximumBitRate,
  upTransportLayerInformation,
} from './ies/qos.ts';
import {
  pagingDrx,
  plmnSupportList,
  relativeAmfCapacity,
  servedGuamiList,
  supportedTaList,
  ueRetentionInformation,
  ueSecurityCapabilities,
} from './ies/setup.ts';

const ie = <T>(id: number, codec: PerCodec<T>) => ({ id, codec });

/**
 * The NGAP IE table (TS 38.413 §9.4.7 ProtocolIE-IDs → §9.4.5 types): one row per IE this codec
 * models, named as in the spec without `id-`. The same table serves the messages' containers
 * and the PDU Session Resource Setup Request Transfer's. An IE not listed here decodes as
 * `{ ie: 'unknown', id, criticality, value }` and is written back unchanged. Adding an IE: its
 * codec (ies/), one row here.
 */
export const NGAP_IES = {
  AllowedNSSAI: ie(0, allowedNssai),
  AMFName: ie(1, amfName),
  AMFSetID: ie(3, amfSetId),
  'AMF-UE-NGAP-ID': ie(10, amfUeNgapId),
  Cause: ie(15, cause),
  CriticalityDiagnostics: ie(19, criticalityDiagnostics),
  DefaultPagingDRX: ie(21, pagingDrx),
  'FiveG-S-TMSI': ie(26, fiveGSTmsi),
  GlobalRANNodeID: ie(27, globalRanNodeId),
  GUAMI: ie(28, guami),
  IndexToRFSP: ie(31, integer('IndexToRFSP', 1, 256, true)),
  MaskedIMEISV: ie(34, bitString('MaskedIMEISV', { lb: 64, ub: 64 })),
  'NAS-PDU': ie(38, nasPdu),
  OldAMF: ie(48, amfName),
  PDUSessionResourceFailedToSetupListCxtRes: ie(55, pduSessionResourceFailedToSetupListCxtRes),
  PDUSessionResourceFailedToSetupListSURes: ie(58, pduSessionResourceFailedToSetupListSuRes),
  PDUSessionResourceListCxtRelCpl: ie(60, pduSessionResourceListCxtRelCpl),
  PDUSessionResourceReleasedListRelRes: ie(70, pduSessionResourceReleasedListRelRes),
  PDUSessionResourceSetupListCxtReq: ie(71, pduSessionResourceSetupListCxtReq),
  PDUSessionResourceSetupListCxtRes: ie(72, pduSessionResourceSetupListCxtRes),
  PDUSessionResourceSetupListSUReq: ie(74, pduSessionResourceSetupListSuReq),
  PDUSessionResourceSetupListSURes: ie(75, pduSessionResourceSetupListSuRes),
  PDUSessionResourceToReleaseListRelCmd: ie(79, pduSessionResourceToReleaseListRelCmd),
  PLMNSupportList: ie(80, plmnSupportList),
  RANNodeName: ie(82, ranNodeName),
  RANPagingPriority: ie(83, integer('RANPagingPriority', 1, 256)),
  'RAN-UE-NGAP-ID': ie(85, ranUeNgapId),
  RelativeAMFCapacity: ie(86, relativeAmfCapacity),
  RRCEstablishmentCause: ie(
    90,
    enumeratedExt(
      'RRCEstablishmentCause',
      [
        'emergency',
        'highPriorityAccess',
        'mt-Access',
        'mo-Signalling',
        'mo-Data',
        'mo-VoiceCall',
        'mo-VideoCall',
        'mo-SMS',
        'mps-PriorityAccess',
        'mcs-PriorityAccess',
      ],
      ['notAvailable'],
    ),
  ),
  SecurityKey: ie(94, bitString('SecurityKey', { lb: 256, ub: 256 })),
  ServedGUAMIList: ie(96, servedGuamiList),
  SupportedTAList: ie(102, supportedTaList),
  TimeToWait: ie(107, timeToWait),
  UEAggregateMaximumBitRate: ie(110, ueAggregateMaximumBitRate),
  UEContextRequest: ie(112, enumeratedExt('UEContextRequest', ['requested'])),
  'UE-NGAP-IDs': ie(114, ueNgapIds),
  UERadioCapability: ie(117, octetString('UERadioCapability')),
  UESecurityCapabilities: ie(119, ueSecurityCapabilities),
  UserLocationInformation: ie(121, userLocationInformation),
  'AdditionalUL-NGU-UP-TNLInformation': ie(
    126,
    sequenceOf(
      'UPTransportLayerInformationList',
      sequence('UPTransportLayerInformationItem', { nguUpTnlInformation: upTransportLayerInformation, ieExtensions }),
      1,
      3,
    ),
  ),
  DataForwardingNotPossible: ie(127, dataForwardingNotPossible),
  NetworkInstance: ie(129, networkInstance),
  PDUSessionAggregateMaximumBitRate: ie(130, pduSessionAggregateMaximumBitRate),
  PDUSessionResourceFailedToSetupListCxtFail: ie(132, pduSessionResourceFailedToSetupListCxtFail),
  PDUSessionResourceListCxtRelReq: ie(133, pduSessionResourceListCxtRelReq),
  PDUSessionType: ie(134, pduSessionType),
  QosFlowSetupRequestList: ie(136, qosFlowSetupRequestList),
  SecurityIndication: ie(138, securityIndication),
  'UL-NGU-UP-TNLInformation': ie(139, upTransportLayerInformation),
  UERetentionInformation: ie(147, ueRetentionInformation),
  CommonNetworkInstance: ie(166, octetString('CommonNetworkInstance')),
};

/** IE name → value type. */
export type NgapIeValues = { [K in keyof typeof NGAP_IES]: PerValue<(typeof NGAP_IES)[K]['codec']> };
export type NgapIeName = keyof NgapIeValues;
/** One NGAP ProtocolIE-Field: `{ ie: name, criticality, value }`, or an unknown IE kept raw. */
export type NgapIe = ProtocolIe<NgapIeValues>;

/** ProtocolIE-Container of NGAP (TS 38.413 §9.4.8). */
export const ngapIeContainer = protocolIeContainer<NgapIeValues>('ProtocolIE-Container', NGAP_IES);
