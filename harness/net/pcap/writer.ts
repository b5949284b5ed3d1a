import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LINKTYPE } from './linktype.ts';

/**
 * libpcap savefile format (draft-ietf-opsawg-pcap): 24-octet global header, 16-octet record
 * headers. Nanosecond timestamps (magic 0xa1b23c4d), LINKTYPE_RAW by default so IPv4 and IPv6
 * packets can share one file. Little-endian, as libpcap writes on x86.
 */
const MAGIC_NANOS = 0xa1b23c4d;
const SNAPLEN = 262144;

export function pcapGlobalHeader(linktype: number = LINKTYPE.RAW, snaplen = SNAPLEN): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(MAGIC_NANOS, 0);
  h.writeUInt16LE(2, 4); // version major
  h.writeUInt16LE(4, 6); // version minor
  h.writeUInt32LE(snaplen, 16);
  h.writeUInt32LE(linktype, 20);
  return h;
}

export function pcapRecordHeader(capturedLength: number, originalLength: number, timeNs: bigint): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(Number(timeNs / 1_000_000_000n), 0);
  h.writeUInt32LE(Number(timeNs % 1_000_000_000n), 4);
  h.writeUInt32LE(capturedLength, 8);
  h.writeUInt32LE(originalLength, 12);
  return h;
}

/** Wall-clock time in nanoseconds (ms precision from Date, refined by hrtime deltas). */
const epochBaseNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
export function nowNs(): bigint {
  return epochBaseNs + process.hrtime.bigint();
}

/** An in-memory pcap: packets are appended as they happen and written out once. */
export class PcapBuffer {
  private readonly chunks: Buffer[] = [];
  private count = 0;

  constructor(
    readonly linktype: number = LINKTYPE.RAW,
    readonly truncateTo = SNAPLEN,
  ) {
    this.chunks.push(pcapGlobalHeader(linktype, truncateTo));
  }

  get packets(): number {
    return this.count;
  }

  add(packet: Buffer, timeNs: bigint = nowNs()): void {
    const caplen = Math.min(packet.length, this.truncateTo);
    this.chunks.push(pcapRecordHeader(caplen, packet.length, timeNs), packet.subarray(0, caplen));
    this.count++;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** A pcap streamed to disk, for long captures. */
export class PcapFileWriter {
  private readonly out: WriteStream;

  constructor(
    readonly path: string,
    readonly linktype: number = LINKTYPE.RAW,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.out = createWriteStream(path);
    this.out.write(pcapGlobalHeader(linktype));
  }

  add(packet: Buffer, timeNs: bigint = nowNs()): void {
    this.out.write(pcapRecordHeader(packet.length, packet.length, timeNs));
    this.out.write(packet);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
