import {
  choice,
  criticality,
  enumerated,
  enumeratedExt,
  integer,
  optional,
  type PerValue,
  protocolIeSingleContainer,
  sequence,
  sequenceOf,
} from '../../asn1/index.ts';
import { ieExtensions } from './basic.ts';

/** Cause (TS 38.413 §9.3.1.2): one of five groups of ENUMERATED values. */
export const cause = choice('Cause', {
  radioNetwork: enumeratedExt(
    'CauseRadioNetwork',
    [
      'unspecified',
      'txnrelocoverall-expiry',
      'successful-handover',
      'release-due-to-ngran-generated-reason',
      'release-due-to-5gc-generated-reason',
      'handover-cancelled',
      'partial-handover',
      'ho-failure-in-target-5GC-ngran-node-or-target-system',
      'ho-target-not-allowed',
      'tngrelocoverall-expiry',
      'tngrelocprep-expiry',
      'cell-not-available',
      'unknown-targetID',
      'no-radio-resources-available-in-target-cell',
      'unknown-local-UE-NGAP-ID',
      'inconsistent-remote-UE-NGAP-ID',
      'handover-desirable-for-radio-reason',
      'time-critical-handover',
      'resource-optimisation-handover',
      'reduce-load-in-serving-cell',
      'user-inactivity',
      'radio-connection-with-ue-lost',
      'radio-resources-not-available',
      'invalid-qos-combination',
      'failure-in-radio-interface-procedure',
      'interaction-with-other-procedure',
      'unknown-PDU-session-ID',
      'unkown-qos-flow-ID',
      'multiple-PDU-session-ID-instances',
      'multiple-qos-flow-ID-instances',
      'encryption-and-or-integrity-protection-algorithms-not-supported',
      'ng-intra-system-handover-triggered',
      'ng-inter-system-handover-triggered',
      'xn-handover-triggered',
      'not-supported-5QI-value',
      'ue-context-transfer',
      'ims-voice-eps-fallback-or-rat-fallback-triggered',
      'up-integrity-protection-not-possible',
      'up-confidentiality-protection-not-possible',
      'slice-not-supported',
      'ue-in-rrc-inactive-state-not-reachable',
      'redirection',
      'resources-not-available-for-the-slice',
      'ue-max-integrity-protected-data-rate-reason',
      'release-due-to-cn-detected-mobility',
    ],
    ['n26-interface-not-available', 'release-due-to-pre-emption'],
  ),
  transport: enumeratedExt('CauseTransport', ['transport-resource-unavailable', 'unspecified']),
  nas: enumeratedExt('CauseNas', ['normal-release', 'authentication-failure', 'deregister', 'unspecified']),
  protocol: enumeratedExt('CauseProtocol', [
    'transfer-syntax-error',
    'abstract-syntax-error-reject',
    'abstract-syntax-error-ignore-and-notify',
    'message-not-compatible-with-receiver-state',
    'semantic-error',
    'abstract-syntax-error-falsely-constructed-message',
    'unspecified',
  ]),
  misc: enumeratedExt('CauseMisc', [
    'control-processing-overload',
    'not-enough-user-plane-processing-resources',
    'hardware-failure',
    'om-intervention',
    'unknown-PLMN',
    'unspecified',
  ]),
  choiceExtensions: protocolIeSingleContainer,
});
export type Cause = PerValue<typeof cause>;

/** TimeToWait (§9.3.1.56). */
export const timeToWait = enumeratedExt('TimeToWait', ['v1s', 'v2s', 'v5s', 'v10s', 'v20s', 'v60s']);

/** Criticality Diagnostics (§9.3.1.3). */
export const criticalityDiagnostics = sequence('CriticalityDiagnostics', {
  procedureCode: optional(integer('ProcedureCode', 0, 255)),
  triggeringMessage: optional(
    enumerated('TriggeringMessage', ['initiating-message', 'successful-outcome', 'unsuccessfull-outcome']),
  ),
  procedureCriticality: optional(criticality),
  iesCriticalityDiagnostics: optional(
    sequenceOf(
      'CriticalityDiagnostics-IE-List',
      sequence('CriticalityDiagnostics-IE-Item', {
        ieCriticality: criticality,
        ieId: integer('ProtocolIE-ID', 0, 65535),
        typeOfError: enumeratedExt('TypeOfError', ['not-understood', 'missing']),
        ieExtensions,
      }),
      1,
      256,
    ),
  ),
  ieExtensions,
});
export type CriticalityDiagnostics = PerValue<typeof criticalityDiagnostics>;
