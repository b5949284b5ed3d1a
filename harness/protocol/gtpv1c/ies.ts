import type { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../common/ip-bytes.ts';
import { pcoLength, readPco, writePco, type Pco } from '../common/pco.ts';
import { readTbcd, tbcdLength, writeTbcd } from '../common/tbcd.ts';
import { apnLength, readApn, writeApn } from '../common/apn.ts';

/**
 * GTPv1-C information elements (TS 29.060 §7.7). Types below 128 are TV with a fixed value length
 * (the table below is that list); 128 and above are TLV with a 2-octet length. Single-octet TV
 * values are kept as the octet the peer sent (spare bits included), so captures re-encode exactly.
 */
export type Gtpv1cIe =
  | { ie: 'cause'; value: number }
  | { ie: 'imsi'; digits: string }
  | { ie: 'reordering-required'; value: number }
  | { ie: 'recovery'; restartCounter: number }
  | { ie: 'selection-mode'; mode: number }
  | { ie: 'teid-data-i'; teid: number }
  | { ie: 'teid-control-plane'; teid: number }
  | { ie: 'teardown-ind'; value: number }
  | { ie: 'nsapi'; nsapi: number }
  | { ie: 'charging-characteristics'; value: number }
  | { ie: 'charging-id'; chargingId: number }
  /** §7.7.27 End User Address: PDP type organisation (1 = IETF) and number (0x21 IPv4, 0x57 IPv6, 0x8D IPv4v6). */
  | { ie: 'end-user-address'; pdpTypeOrganization: number; pdpType: number; ipv4?: string; ipv6?: string }
  | { ie: 'apn'; apn: string }
  | ({ ie: 'pco' } & Pco)
  | { ie: 'gsn-address'; address: string }
  /** §7.7.33: ISDN-AddressString: nature of address / numbering plan octet, then TBCD digits. */
  | { ie: 'msisdn'; addressType: number; digits: string }
  /** §7.7.34 QoS Profile: allocation/retention priority, then the TS 24.008 QoS octets as sent. */
  | { ie: 'qos-profile'; allocationRetentionPriority: number; data: Buffer }
  | { ie: 'rat-type'; ratType: number }
  | { ie: 'imei-sv'; digits: string }
  | { ie: 'private-extension'; enterpriseId: number; value: Buffer }
  | { ie: 'unknown'; type: number; data: Buffer };

interface TvCodec {
  name: Gtpv1cIe['ie'];
  length: number;
  read(r: Reader): Gtpv1cIe;
  write(w: Writer, ie: Gtpv1cIe): void;
}

type Of<K extends Gtpv1cIe['ie']> = Extract<Gtpv1cIe, { ie: K }>;

const octet = <K extends 'cause' | 'reordering-required' | 'teardown-ind'>(name: K): TvCodec => ({
  name,
  length: 1,
  read: (r) => ({ ie: name, value: r.u8() }) as Gtpv1cIe,
  write: (w, ie) => void w.u8((ie as { value: number }).value, name),
});

/** TV IEs by type with their value lengths (§7.7, Table 37). */
export const TV: Readonly<Record<number, TvCodec>> = {
  1: octet('cause'),
  2: {
    name: 'imsi',
    length: 8,
    read: (r) => ({ ie: 'imsi', digits: readTbcd(r.at('IMSI'), 8) }),
    write: (w, ie) => writeImsi(w, (ie as Of<'imsi'>).digits),
  },
  8: octet('reordering-required'),
  14: {
    name: 'recovery',
    length: 1,
    read: (r) => ({ ie: 'recovery', restartCounter: r.u8() }),
    write: (w, ie) => void w.u8((ie as Of<'recovery'>).restartCounter),
  },
  15: {
    name: 'selection-mode',
    length: 1,
    read: (r) => ({ ie: 'selection-mode', mode: r.u8() }),
    write: (w, ie) => void w.u8((ie as Of<'selection-mode'>).mode),
  },
  16: {
    name: 'teid-data-i',
    length: 4,
    read: (r) => ({ ie: 'teid-data-i', teid: r.u32() }),
    write: (w, ie) => void w.u32((ie as Of<'teid-data-i'>).teid, 'TEID Data I'),
  },
  17: {
    name: 'teid-control-plane',
    length: 4,
    read: (r) => ({ ie: 'teid-control-plane', teid: r.u32() }),
    write: (w, ie) => void w.u32((ie as Of<'teid-control-plane'>).teid, 'TEID Control Plane'),
  },
  19: octet('teardown-ind'),
  20: {
    name: 'nsapi',
    length: 1,
    read: (r) => ({ ie: 'nsapi', nsapi: r.u8() }),
    write: (w, ie) => void w.u8((ie as Of<'nsapi'>).nsapi, 'NSAPI'),
  },
  26: {
    name: 'charging-characteristics',
    length: 2,
    read: (r) => ({ ie: 'charging-characteristics', value: r.u16() }),
    write: (w, ie) => void w.u16((ie as Of<'charging-characteristics'>).value),
  },
  127: {
    name: 'charging-id',
    length: 4,
    read: (r) => ({ ie: 'charging-id', chargingId: r.u32() }),
    write: (w, ie) => void w.u32((ie as Of<'charging-id'>).chargingId),
  },
};

/** Value lengths of TV types we do not model, so they can be kept and skipped (§7.7). */
export const OTHER_TV_LENGTHS: Readonly<Record<number, number>> = {
  3: 6,
  4: 4,
  5: 4,
  9: 28,
  11: 1,
  12: 3,
  13: 1,
  18: 5,
  21: 1,
  22: 9,
  23: 1,
  24: 1,
  25: 2,
  27: 2,
  28: 2,
  29: 1,
};

function writeImsi(w: Writer, digits: string): void {
  if (digits.length > 16) throw new EncodeError('gtpv1c', 'IMSI', 'more than 16 digits');
  writeTbcd(w, digits, 'IMSI');
  for (let i = tbcdLength(digits); i < 8; i++) w.u8(0xff);
}

export const TLV_TYPES = {
  'end-user-address': 128,
  apn: 131,
  pco: 132,
  'gsn-address': 133,
  msisdn: 134,
  'qos-profile': 135,
  'rat-type': 151,
  'imei-sv': 154,
  'private-extension': 255,
} as const;

const TLV_NAMES = new Map<number, keyof typeof TLV_TYPES>(
  Object.entries(TLV_TYPES).map(([k, v]) => [v, k as keyof typeof TLV_TYPES]),
);
export const TV_TYPES = new Map<string, number>(Object.entries(TV).map(([k, v]) => [v.name, Number(k)]));

export function tlvValueLength(ie: Gtpv1cIe): number {
  switch (ie.ie) {
    case 'end-user-address':
      return 2 + (ie.ipv4 ? 4 : 0) + (ie.ipv6 ? 16 : 0);
    case 'apn':
      return apnLength(ie.apn);
    case 'pco':
      return pcoLength(ie);
    case 'gsn-address':
      return ie.address.includes(':') ? 16 : 4;
    case 'msisdn':
      return 1 + tbcdLength(ie.digits);
    case 'qos-profile':
      return 1 + ie.data.length;
    case 'rat-type':
      return 1;
    case 'imei-sv':
      return tbcdLength(ie.digits);
    case 'private-extension':
      return 2 + ie.value.length;
    case 'unknown':
      return ie.data.length;
    default:
      return -1;
  }
}

export function writeTlvValue(w: Writer, ie: Gtpv1cIe): void {
  switch (ie.ie) {
    case 'end-user-address':
      // Spare bits 8-5 are 1 (§7.7.27).
      w.u8(0xf0 | (ie.pdpTypeOrganization & 0x0f)).u8(ie.pdpType, 'PDP type number');
      if (ie.ipv4) writeIpv4(w, ie.ipv4, 'EUA IPv4');
      if (ie.ipv6) writeIpv6(w, ie.ipv6, 'EUA IPv6');
      return;
    case 'apn':
      writeApn(w, ie.apn);
      return;
    case 'pco':
      writePco(w, ie);
      return;
    case 'gsn-address':
      if (ie.address.includes(':')) writeIpv6(w, ie.address, 'GSN Address');
      else writeIpv4(w, ie.address, 'GSN Address');
      return;
    case 'msisdn':
      w.u8(ie.addressType, 'MSISDN address type');
      writeTbcd(w, ie.digits, 'MSISDN');
      return;
    case 'qos-profile':
      w.u8(ie.allocationRetentionPriority, 'allocation/retention priority').bytes(ie.data);
      return;
    case 'rat-type':
      w.u8(ie.ratType, 'RAT Type');
      return;
    case 'imei-sv':
      writeTbcd(w, ie.digits, 'IMEI(SV)');
      return;
    case 'private-extension':
      w.u16(ie.enterpriseId, 'enterprise ID').bytes(ie.value);
      return;
    case 'unknown':
      w.bytes(ie.data);
      return;
    default:
      throw new EncodeError('gtpv1c', ie.ie, 'not a TLV IE');
  }
}

export function readTlvValue(type: number, v: Reader): Gtpv1cIe {
  const name = TLV_NAMES.get(type);
  v.at(name ?? `IE type ${type}`);
  switch (name) {
    case 'end-user-address': {
      const org = v.u8() & 0x0f;
      const pdpType = v.u8();
      const ie: Extract<Gtpv1cIe, { ie: 'end-user-address' }> = {
        ie: 'end-user-address',
        pdpTypeOrganization: org,
        pdpType,
      };
      // §7.7.27: the address part's length tells which addresses are present (0 = dynamic).
      if (v.remaining === 4) ie.ipv4 = readIpv4(v);
      else if (v.remaining === 16) ie.ipv6 = readIpv6(v);
      else if (v.remaining === 20) {
        ie.ipv4 = readIpv4(v);
        ie.ipv6 = readIpv6(v);
      } else if (v.remaining !== 0) v.fail(`address part of ${v.remaining} octets (0, 4, 16 or 20)`);
      return ie;
    }
    case 'apn':
      return { ie: 'apn', apn: readApn(v) };
    case 'pco':
      return { ie: 'pco', ...readPco(v) };
    case 'gsn-address':
      if (v.remaining === 4) return { ie: 'gsn-address', address: readIpv4(v) };
      if (v.remaining === 16) return { ie: 'gsn-address', address: readIpv6(v) };
      return v.fail(`length ${v.remaining}, must be 4 or 16`);
    case 'msisdn':
      return { ie: 'msisdn', addressType: v.u8(), digits: readTbcd(v, v.remaining) };
    case 'qos-profile':
      return { ie: 'qos-profile', allocationRetentionPriority: v.u8(), data: v.rest() };
    case 'rat-type':
      if (v.remaining !== 1) v.fail(`length ${v.remaining}, must be 1`);
      return { ie: 'rat-type', ratType: v.u8() };
    case 'imei-sv':
      return { ie: 'imei-sv', digits: readTbcd(v, v.remaining) };
    case 'private-extension':
      return { ie: 'private-extension', enterpriseId: v.u16(), value: v.rest() };
    default:
      return { ie: 'unknown', type, data: v.rest() };
  }
}
