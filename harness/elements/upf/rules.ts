import {
  CAUSE,
  findIe,
  findIes,
  type GroupedIe,
  hasFlag,
  ieType,
  type PfcpIe,
  type PfcpIeName,
} from '../../protocol/pfcp/index.ts';
import { addressBytes } from '../../protocol/common/ip-bytes.ts';
import { type FlowRule, parseFlowDescription, prefixMatch } from './flow-description.ts';

/**
 * A PFCP session's rules as the UP function applies them (TS 29.244 §5.2): PDRs detect packets
 * (§5.2.1: PDI = source interface, local F-TEID, QFI, UE IP address, SDF filters; the PDR of
 * highest precedence that matches wins), FARs forward, drop or buffer them (§5.2.2), QERs carry
 * the QFI and gates (§5.2.3, §5.4.2), URRs count (§5.2.2.4).
 */
export interface Pdr {
  id: number;
  precedence: number;
  source: number;
  /** Local F-TEID (ours), given or chosen (§5.5.3). */
  teid?: number;
  qfi?: number;
  /** UE IP Address of the PDI: the /n prefix (IPv6) or the address (IPv4). */
  ueIpv6?: Buffer;
  ueIpv6Length: number;
  ueIpv4?: Buffer;
  sdf: FlowRule[];
  outerHeaderRemoval?: number;
  farId?: number;
  qerIds: number[];
  urrIds: number[];
}

export interface Far {
  id: number;
  action: 'forw' | 'drop' | 'buff';
  destination?: number;
  /** Outer Header Creation: where G-PDUs go (GTP-U). */
  peer?: { teid: number; address: string };
}

export interface Qer {
  id: number;
  qfi?: number;
  gateUlOpen: boolean;
  gateDlOpen: boolean;
}

export interface Urr {
  id: number;
  ulOctets: number;
  dlOctets: number;
  ulPackets: number;
  dlPackets: number;
}

/** A rule that cannot be created: the Cause (§8.2.1) and Offending IE of the response. */
export class RuleError extends Error {
  constructor(
    readonly pfcpCause: number,
    readonly offendingIe: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

function need<K extends PfcpIeName>(group: { ies: PfcpIe[] }, ie: K, where: string) {
  const v = findIe(group, ie);
  if (!v)
    throw new RuleError(
      CAUSE.MANDATORY_IE_MISSING,
      ieType(ie as Exclude<PfcpIeName, 'unknown'>),
      `${where} without ${ie}`,
    );
  return v;
}

/**
 * `ignoreDelegation` (fault ignore-ipv6-delegation): a UE IP Address with IPv6D is taken as its /64
 * only, leaving the rest of the delegated prefix unrouted.
 */
export function parsePdr(g: GroupedIe<'create-pdr'>, ignoreDelegation = false): Pdr {
  const id = need(g, 'pdr-id', 'Create PDR').ruleId;
  const precedence = findIe(g, 'precedence')?.value ?? 0;
  const pdi = need(g, 'pdi', 'Create PDR');
  const pdr: Pdr = {
    id,
    precedence,
    source: need(pdi, 'source-interface', 'PDI').value,
    ueIpv6Length: 64,
    sdf: [],
    qerIds: findIes(g, 'qer-id').map((q) => q.ruleId),
    urrIds: findIes(g, 'urr-id').map((u) => u.ruleId),
  };
  const f = findIe(pdi, 'f-teid');
  if (f?.teid !== undefined) pdr.teid = f.teid;
  const q = findIe(pdi, 'qfi');
  if (q) pdr.qfi = q.value;
  const ue = findIe(pdi, 'ue-ip-address');
  if (ue?.ipv6) {
    pdr.ueIpv6 = addressBytes(ue.ipv6);
    // §8.2.62: IPv6D — a prefix of 64 − delegation bits (DHCPv6 prefix delegation, TS 23.501 §5.8.2.2.4).
    const bits = ignoreDelegation ? undefined : ue.ipv6PrefixDelegationBits;
    pdr.ueIpv6Length = bits ? 64 - bits : ue.ipv6PrefixLength || 64;
  }
  if (ue?.ipv4) pdr.ueIpv4 = addressBytes(ue.ipv4);
  for (const s of findIes(pdi, 'sdf-filter')) {
    if (s.flowDescription === undefined) continue;
    const rule = parseFlowDescription(s.flowDescription);
    // §8.2.5: a Flow Description the UP function cannot apply makes the rule fail.
    if (!rule)
      throw new RuleError(
        CAUSE.RULE_CREATION_MODIFICATION_FAILURE,
        ieType('sdf-filter'),
        `SDF filter ${JSON.stringify(s.flowDescription)}`,
      );
    pdr.sdf.push(rule);
  }
  const ohr = findIe(g, 'outer-header-removal');
  if (ohr) pdr.outerHeaderRemoval = ohr.description;
  const far = findIe(g, 'far-id');
  if (far) pdr.farId = far.ruleId;
  return pdr;
}

export function parseFar(g: GroupedIe<'create-far'> | GroupedIe<'update-far'>, old?: Far): Far {
  const id = need(g, 'far-id', g.ie === 'create-far' ? 'Create FAR' : 'Update FAR').ruleId;
  const aa = findIe(g, 'apply-action');
  if (!aa && !old)
    throw new RuleError(CAUSE.MANDATORY_IE_MISSING, ieType('apply-action'), 'Create FAR without Apply Action');
  // One shape for every FAR (no object spread): a copy of the old one's fields, or the defaults.
  const far: Far = { id, action: old?.action ?? 'drop', destination: old?.destination, peer: old?.peer };
  if (aa) far.action = hasFlag(aa, 'forw') ? 'forw' : hasFlag(aa, 'buff') ? 'buff' : 'drop';
  const fp = findIe(g, 'forwarding-parameters') ?? findIe(g, 'update-forwarding-parameters');
  if (fp) {
    const d = findIe(fp, 'destination-interface');
    if (d) far.destination = d.value;
    const ohc = findIe(fp, 'outer-header-creation');
    const address = ohc?.ipv6 ?? ohc?.ipv4;
    if (ohc?.teid !== undefined && address) far.peer = { teid: ohc.teid, address };
  }
  return far;
}

export function parseQer(g: GroupedIe<'create-qer'> | GroupedIe<'update-qer'>, old?: Qer): Qer {
  const qer: Qer = {
    id: need(g, 'qer-id', 'QER').ruleId,
    qfi: old?.qfi,
    gateUlOpen: old?.gateUlOpen ?? true,
    gateDlOpen: old?.gateDlOpen ?? true,
  };
  const q = findIe(g, 'qfi');
  if (q) qer.qfi = q.value;
  const gate = findIe(g, 'gate-status');
  if (gate) {
    qer.gateUlOpen = gate.ul === 0;
    qer.gateDlOpen = gate.dl === 0;
  }
  return qer;
}

export function parseUrr(g: GroupedIe<'create-urr'>): Urr {
  return { id: need(g, 'urr-id', 'Create URR').ruleId, ulOctets: 0, dlOctets: 0, ulPackets: 0, dlPackets: 0 };
}

const LINK_LOCAL = Buffer.from([0xfe, 0x80]);

/**
 * Whether `packet` (an IP packet) matches the PDR's UE IP address and SDF filters. `uplink`: the
 * UE's address is the source (§5.2.1: S/D in the UE IP Address IE).
 */
export function pdiMatches(pdr: Pdr, packet: Buffer, uplink: boolean): boolean {
  const v = packet[0] >> 4;
  if (v !== 4 && v !== 6) return false;
  const ueAt = v === 6 ? (uplink ? 8 : 24) : uplink ? 12 : 16;
  const remoteAt = v === 6 ? (uplink ? 24 : 8) : uplink ? 16 : 12;
  const hasUeIp = pdr.ueIpv6 !== undefined || pdr.ueIpv4 !== undefined;
  const ownAddress =
    v === 6
      ? pdr.ueIpv6 !== undefined && prefixMatch(packet, ueAt, pdr.ueIpv6, pdr.ueIpv6Length)
      : pdr.ueIpv4 !== undefined && prefixMatch(packet, ueAt, pdr.ueIpv4, 32);
  if (pdr.sdf.length === 0) return !hasUeIp || ownAddress;
  const protocol = v === 6 ? packet[6] : packet[9];
  for (const r of pdr.sdf) {
    if (r.protocol !== undefined && r.protocol !== protocol) continue;
    if (!specMatches(r.remote, packet, remoteAt, v)) continue;
    // "assigned": the UE's address, or (IPv6) its link-local address on the PDU session's link.
    const ue =
      r.ue.kind === 'assigned'
        ? ownAddress || !hasUeIp || (v === 6 && prefixMatch(packet, ueAt, LINK_LOCAL, 10))
        : specMatches(r.ue, packet, ueAt, v);
    if (ue) return true;
  }
  return false;
}

function specMatches(s: FlowRule['remote'], packet: Buffer, at: number, v: number): boolean {
  if (s.kind !== 'prefix') return true;
  return s.family === v && prefixMatch(packet, at, s.bytes, s.length);
}
