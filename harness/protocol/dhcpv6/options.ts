import type { Reader, Writer } from '../common/cursor.ts';
import { readIpv6, writeIpv6 } from '../common/ip-bytes.ts';

/**
 * DHCPv6 options (RFC 8415 §21) used for prefix delegation from a PDN gateway to a UE: one codec
 * object per option code, composed by one table (ARCHITECTURE.md: the dns-packet style). Options
 * nest (IA_PD holds IAPREFIX, IAPREFIX holds PD_EXCLUDE and Status Code), so the lists recurse.
 * Unknown codes are kept as raw bytes and written back unchanged.
 */
export const OPTION = {
  CLIENTID: 1, // §21.2
  SERVERID: 2, // §21.3
  ORO: 6, // §21.7
  ELAPSED_TIME: 8, // §21.9
  STATUS_CODE: 13, // §21.13
  RAPID_COMMIT: 14, // §21.14
  DNS_SERVERS: 23, // RFC 3646 §3
  IA_PD: 25, // §21.21
  IAPREFIX: 26, // §21.22
  PD_EXCLUDE: 67, // RFC 6603 §4.2
} as const;

/** RFC 8415 §21.13 status codes. */
export const STATUS = {
  Success: 0,
  UnspecFail: 1,
  NoAddrsAvail: 2,
  NoBinding: 3,
  NotOnLink: 4,
  UseMulticast: 5,
  NoPrefixAvail: 6,
} as const;

export type Dhcpv6Option =
  | { code: 1; duid: Buffer }
  | { code: 2; duid: Buffer }
  | { code: 6; requested: number[] }
  | { code: 8; centiseconds: number }
  | { code: 13; status: number; message: string }
  | { code: 14 }
  | { code: 23; servers: string[] }
  | { code: 25; iaid: number; t1: number; t2: number; options: Dhcpv6Option[] }
  | {
      code: 26;
      preferredLifetime: number;
      validLifetime: number;
      prefixLength: number;
      prefix: string;
      options: Dhcpv6Option[];
    }
  /** RFC 6603 §4.2: the excluded prefix's length, and its bits after the delegated prefix's length, left-aligned. */
  | { code: 67; prefixLength: number; subnetId: Buffer }
  | { code: number & {}; data: Buffer; unknown: true };

interface OptionCodec {
  length(o: Dhcpv6Option): number;
  write(w: Writer, o: Dhcpv6Option): void;
  read(r: Reader, code: number): Dhcpv6Option;
}

const as = <C extends Dhcpv6Option['code']>(o: Dhcpv6Option) => o as Extract<Dhcpv6Option, { code: C }>;

const duid: OptionCodec = {
  length: (o) => as<1>(o).duid.length,
  write: (w, o) => void w.bytes(as<1>(o).duid),
  read: (r, code) => (code === 1 ? { code: 1, duid: Buffer.from(r.rest()) } : { code: 2, duid: Buffer.from(r.rest()) }),
};

const CODECS: Record<number, OptionCodec> = {
  [OPTION.CLIENTID]: duid,
  [OPTION.SERVERID]: duid,
  [OPTION.ORO]: {
    length: (o) => as<6>(o).requested.length * 2,
    write: (w, o) => as<6>(o).requested.forEach((c) => w.u16(c, 'ORO code')),
    read: (r) => {
      const requested: number[] = [];
      while (r.remaining >= 2) requested.push(r.u16());
      if (r.remaining) r.fail('ORO length is not a multiple of 2');
      return { code: 6, requested };
    },
  },
  [OPTION.ELAPSED_TIME]: {
    length: () => 2,
    write: (w, o) => void w.u16(as<8>(o).centiseconds, 'elapsed-time'),
    read: (r) => ({ code: 8, centiseconds: r.u16() }),
  },
  [OPTION.STATUS_CODE]: {
    length: (o) => 2 + Buffer.byteLength(as<13>(o).message),
    write: (w, o) => void w.u16(as<13>(o).status, 'status-code').bytes(Buffer.from(as<13>(o).message)),
    read: (r) => ({ code: 13, status: r.u16(), message: r.rest().toString('utf8') }),
  },
  [OPTION.RAPID_COMMIT]: {
    length: () => 0,
    write: () => {},
    read: (r) => (r.remaining ? r.fail('Rapid Commit has no data') : { code: 14 }),
  },
  [OPTION.DNS_SERVERS]: {
    length: (o) => as<23>(o).servers.length * 16,
    write: (w, o) => as<23>(o).servers.forEach((s) => writeIpv6(w, s, 'DNS server')),
    read: (r) => {
      const servers: string[] = [];
      while (r.remaining >= 16) servers.push(readIpv6(r));
      if (r.remaining) r.fail('DNS servers length is not a multiple of 16');
      return { code: 23, servers };
    },
  },
  [OPTION.IA_PD]: {
    length: (o) => 12 + optionsLength(as<25>(o).options),
    write: (w, o) => {
      const ia = as<25>(o);
      w.u32(ia.iaid, 'IAID').u32(ia.t1, 'T1').u32(ia.t2, 'T2');
      writeOptions(w, ia.options);
    },
    read: (r) => ({ code: 25, iaid: r.u32(), t1: r.u32(), t2: r.u32(), options: readOptions(r) }),
  },
  [OPTION.IAPREFIX]: {
    length: (o) => 25 + optionsLength(as<26>(o).options),
    write: (w, o) => {
      const p = as<26>(o);
      w.u32(p.preferredLifetime, 'preferred-lifetime')
        .u32(p.validLifetime, 'valid-lifetime')
        .u8(p.prefixLength, 'prefix-length');
      writeIpv6(w, p.prefix, 'IPv6-prefix');
      writeOptions(w, p.options);
    },
    read: (r) => {
      const preferredLifetime = r.u32();
      const validLifetime = r.u32();
      const prefixLength = r.u8();
      if (prefixLength > 128) r.fail(`prefix-length ${prefixLength} > 128`);
      return { code: 26, preferredLifetime, validLifetime, prefixLength, prefix: readIpv6(r), options: readOptions(r) };
    },
  },
  [OPTION.PD_EXCLUDE]: {
    length: (o) => 1 + as<67>(o).subnetId.length,
    write: (w, o) => void w.u8(as<67>(o).prefixLength, 'prefix-len').bytes(as<67>(o).subnetId),
    read: (r) => {
      const prefixLength = r.u8();
      if (r.remaining < 1 || r.remaining > 16) r.fail(`IPv6 subnet ID of ${r.remaining} octets (RFC 6603 §4.2: 1-16)`);
      return { code: 67, prefixLength, subnetId: Buffer.from(r.rest()) };
    },
  },
};

export function optionLength(o: Dhcpv6Option): number {
  return 4 + ('unknown' in o ? o.data.length : CODECS[o.code].length(o));
}

export function optionsLength(list: readonly Dhcpv6Option[]): number {
  let n = 0;
  for (const o of list) n += optionLength(o);
  return n;
}

/** RFC 8415 §21.1: option-code (2), option-len (2), option-data. */
export function writeOptions(w: Writer, list: readonly Dhcpv6Option[]): void {
  for (const o of list) {
    w.u16(o.code, 'option-code');
    const at = w.reserve(2);
    const start = w.offset;
    if ('unknown' in o) w.bytes(o.data);
    else CODECS[o.code].write(w, o);
    w.buf.writeUInt16BE(w.offset - start, at);
  }
}

export function readOptions(r: Reader): Dhcpv6Option[] {
  const list: Dhcpv6Option[] = [];
  while (r.remaining > 0) {
    r.at('option header');
    const code = r.u16();
    const len = r.u16();
    const codec = CODECS[code];
    const body = r.sub(len, `option ${code}`);
    list.push(codec ? codec.read(body, code) : { code, data: Buffer.from(body.rest()), unknown: true });
    if (codec && body.remaining) body.fail(`${body.remaining} octet(s) left over`);
  }
  return list;
}
