import { Reader, Writer } from './cursor.ts';
import { EncodeError } from './decode-error.ts';
import { readIpv4, writeIpv4 } from './ip-bytes.ts';

/**
 * IPCP (RFC 1332), as carried in a PCO container 0x8021 (TS 24.008 §10.5.6.3): an RFC 1661 §5
 * packet of Code, Identifier, Length (of the whole packet) and, for the Configure codes, options
 * of Type, Length, Data. The address options (IP-Address, RFC 1332 §3.3; the RFC 1877 DNS and
 * NBNS servers) are decoded; any other option is kept as its octets, as are the octets after
 * Length (padding, RFC 1661 §5), so a packet re-encodes as received.
 */
export const IPCP_CODE = {
  CONFIGURE_REQUEST: 1,
  CONFIGURE_ACK: 2,
  CONFIGURE_NAK: 3,
  CONFIGURE_REJECT: 4,
} as const;

const ADDRESS_OPTIONS = {
  'ip-address': 0x03,
  'primary-dns': 0x81,
  'primary-nbns': 0x82,
  'secondary-dns': 0x83,
  'secondary-nbns': 0x84,
} as const;

export type IpcpAddressOption = keyof typeof ADDRESS_OPTIONS;

export type IpcpOption =
  | { type: IpcpAddressOption; address: string }
  | { type: 'unknown'; optionType: number; data: Buffer };

export interface IpcpPacket {
  code: number;
  identifier: number;
  /** The options of a Configure-Request/Ack/Nak/Reject (codes 1-4). */
  options: IpcpOption[];
  /** The data of any other code (Terminate, Code-Reject ...), as received. */
  data?: Buffer;
  /** Octets after Length, ignored by the receiver (RFC 1661 §5). */
  padding?: Buffer;
}

const BY_NUMBER = new Map<number, IpcpAddressOption>(
  Object.entries(ADDRESS_OPTIONS).map(([k, v]) => [v, k as IpcpAddressOption]),
);

const PROTOCOL = 'ipcp';

function optionLength(o: IpcpOption): number {
  return o.type === 'unknown' ? 2 + o.data.length : 6;
}

function configure(code: number): boolean {
  return code >= 1 && code <= 4;
}

export function ipcpLength(p: IpcpPacket): number {
  let n = 4 + (p.padding?.length ?? 0);
  if (configure(p.code)) for (const o of p.options) n += optionLength(o);
  else n += p.data?.length ?? 0;
  return n;
}

export function encodeIpcp(p: IpcpPacket): Buffer {
  const total = ipcpLength(p);
  const w = Writer.alloc(total, PROTOCOL);
  const length = total - (p.padding?.length ?? 0);
  w.u8(p.code, 'Code').u8(p.identifier, 'Identifier').u16(length, 'Length');
  if (configure(p.code)) {
    for (const o of p.options) {
      if (o.type === 'unknown') {
        if (o.data.length > 253) throw new EncodeError(PROTOCOL, 'option', 'more than 253 data octets');
        w.u8(o.optionType, 'option type')
          .u8(2 + o.data.length)
          .bytes(o.data);
      } else {
        w.u8(ADDRESS_OPTIONS[o.type]).u8(6);
        writeIpv4(w, o.address, o.type);
      }
    }
  } else if (p.data) w.bytes(p.data);
  if (p.padding) w.bytes(p.padding);
  return w.buf;
}

/** Decodes the contents of a PCO IPCP container; throws DecodeError when it is not an IPCP packet. */
export function decodeIpcp(contents: Buffer): IpcpPacket {
  const r = Reader.of(contents, PROTOCOL).at('header');
  const code = r.u8();
  const identifier = r.u8();
  const length = r.u16();
  if (length < 4) r.fail(`Length ${length} is shorter than the header`, 2);
  const body = r.sub(length - 4, 'packet');
  const p: IpcpPacket = { code, identifier, options: [] };
  if (configure(code)) {
    while (body.remaining > 0) {
      body.at('option');
      const type = body.u8();
      const len = body.u8();
      if (len < 2) body.fail(`option length ${len}`, body.offset - 1);
      const data = body.sub(len - 2, `option ${type}`);
      const name = BY_NUMBER.get(type);
      if (name && len === 6) p.options.push({ type: name, address: readIpv4(data) });
      else p.options.push({ type: 'unknown', optionType: type, data: data.rest() });
    }
  } else p.data = body.rest();
  if (r.remaining > 0) p.padding = r.rest();
  return p;
}

/** The address of the first option of `type`, if present. */
export function ipcpAddress(p: IpcpPacket, type: IpcpAddressOption): string | undefined {
  for (const o of p.options) if (o.type !== 'unknown' && o.type === type) return o.address;
  return undefined;
}
