import {
  choice,
  enumeratedExt,
  integer,
  optional,
  type PerValue,
  protocolIeSingleContainer,
  sequence,
  sequenceOf,
} from '../../asn1/index.ts';
import { bitRate, gtpTeid, ieExtensions, transportLayerAddress } from './basic.ts';
import { cause } from './cause.ts';

/** PDU session and QoS flow IEs (TS 38.413 §9.3.1). */

/** UP Transport Layer Information (§9.3.2.2): a GTP tunnel (address, TEID). */
export const upTransportLayerInformation = choice('UPTransportLayerInformation', {
  gtpTunnel: sequence('GTPTunnel', { transportLayerAddress, gtpTeid, ieExtensions }),
  choiceExtensions: protocolIeSingleContainer,
});
export type UpTransportLayerInformation = PerValue<typeof upTransportLayerInformation>;

/** PDU Session Type (§9.3.1.52). */
export const pduSessionType = enumeratedExt('PDUSessionType', ['ipv4', 'ipv6', 'ipv4v6', 'ethernet', 'unstructured']);

/** PDU Session Aggregate Maximum Bit Rate (§9.3.1.102). */
export const pduSessionAggregateMaximumBitRate = sequence('PDUSessionAggregateMaximumBitRate', {
  pduSessionAggregateMaximumBitRateDl: bitRate,
  pduSessionAggregateMaximumBitRateUl: bitRate,
  ieExtensions,
});

/** UE Aggregate Maximum Bit Rate (§9.3.1.58). */
export const ueAggregateMaximumBitRate = sequence('UEAggregateMaximumBitRate', {
  ueAggregateMaximumBitRateDl: bitRate,
  ueAggregateMaximumBitRateUl: bitRate,
  ieExtensions,
});

const qosFlowIdentifier = integer('QosFlowIdentifier', 0, 63, true);
const fiveQi = integer('FiveQI', 0, 255, true);
const priorityLevelQos = integer('PriorityLevelQos', 1, 127, true);
const averagingWindow = integer('AveragingWindow', 0, 4095, true);
const maximumDataBurstVolume = integer('MaximumDataBurstVolume', 0, 4095, true);

/** QoS Flow Level QoS Parameters (§9.3.1.12). */
export const qosFlowLevelQosParameters = sequence('QosFlowLevelQosParameters', {
  qosCharacteristics: choice('QosCharacteristics', {
    nonDynamic5qi: sequence('NonDynamic5QIDescriptor', {
      fiveQi,
      priorityLevelQos: optional(priorityLevelQos),
      averagingWindow: optional(averagingWindow),
      maximumDataBurstVolume: optional(maximumDataBurstVolume),
      ieExtensions,
    }),
    dynamic5qi: sequence('Dynamic5QIDescriptor', {
      priorityLevelQos,
      packetDelayBudget: integer('PacketDelayBudget', 0, 1023, true),
      packetErrorRate: sequence('PacketErrorRate', {
        perScalar: integer('PERScalar', 0, 9, true),
        perExponent: integer('PERExponent', 0, 9, true),
        ieExtensions,
      }),
      fiveQi: optional(fiveQi),
      delayCritical: optional(enumeratedExt('DelayCritical', ['delay-critical', 'non-delay-critical'])),
      averagingWindow: optional(averagingWindow),
      maximumDataBurstVolume: optional(maximumDataBurstVolume),
      ieExtensions,
    }),
    choiceExtensions: protocolIeSingleContainer,
  }),
  allocationAndRetentionPriority: sequence('AllocationAndRetentionPriority', {
    priorityLevelArp: integer('PriorityLevelARP', 1, 15),
    preEmptionCapability: enumeratedExt('Pre-emptionCapability', [
      'shall-not-trigger-pre-emption',
      'may-trigger-pre-emption',
    ]),
    preEmptionVulnerability: enumeratedExt('Pre-emptionVulnerability', ['not-pre-emptable', 'pre-emptable']),
    ieExtensions,
  }),
  gbrQosInformation: optional(
    sequence('GBR-QosInformation', {
      maximumFlowBitRateDl: bitRate,
      maximumFlowBitRateUl: bitRate,
      guaranteedFlowBitRateDl: bitRate,
      guaranteedFlowBitRateUl: bitRate,
      notificationControl: optional(enumeratedExt('NotificationControl', ['notification-requested'])),
      maximumPacketLossRateDl: optional(integer('PacketLossRate', 0, 1000, true)),
      maximumPacketLossRateUl: optional(integer('PacketLossRate', 0, 1000, true)),
      ieExtensions,
    }),
  ),
  reflectiveQosAttribute: optional(enumeratedExt('ReflectiveQosAttribute', ['subject-to'])),
  additionalQosFlowInformation: optional(enumeratedExt('AdditionalQosFlowInformation', ['more-likely'])),
  ieExtensions,
});

/** QoS Flow Setup Request List (§9.3.4.1). */
export const qosFlowSetupRequestList = sequenceOf(
  'QosFlowSetupRequestList',
  sequence('QosFlowSetupRequestItem', {
    qosFlowIdentifier,
    qosFlowLevelQosParameters,
    eRabId: optional(integer('E-RAB-ID', 0, 15, true)),
    ieExtensions,
  }),
  1,
  64,
);
export type QosFlowSetupRequestItem = PerValue<typeof qosFlowSetupRequestList>[number];

/** QoS Flow per TNL Information (§9.3.2.8): a tunnel and the QoS flows it carries. */
export const qosFlowPerTnlInformation = sequence('QosFlowPerTNLInformation', {
  upTransportLayerInformation,
  associatedQosFlowList: sequenceOf(
    'AssociatedQosFlowList',
    sequence('AssociatedQosFlowItem', {
      qosFlowIdentifier,
      qosFlowMappingIndication: optional(enumeratedExt('QosFlowMappingIndication', ['ul', 'dl'])),
      ieExtensions,
    }),
    1,
    64,
  ),
  ieExtensions,
});

/** Security Indication (§9.3.1.27). */
const protectionIndication = (name: string) => enumeratedExt(name, ['required', 'preferred', 'not-needed']);
export const securityIndication = sequence('SecurityIndication', {
  integrityProtectionIndication: protectionIndication('IntegrityProtectionIndication'),
  confidentialityProtectionIndication: protectionIndication('ConfidentialityProtectionIndication'),
  maximumIntegrityProtectedDataRateUl: optional(
    enumeratedExt('MaximumIntegrityProtectedDataRate', ['bitrate64kbs', 'maximum-UE-rate']),
  ),
  ieExtensions,
});

/** Security Result (§9.3.1.59). */
const protectionResult = (name: string) => enumeratedExt(name, ['performed', 'not-performed']);
export const securityResult = sequence('SecurityResult', {
  integrityProtectionResult: protectionResult('IntegrityProtectionResult'),
  confidentialityProtectionResult: protectionResult('ConfidentialityProtectionResult'),
  ieExtensions,
});

/** QoS Flow List with Cause (§9.3.1.13). */
export const qosFlowListWithCause = sequenceOf(
  'QosFlowListWithCause',
  sequence('QosFlowWithCauseItem', { qosFlowIdentifier, cause, ieExtensions }),
  1,
  64,
);

/** Data Forwarding Not Possible (§9.3.1.62), Network Instance (§9.3.1.104). */
export const dataForwardingNotPossible = enumeratedExt('DataForwardingNotPossible', ['data-forwarding-not-possible']);
export const networkInstance = integer('NetworkInstance', 1, 256, true);
