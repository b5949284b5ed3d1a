import type { Reader, Writer } from '../common/cursor.ts';
import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../common/ip-bytes.ts';
import { EncodeError } from '../common/decode-error.ts';

/**
 * PFCP information elements (TS 29.244 §8.1-§8.2). Each has a 2-octet type and 2-octet length;
 * grouped IEs (Create PDR, PDI, Create FAR, Forwarding Parameters, Create URR, Created PDR, Update
 * and Remove IEs) hold nested lists. Flag-octet IEs whose later octets vary by release (Apply
 * Action, Reporting Triggers, function features) keep their octets; helpers name the flags.
 */
export type PfcpIe =
  | { ie: 'cause'; value: number }
  /** §8.2.38 Node ID: type 0 IPv4, 1 IPv6, 2 FQDN. */
  | { ie: 'node-id'; ipv4?: string; ipv6?: string; fqdn?: Buffer }
  /** §8.2.37 F-SEID. */
  | { ie: 'f-seid'; seid: bigint; ipv4?: string; ipv6?: string }
  /** §8.2.65 Recovery Time Stamp: seconds since 1900-01-01 (NTP era 0). */
  | { ie: 'recovery-time-stamp'; seconds: number }
  | { ie: 'pdr-id'; ruleId: number }
  | { ie: 'precedence'; value: number }
  /** §8.2.2 Source Interface / §8.2.24 Destination Interface: 0 Access, 1 Core, 2 SGi-LAN/N6-LAN, 3 CP-function. */
  | { ie: 'source-interface'; value: number }
  | { ie: 'destination-interface'; value: number }
  /** §8.2.3 F-TEID: TEID and address(es), or CH (choose) with an optional CHOOSE ID. */
  | { ie: 'f-teid'; teid?: number; ipv4?: string; ipv6?: string; choose?: { v4: boolean; v6: boolean; chooseId?: number } }
  /** §8.2.4 Network Instance, as sent (a DNS-label name or text). */
  | { ie: 'network-instance'; value: Buffer }
  /**
   * §8.2.62 UE IP Address: V6, V4, S/D (destination), IPv6D (prefix delegation bits follow),
   * CHV4/CHV6 (the UP function chooses), IP6PL (prefix length follows).
   */
  | {
      ie: 'ue-ip-address';
      sourceOrDestination: 'source' | 'destination';
      ipv4?: string;
      ipv6?: string;
      chooseIpv4?: boolean;
      chooseIpv6?: boolean;
      ipv6PrefixDelegationBits?: number;
      ipv6PrefixLength?: number;
    }
  /** §8.2.64 Outer Header Removal description (0 GTP-U/UDP/IPv4, 1 GTP-U/UDP/IPv6, ...), optional extension-header deletion octet. */
  | { ie: 'outer-header-removal'; description: number; extensionHeaderDeletion?: number }
  | { ie: 'far-id'; ruleId: number }
  | { ie: 'urr-id'; ruleId: number }
  | { ie: 'qer-id'; ruleId: number }
  /** §8.2.26 Apply Action flags (octet 5: DROP, FORW, BUFF, NOCP, DUPL, IPMA, IPMD, DFRT; octet 6 optional). */
  | { ie: 'apply-action'; flags: Buffer }
  /** §8.2.56 Outer Header Creation: 2-octet description, then TEID, IPv4, IPv6, port, C-TAG, S-TAG as flagged. */
  | { ie: 'outer-header-creation'; description: number; teid?: number; ipv4?: string; ipv6?: string; port?: number; cTag?: Buffer; sTag?: Buffer }
  /** §8.2.40 Measurement Method: DURAT, VOLUM, EVENT. */
  | { ie: 'measurement-method'; durat: boolean; volum: boolean; event: boolean }
  | { ie: 'reporting-triggers'; flags: Buffer }
  /** §8.2.13 Volume Threshold: total, uplink, downlink volumes in octets. */
  | { ie: 'volume-threshold'; total?: bigint; uplink?: bigint; downlink?: bigint }
  | { ie: 'up-function-features'; flags: Buffer }
  | { ie: 'cp-function-features'; flags: Buffer }
  | { ie: 'offending-ie'; type: number }
  | { ie: GroupedName; ies: PfcpIe[] }
  /** An IE this codec does not model; vendor-specific IEs (type ≥ 32768) carry their enterprise ID inside `data`. */
  | { ie: 'unknown'; type: number; data: Buffer };

export const GROUPED = {
  'create-pdr': 1,
  pdi: 2,
  'create-far': 3,
  'forwarding-parameters': 4,
  'create-urr': 6,
  'created-pdr': 8,
  'update-pdr': 9,
  'update-far': 10,
  'update-forwarding-parameters': 11,
  'remove-pdr': 15,
  'remove-far': 16,
} as const;
export type GroupedName = keyof typeof GROUPED;

type Of<K extends PfcpIe['ie']> = Extract<PfcpIe, { ie: K }>;

export interface PfcpIeCodec<K extends PfcpIe['ie']> {
  type: number;
  name: K;
  encode(v: Of<K>, w: Writer): void;
  decode(r: Reader): Of<K>;
}

const u8 = <K extends 'cause' | 'source-interface' | 'destination-interface'>(type: number, name: K, mask = 0xff): PfcpIeCodec<K> => ({
  type,
  name,
  encode: (v, w) => void w.u8((v as { value: number }).value & mask, name),
  decode: (r) => ({ ie: name, value: r.u8() & mask }) as Of<K>,
});

const ruleId32 = <K extends 'far-id' | 'urr-id' | 'qer-id'>(type: number, name: K): PfcpIeCodec<K> => ({
  type,
  name,
  encode: (v, w) => void w.u32((v as { ruleId: number }).ruleId, name),
  decode: (r) => ({ ie: name, ruleId: r.u32() }) as Of<K>,
});

const flagOctets = <K extends 'apply-action' | 'reporting-triggers' | 'up-function-features' | 'cp-function-features'>(type: number, name: K): PfcpIeCodec<K> => ({
  type,
  name,
  encode: (v, w) => void w.bytes((v as { flags: Buffer }).flags),
  decode: (r) => ({ ie: name, flags: r.rest() }) as Of<K>,
});

export const CODECS: PfcpIeCodec<PfcpIe['ie']>[] = [
  u8(19, 'cause'),
  {
    type: 60,
    name: 'node-id',
    encode(v: Of<'node-id'>, w) {
      if (v.ipv4) writeIpv4(w.u8(0), v.ipv4, 'Node ID');
      else if (v.ipv6) writeIpv6(w.u8(1), v.ipv6, 'Node ID');
      else if (v.fqdn) w.u8(2).bytes(v.fqdn);
      else throw new EncodeError('pfcp', 'Node ID', 'needs ipv4, ipv6 or fqdn');
    },
    decode(r) {
      const t = r.u8() & 0x0f;
      if (t === 0) return { ie: 'node-id', ipv4: readIpv4(r) };
      if (t === 1) return { ie: 'node-id', ipv6: readIpv6(r) };
      if (t === 2) return { ie: 'node-id', fqdn: r.rest() };
      return r.fail(`Node ID type ${t}`);
    },
  } as PfcpIeCodec<'node-id'>,
  {
    type: 57,
    name: 'f-seid',
    encode(v: Of<'f-seid'>, w) {
      w.u8((v.ipv4 ? 2 : 0) | (v.ipv6 ? 1 : 0)).u64(v.seid);
      if (v.ipv4) writeIpv4(w, v.ipv4, 'F-SEID IPv4');
      if (v.ipv6) writeIpv6(w, v.ipv6, 'F-SEID IPv6');
    },
    decode(r) {
      const f = r.u8();
      const ie: Of<'f-seid'> = { ie: 'f-seid', seid: r.u64() };
      if (f & 2) ie.ipv4 = readIpv4(r);
      if (f & 1) ie.ipv6 = readIpv6(r);
      return ie;
    },
  } as PfcpIeCodec<'f-seid'>,
  { type: 96, name: 'recovery-time-stamp', encode: (v: Of<'recovery-time-stamp'>, w) => void w.u32(v.seconds, 'Recovery Time Stamp'), decode: (r) => ({ ie: 'recovery-time-stamp', seconds: r.u32() }) } as PfcpIeCodec<'recovery-time-stamp'>,
  { type: 56, name: 'pdr-id', encode: (v: Of<'pdr-id'>, w) => void w.u16(v.ruleId, 'PDR ID'), decode: (r) => ({ ie: 'pdr-id', ruleId: r.u16() }) } as PfcpIeCodec<'pdr-id'>,
  { type: 29, name: 'precedence', encode: (v: Of<'precedence'>, w) => void w.u32(v.value, 'Precedence'), decode: (r) => ({ ie: 'precedence', value: r.u32() }) } as PfcpIeCodec<'precedence'>,
  u8(20, 'source-interface', 0x0f),
  u8(42, 'destination-interface', 0x0f),
  {
    type: 21,
    name: 'f-teid',
    encode(v: Of<'f-teid'>, w) {
      if (v.choose) {
        w.u8((v.choose.chooseId !== undefined ? 8 : 0) | 4 | (v.choose.v6 ? 2 : 0) | (v.choose.v4 ? 1 : 0));
        if (v.choose.chooseId !== undefined) w.u8(v.choose.chooseId, 'CHOOSE ID');
        return;
      }
      w.u8((v.ipv6 ? 2 : 0) | (v.ipv4 ? 1 : 0)).u32(v.teid ?? 0, 'TEID');
      if (v.ipv4) writeIpv4(w, v.ipv4, 'F-TEID IPv4');
      if (v.ipv6) writeIpv6(w, v.ipv6, 'F-TEID IPv6');
    },
    decode(r) {
      const f = r.u8();
      if (f & 4) {
        const choose: NonNullable<Of<'f-teid'>['choose']> = { v4: (f & 1) !== 0, v6: (f & 2) !== 0 };
        if (f & 8) choose.chooseId = r.u8();
        return { ie: 'f-teid', choose };
      }
      const ie: Of<'f-teid'> = { ie: 'f-teid', teid: r.u32() };
      if (f & 1) ie.ipv4 = readIpv4(r);
      if (f & 2) ie.ipv6 = readIpv6(r);
      return ie;
    },
  } as PfcpIeCodec<'f-teid'>,
  { type: 22, name: 'network-instance', encode: (v: Of<'network-instance'>, w) => void w.bytes(v.value), decode: (r) => ({ ie: 'network-instance', value: r.rest() }) } as PfcpIeCodec<'network-instance'>,
  {
    type: 93,
    name: 'ue-ip-address',
    encode(v: Of<'ue-ip-address'>, w) {
      w.u8(
        (v.ipv6PrefixLength !== undefined ? 0x40 : 0) |
          (v.chooseIpv6 ? 0x20 : 0) |
          (v.chooseIpv4 ? 0x10 : 0) |
          (v.ipv6PrefixDelegationBits !== undefined ? 0x08 : 0) |
          (v.sourceOrDestination === 'destination' ? 0x04 : 0) |
          (v.ipv4 || v.chooseIpv4 ? 0x02 : 0) |
          (v.ipv6 || v.chooseIpv6 ? 0x01 : 0),
      );
      if (v.ipv4 && !v.chooseIpv4) writeIpv4(w, v.ipv4, 'UE IP Address IPv4');
      if (v.ipv6 && !v.chooseIpv6) writeIpv6(w, v.ipv6, 'UE IP Address IPv6');
      if (v.ipv6PrefixDelegationBits !== undefined) w.u8(v.ipv6PrefixDelegationBits, 'IPv6 prefix delegation bits');
      if (v.ipv6PrefixLength !== undefined) w.u8(v.ipv6PrefixLength, 'IPv6 prefix length');
    },
    decode(r) {
      const f = r.u8();
      const ie: Of<'ue-ip-address'> = { ie: 'ue-ip-address', sourceOrDestination: f & 0x04 ? 'destination' : 'source' };
      if (f & 0x10) ie.chooseIpv4 = true;
      if (f & 0x20) ie.chooseIpv6 = true;
      if (f & 0x02 && !(f & 0x10)) ie.ipv4 = readIpv4(r);
      if (f & 0x01 && !(f & 0x20)) ie.ipv6 = readIpv6(r);
      if (f & 0x08) ie.ipv6PrefixDelegationBits = r.u8();
      if (f & 0x40) ie.ipv6PrefixLength = r.u8();
      return ie;
    },
  } as PfcpIeCodec<'ue-ip-address'>,
  {
    type: 95,
    name: 'outer-header-removal',
    encode(v: Of<'outer-header-removal'>, w) {
      w.u8(v.description, 'Outer Header Removal description');
      if (v.extensionHeaderDeletion !== undefined) w.u8(v.extensionHeaderDeletion);
    },
    decode(r) {
      const ie: Of<'outer-header-removal'> = { ie: 'outer-header-removal', description: r.u8() };
      if (r.remaining > 0) ie.extensionHeaderDeletion = r.u8();
      return ie;
    },
  } as PfcpIeCodec<'outer-header-removal'>,
  ruleId32(108, 'far-id'),
  ruleId32(81, 'urr-id'),
  ruleId32(109, 'qer-id'),
  flagOctets(44, 'apply-action'),
  {
    type: 84,
    name: 'outer-header-creation',
    encode(v: Of<'outer-header-creation'>, w) {
      const d = v.description;
      w.u16(d, 'Outer Header Creation description');
      if (d & 0x0300) w.u32(v.teid ?? 0, 'TEID');
      if (d & 0x1500) writeIpv4(w, v.ipv4 ?? '0.0.0.0', 'Outer Header Creation IPv4');
      if (d & 0x2a00) writeIpv6(w, v.ipv6 ?? '::', 'Outer Header Creation IPv6');
      if (d & 0x0c00) w.u16(v.port ?? 0, 'port');
      if (d & 0x4000) w.bytes(v.cTag ?? Buffer.alloc(3));
      if (d & 0x8000) w.bytes(v.sTag ?? Buffer.alloc(3));
    },
    decode(r) {
      const d = r.u16();
      const ie: Of<'outer-header-creation'> = { ie: 'outer-header-creation', description: d };
      // Octet 5 bits 1-8: GTP-U/UDP/IPv4, GTP-U/UDP/IPv6, UDP/IPv4, UDP/IPv6, IPv4, IPv6, C-TAG, S-TAG.
      if (d & 0x0300) ie.teid = r.u32();
      if (d & 0x1500) ie.ipv4 = readIpv4(r);
      if (d & 0x2a00) ie.ipv6 = readIpv6(r);
      if (d & 0x0c00) ie.port = r.u16();
      if (d & 0x4000) ie.cTag = r.bytes(3);
      if (d & 0x8000) ie.sTag = r.bytes(3);
      return ie;
    },
  } as PfcpIeCodec<'outer-header-creation'>,
  {
    type: 62,
    name: 'measurement-method',
    encode: (v: Of<'measurement-method'>, w) => void w.u8((v.event ? 4 : 0) | (v.volum ? 2 : 0) | (v.durat ? 1 : 0)),
    decode(r) {
      const f = r.u8();
      return { ie: 'measurement-method', durat: (f & 1) !== 0, volum: (f & 2) !== 0, event: (f & 4) !== 0 };
    },
  } as PfcpIeCodec<'measurement-method'>,
  flagOctets(37, 'reporting-triggers'),
  {
    type: 31,
    name: 'volume-threshold',
    encode(v: Of<'volume-threshold'>, w) {
      w.u8((v.downlink !== undefined ? 4 : 0) | (v.uplink !== undefined ? 2 : 0) | (v.total !== undefined ? 1 : 0));
      if (v.total !== undefined) w.u64(v.total);
      if (v.uplink !== undefined) w.u64(v.uplink);
      if (v.downlink !== undefined) w.u64(v.downlink);
    },
    decode(r) {
      const f = r.u8();
      const ie: Of<'volume-threshold'> = { ie: 'volume-threshold' };
      if (f & 1) ie.total = r.u64();
      if (f & 2) ie.uplink = r.u64();
      if (f & 4) ie.downlink = r.u64();
      return ie;
    },
  } as PfcpIeCodec<'volume-threshold'>,
  flagOctets(43, 'up-function-features'),
  flagOctets(89, 'cp-function-features'),
  { type: 40, name: 'offending-ie', encode: (v: Of<'offending-ie'>, w) => void w.u16(v.type, 'Offending IE'), decode: (r) => ({ ie: 'offending-ie', type: r.u16() }) } as PfcpIeCodec<'offending-ie'>,
] as PfcpIeCodec<PfcpIe['ie']>[];

/** §8.2.26 Apply Action flags by name, octet 5. */
export const APPLY_ACTION = { drop: 0x01, forw: 0x02, buff: 0x04, nocp: 0x08, dupl: 0x10 } as const;

export function applyAction(flags: Partial<Record<keyof typeof APPLY_ACTION, boolean>>): Of<'apply-action'> {
  let b = 0;
  for (const [k, on] of Object.entries(flags)) if (on) b |= APPLY_ACTION[k as keyof typeof APPLY_ACTION];
  return { ie: 'apply-action', flags: Buffer.from([b]) };
}

/** §8.2.56 Outer Header Creation description bits (octet 5 in the high byte of the 16-bit value). */
export const OUTER_HEADER_CREATION = { GTPU_UDP_IPV4: 0x0100, GTPU_UDP_IPV6: 0x0200, UDP_IPV4: 0x0400, UDP_IPV6: 0x0800, IPV4: 0x1000, IPV6: 0x2000 } as const;
