import { DecodeError } from '../common/decode-error.ts';

/**
 * Diameter over TCP (RFC 6733 §2.1) is a byte stream: messages are cut out of it by the 24-bit
 * Message Length of each header (§3). Feed whatever the socket delivered; get whole messages.
 */
export class DiameterDeframer {
  private pending: Buffer = Buffer.alloc(0);

  /** Returns the complete messages now available; throws a DecodeError on an impossible length. */
  push(chunk: Buffer): Buffer[] {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    while (buf.length >= 4) {
      if (buf[0] !== 1)
        throw new DecodeError('diameter', 'header', 0, `Version ${buf[0]}, not 1: the stream lost its framing`);
      const len = (buf[1] << 16) | (buf[2] << 8) | buf[3];
      if (len < 20) throw new DecodeError('diameter', 'header', 1, `Message Length ${len} is shorter than the header`);
      if (buf.length < len) break;
      out.push(Buffer.from(buf.subarray(0, len)));
      buf = buf.subarray(len);
    }
    this.pending = Buffer.from(buf);
    return out;
  }
}
