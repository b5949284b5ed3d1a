import { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { readIpv6, writeIpv6 } from '../common/ip-bytes.ts';

/**
 * Neighbor Discovery options (RFC 4861 §4.6): type, length in units of 8 octets (0 is invalid),
 * value. Prefix Information (§4.6.2), MTU (§4.6.4), RDNSS (RFC 8106 §5.1), PREF64 (RFC 8781 §4),
 * link-layer addresses (§4.6.1); anything else is kept as its octets.
 */
export type NdOption =
  | { type: 'source-link-layer-address'; address: Buffer }
  | { type: 'target-link-layer-address'; address: Buffer }
  | {
      type: 'prefix-information';
      prefixLength: number;
      onLink: boolean;
      autonomous: boolean;
      validLifetime: number;
      preferredLifetime: number;
      prefix: string;
    }
  | { type: 'mtu'; mtu: number }
  | { type: 'rdnss'; lifetime: number; servers: string[] }
  /** RFC 8781: scaled lifetime in units of 8 s, prefix length code, the first 96 bits of the prefix. */
  | { type: 'pref64'; lifetime: number; prefixLength: 32 | 40 | 48 | 56 | 64 | 96; prefix: string }
  | { type: 'unknown'; optionType: number; data: Buffer };

const PLC: readonly number[] = [96, 64, 56, 48, 40, 32];

export function ndOptionLength(o: NdOption): number {
  switch (o.type) {
    case 'source-link-layer-address':
    case 'target-link-layer-address':
      return Math.ceil((2 + o.address.length) / 8) * 8;
    case 'prefix-information':
      return 32;
    case 'mtu':
      return 8;
    case 'rdnss':
      return 8 + 16 * o.servers.length;
    case 'pref64':
      return 16;
    case 'unknown':
      return 2 + o.data.length;
  }
}

export function writeNdOption(w: Writer, o: NdOption): void {
  const len = ndOptionLength(o);
  const start = w.offset;
  switch (o.type) {
    case 'source-link-layer-address':
    case 'target-link-layer-address':
      w.u8(o.type === 'source-link-layer-address' ? 1 : 2)
        .u8(len / 8)
        .bytes(o.address);
      break;
    case 'prefix-information':
      w.u8(3).u8(4).u8(o.prefixLength, 'prefix length');
      w.u8((o.onLink ? 0x80 : 0) | (o.autonomous ? 0x40 : 0));
      w.u32(o.validLifetime, 'valid lifetime').u32(o.preferredLifetime, 'preferred lifetime').u32(0);
      writeIpv6(w, o.prefix, 'prefix');
      break;
    case 'mtu':
      w.u8(5).u8(1).u16(0).u32(o.mtu, 'MTU');
      break;
    case 'rdnss':
      w.u8(25)
        .u8(len / 8)
        .u16(0)
        .u32(o.lifetime, 'RDNSS lifetime');
      for (const s of o.servers) writeIpv6(w, s, 'RDNSS address');
      break;
    case 'pref64': {
      const plc = PLC.indexOf(o.prefixLength);
      w.u8(38)
        .u8(2)
        .u16(((Math.floor(o.lifetime / 8) & 0x1fff) << 3) | plc, 'PREF64 scaled lifetime');
      const b = Buffer.alloc(16);
      const pw = new Writer(b, 0, w.protocol);
      writeIpv6(pw, o.prefix, 'PREF64 prefix');
      w.bytes(b.subarray(0, 12));
      break;
    }
    case 'unknown':
      if ((2 + o.data.length) % 8 !== 0)
        throw new EncodeError(w.protocol, 'ND option', 'unknown option data must fill 8-octet units');
      w.u8(o.optionType)
        .u8(len / 8)
        .bytes(o.data);
      break;
  }
  while (w.offset < start + len) w.u8(0);
}

export function readNdOptions(r: Reader): NdOption[] {
  const out: NdOption[] = [];
  while (r.remaining > 0) {
    r.at('ND option');
    const type = r.u8();
    const units = r.u8();
    if (units === 0) r.fail('option length 0 (RFC 4861 §4.6: invalid)', r.offset - 1);
    const v = r.sub(units * 8 - 2, `ND option ${type}`);
    switch (type) {
      case 1:
      case 2: {
        // Trailing zero padding of an Ethernet (6-octet) address in one unit is dropped.
        const raw = v.rest();
        const address = units === 1 ? raw.subarray(0, 6) : raw;
        out.push({
          type: type === 1 ? 'source-link-layer-address' : 'target-link-layer-address',
          address: Buffer.from(address),
        });
        break;
      }
      case 3: {
        if (units !== 4) v.fail(`Prefix Information length ${units}, must be 4`);
        const prefixLength = v.u8();
        if (prefixLength > 128) v.fail(`prefix length ${prefixLength}`);
        const flags = v.u8();
        const validLifetime = v.u32();
        const preferredLifetime = v.u32();
        v.u32();
        out.push({
          type: 'prefix-information',
          prefixLength,
          onLink: (flags & 0x80) !== 0,
          autonomous: (flags & 0x40) !== 0,
          validLifetime,
          preferredLifetime,
          prefix: readIpv6(v),
        });
        break;
      }
      case 5:
        if (units !== 1) v.fail(`MTU option length ${units}, must be 1`);
        v.u16();
        out.push({ type: 'mtu', mtu: v.u32() });
        break;
      case 25: {
        if (units < 3 || units % 2 === 0) v.fail(`RDNSS length ${units}, must be odd and at least 3 (RFC 8106 §5.1)`);
        v.u16();
        const lifetime = v.u32();
        const servers: string[] = [];
        while (v.remaining > 0) servers.push(readIpv6(v));
        out.push({ type: 'rdnss', lifetime, servers });
        break;
      }
      case 38: {
        if (units !== 2) v.fail(`PREF64 length ${units}, must be 2 (RFC 8781 §4)`);
        const sl = v.u16();
        const plc = sl & 7;
        if (plc > 5) v.fail(`PREF64 prefix length code ${plc}`);
        const prefix = Buffer.concat([v.bytes(12), Buffer.alloc(4)]);
        const pr = new Reader(prefix, 0, 16, v.protocol);
        out.push({
          type: 'pref64',
          lifetime: (sl >> 3) * 8,
          prefixLength: PLC[plc] as 32 | 40 | 48 | 56 | 64 | 96,
          prefix: readIpv6(pr),
        });
        break;
      }
      default:
        out.push({ type: 'unknown', optionType: type, data: v.rest() });
    }
  }
  return out;
}
