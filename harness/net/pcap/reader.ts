import { DecodeError } from '../../protocol/common/decode-error.ts';
import { LINKTYPE, type CapturedPacket } from './linktype.ts';

/**
 * Reads libpcap savefiles (both byte orders, micro- and nanosecond magic) and pcapng files
 * (draft-ietf-opsawg-pcapng: SHB, IDB, EPB, SPB; other blocks skipped) into packets with their
 * link type, so captures written by tcpdump, dumpcap or the harness can be decoded in tests.
 */
export function readCapture(file: Buffer): CapturedPacket[] {
  if (file.length < 4) throw new DecodeError('pcap', 'file', 0, 'shorter than a magic number');
  const magicLE = file.readUInt32LE(0);
  if (magicLE === 0x0a0d0d0a) return readPcapng(file);
  return readPcap(file);
}

function readPcap(file: Buffer): CapturedPacket[] {
  if (file.length < 24) throw new DecodeError('pcap', 'global header', 0, 'truncated');
  const m = file.readUInt32LE(0);
  let le: boolean;
  let nanos: boolean;
  if (m === 0xa1b2c3d4 || m === 0xa1b23c4d) {
    le = true;
    nanos = m === 0xa1b23c4d;
  } else {
    const mb = file.readUInt32BE(0);
    if (mb !== 0xa1b2c3d4 && mb !== 0xa1b23c4d)
      throw new DecodeError('pcap', 'magic', 0, `unknown magic 0x${m.toString(16)}`);
    le = false;
    nanos = mb === 0xa1b23c4d;
  }
  const u32 = (o: number) => (le ? file.readUInt32LE(o) : file.readUInt32BE(o));
  const linktype = u32(20) & 0x0fffffff;
  const out: CapturedPacket[] = [];
  let off = 24;
  while (off < file.length) {
    if (off + 16 > file.length) throw new DecodeError('pcap', 'record header', off, 'truncated');
    const caplen = u32(off + 8);
    if (off + 16 + caplen > file.length)
      throw new DecodeError('pcap', 'record', off, `caplen ${caplen} past end of file`);
    out.push({
      seconds: u32(off),
      nanos: nanos ? u32(off + 4) : u32(off + 4) * 1000,
      linktype,
      data: Buffer.from(file.subarray(off + 16, off + 16 + caplen)),
    });
    off += 16 + caplen;
  }
  return out;
}

function readPcapng(file: Buffer): CapturedPacket[] {
  const out: CapturedPacket[] = [];
  let le = true;
  let interfaces: { linktype: number; tsresol: number }[] = [];
  let off = 0;
  while (off + 12 <= file.length) {
    const type = file.readUInt32LE(off);
    if (type === 0x0a0d0d0a) {
      const bom = file.readUInt32LE(off + 8);
      le = bom === 0x1a2b3c4d;
      if (!le && file.readUInt32BE(off + 8) !== 0x1a2b3c4d)
        throw new DecodeError('pcapng', 'SHB', off, 'bad byte-order magic');
      interfaces = [];
    }
    const u32 = (o: number) => (le ? file.readUInt32LE(o) : file.readUInt32BE(o));
    const u16 = (o: number) => (le ? file.readUInt16LE(o) : file.readUInt16BE(o));
    const blockType = u32(off);
    const len = u32(off + 4);
    if (len < 12 || len % 4 !== 0 || off + len > file.length)
      throw new DecodeError('pcapng', `block 0x${blockType.toString(16)}`, off, `bad block length ${len}`);
    if (blockType === 0x00000001) {
      // Interface Description Block: link type, snaplen, options (if_tsresol = 9)
      let tsresol = 6;
      let o = off + 16;
      while (o + 4 <= off + len - 4) {
        const code = u16(o);
        const olen = u16(o + 2);
        if (code === 0) break;
        if (code === 9 && olen >= 1) tsresol = file[o + 4];
        o += 4 + ((olen + 3) & ~3);
      }
      interfaces.push({ linktype: u16(off + 8), tsresol });
    } else if (blockType === 0x00000006) {
      // Enhanced Packet Block
      const ifc = interfaces[u32(off + 8)];
      if (!ifc) throw new DecodeError('pcapng', 'EPB', off, 'interface id without IDB');
      const ts = (BigInt(u32(off + 12)) << 32n) | BigInt(u32(off + 16));
      const caplen = u32(off + 20);
      if (28 + caplen > len) throw new DecodeError('pcapng', 'EPB', off, 'captured length past block end');
      const { seconds, nanos } = splitTimestamp(ts, ifc.tsresol);
      out.push({
        seconds,
        nanos,
        linktype: ifc.linktype,
        data: Buffer.from(file.subarray(off + 28, off + 28 + caplen)),
      });
    } else if (blockType === 0x00000003) {
      const ifc = interfaces[0];
      if (!ifc) throw new DecodeError('pcapng', 'SPB', off, 'no IDB');
      const origlen = u32(off + 8);
      const caplen = Math.min(origlen, len - 16);
      out.push({
        seconds: 0,
        nanos: 0,
        linktype: ifc.linktype,
        data: Buffer.from(file.subarray(off + 12, off + 12 + caplen)),
      });
    }
    off += len;
  }
  return out;
}

function splitTimestamp(ts: bigint, tsresol: number): { seconds: number; nanos: number } {
  if (tsresol & 0x80) {
    const per = 1n << BigInt(tsresol & 0x7f);
    return { seconds: Number(ts / per), nanos: Number(((ts % per) * 1_000_000_000n) / per) };
  }
  const per = 10n ** BigInt(tsresol);
  return { seconds: Number(ts / per), nanos: Number(((ts % per) * 1_000_000_000n) / per) };
}

/** The IP packet inside a captured frame (Ethernet with optional VLAN tags, Linux SLL, NULL, raw). */
export function ipPayload(p: CapturedPacket): Buffer | undefined {
  const d = p.data;
  switch (p.linktype) {
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return d;
    case LINKTYPE.ETHERNET: {
      let off = 12;
      let etype = d.readUInt16BE(off);
      while (etype === 0x8100 || etype === 0x88a8) {
        off += 4;
        etype = d.readUInt16BE(off);
      }
      return etype === 0x0800 || etype === 0x86dd ? d.subarray(off + 2) : undefined;
    }
    case LINKTYPE.LINUX_SLL: {
      const etype = d.readUInt16BE(14);
      return etype === 0x0800 || etype === 0x86dd ? d.subarray(16) : undefined;
    }
    case LINKTYPE.NULL:
      return d.subarray(4);
    default:
      return undefined;
  }
}
