import type { Criticality } from '../asn1/index.ts';
import { EncodeError } from '../common/decode-error.ts';
import type { Plmn } from '../common/plmn.ts';
import type { TransportLayerAddress } from './ies/basic.ts';
import type { GlobalRanNodeId, UserLocationInformation } from './ies/identities.ts';
import type { UpTransportLayerInformation } from './ies/qos.ts';
import { NGAP_IES, type NgapIe, type NgapIeName, type NgapIeValues } from './ie-table.ts';
import { MESSAGE_IES, MESSAGE_INFO, type NgapMessageName } from './messages.ts';
import type { NgapMessage, NgapPdu } from './pdu.ts';
import {
  encodeTransfer,
  type PduSessionResourceSetupResponseTransfer,
  pduSessionResourceSetupRequestTransfer,
  pduSessionResourceSetupResponseTransfer,
} from './transfers.ts';

/** IE values by spec name, e.g. `{ 'RAN-UE-NGAP-ID': 1, 'NAS-PDU': nas }`. */
export type IeValues = { [K in NgapIeName]?: NgapIeValues[K] };

/**
 * Send template: an NGAP message with the given IEs in the order of TS 38.413 §9.4.4 and each
 * IE's criticality from the spec (MESSAGE_IES). A missing mandatory IE is an EncodeError unless
 * `allowMissing` (a negative test sending a malformed message on purpose).
 */
export function ngapMessage(
  message: NgapMessageName,
  values: IeValues,
  opts: { allowMissing?: boolean; criticality?: Criticality } = {},
): NgapMessage {
  return {
    message,
    criticality: opts.criticality ?? MESSAGE_INFO.get(message)!.criticality,
    ies: ieList(message, values, opts),
  };
}

function ieList(
  name: NgapMessageName | 'PDUSessionResourceSetupRequestTransfer',
  values: IeValues,
  opts: { allowMissing?: boolean },
): NgapIe[] {
  const rows = MESSAGE_IES[name];
  if (!rows) throw new EncodeError('NGAP', name, 'no IE list for this message: build its ies by hand');
  const ies: NgapIe[] = [];
  const used = new Set<string>();
  for (const [ie, criticality, presence] of rows) {
    const v = values[ie as NgapIeName];
    if (v === undefined) {
      if (presence === 'M' && !opts.allowMissing) throw new EncodeError('NGAP', name, `mandatory IE ${ie} is missing`);
      continue;
    }
    used.add(ie);
    ies.push({ ie, criticality, value: v } as NgapIe);
  }
  for (const k of Object.keys(values)) {
    if (!used.has(k) && values[k as NgapIeName] !== undefined)
      throw new EncodeError('NGAP', name, `IE ${k} is not part of ${name}`);
  }
  return ies;
}

/** The value of the first IE named `ie`, typed, or undefined. */
export function ieValue<K extends NgapIeName>(m: NgapPdu, ie: K): NgapIeValues[K] | undefined {
  if (m.message === 'unknown' || m.message === 'pdu-extension') return undefined;
  for (const x of m.ies) if (x.ie === ie) return x.value as NgapIeValues[K];
  return undefined;
}

/** Mandatory IEs (§9.4.4) a received message lacks: a receive check for the DUT's messages. */
export function missingIes(m: NgapMessage): string[] {
  const rows = MESSAGE_IES[m.message] ?? [];
  const have = new Set(m.ies.map((x) => x.ie));
  return rows.filter(([ie, , p]) => p === 'M' && !have.has(ie as NgapIeName)).map(([ie]) => ie);
}

/** IEs of a received message whose ids this codec does not know. */
export function unknownIeIds(m: NgapMessage): number[] {
  return m.ies.flatMap((x) => (x.ie === 'unknown' ? [x.id] : []));
}

/** ProtocolIE-ID of an IE name (§9.4.7). */
export function ieId(ie: NgapIeName): number {
  return NGAP_IES[ie].id;
}

// --- Value helpers for the common structures ---------------------------------------------

/** Global gNB ID with a gNB ID of `bits` (22..32) bits. */
export function globalGnbId(plmnIdentity: Plmn, gnbId: number, bits = 32): GlobalRanNodeId {
  return { choice: 'globalGnbId', value: { plmnIdentity, gnbId: { choice: 'gnbId', value: { value: gnbId, bits } } } };
}

/** NR User Location Information: NR CGI (36-bit cell identity) and TAI. */
export function nrUserLocation(plmnIdentity: Plmn, nrCellIdentity: number, tac: number): UserLocationInformation {
  return {
    choice: 'userLocationInformationNr',
    value: { nrCgi: { plmnIdentity, nrCellIdentity }, tai: { plmnIdentity, tac } },
  };
}

/** A GTP tunnel endpoint: IPv4, IPv6 or both (TS 38.414 §5.1) and a TEID. */
export function gtpTunnel(transportLayerAddress: TransportLayerAddress, gtpTeid: number): UpTransportLayerInformation {
  return { choice: 'gtpTunnel', value: { transportLayerAddress, gtpTeid } };
}

/** A QoS flow with a non-dynamic 5QI and an ARP priority level (TS 38.413 §9.3.1.12). */
export function qosFlow(qfi: number, fiveQi = 9, priorityLevelArp = 8) {
  return {
    qosFlowIdentifier: qfi,
    qosFlowLevelQosParameters: {
      qosCharacteristics: { choice: 'nonDynamic5qi' as const, value: { fiveQi } },
      allocationAndRetentionPriority: {
        priorityLevelArp,
        preEmptionCapability: 'shall-not-trigger-pre-emption' as const,
        preEmptionVulnerability: 'not-pre-emptable' as const,
      },
    },
  };
}

/** PDU Session Resource Setup Request Transfer (§9.3.4.1) as octets for a setup list item. */
export function setupRequestTransfer(
  values: Pick<
    IeValues,
    | 'PDUSessionAggregateMaximumBitRate'
    | 'UL-NGU-UP-TNLInformation'
    | 'AdditionalUL-NGU-UP-TNLInformation'
    | 'DataForwardingNotPossible'
    | 'PDUSessionType'
    | 'SecurityIndication'
    | 'NetworkInstance'
    | 'QosFlowSetupRequestList'
    | 'CommonNetworkInstance'
  >,
  opts: { allowMissing?: boolean } = {},
): Buffer {
  return encodeTransfer(pduSessionResourceSetupRequestTransfer, {
    protocolIes: ieList('PDUSessionResourceSetupRequestTransfer', values, opts),
  });
}

/** PDU Session Resource Setup Response Transfer (§9.3.4.2): the gNB's DL tunnel for the given QFIs. */
export function setupResponseTransfer(
  dl: UpTransportLayerInformation,
  qfis: number[],
  more: Partial<PduSessionResourceSetupResponseTransfer> = {},
): Buffer {
  return encodeTransfer(pduSessionResourceSetupResponseTransfer, {
    dlQosFlowPerTnlInformation: {
      upTransportLayerInformation: dl,
      associatedQosFlowList: qfis.map((qosFlowIdentifier) => ({ qosFlowIdentifier })),
    },
    ...more,
  });
}

/**
 * A received message as a record for receive templates (harness/runner/match.ts): IEs by spec
 * name (the first of a repeated IE; unknown IEs as `unknown-<id>`), so a template reads
 * `{ message: 'NGSetupResponse', ies: { AMFName: present, RelativeAMFCapacity: 255 } }`.
 */
export interface NgapView {
  message: string;
  criticality?: Criticality;
  ies: Record<string, unknown>;
}

export function ngapView(m: NgapPdu): NgapView {
  if (m.message === 'unknown' || m.message === 'pdu-extension') return { message: m.message, ies: {} };
  const ies: Record<string, unknown> = {};
  for (const x of m.ies) {
    const key = x.ie === 'unknown' ? `unknown-${x.id}` : x.ie;
    if (!(key in ies)) ies[key] = x.value;
  }
  return { message: m.message, criticality: m.criticality, ies };
}
