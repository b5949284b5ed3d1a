import { EncodeError } from '../common/decode-error.ts';
import { Writer } from '../common/cursor.ts';
import { writeTbcd } from '../common/tbcd.ts';
import { encode, type Gtpv2cMessage } from './message.ts';

/**
 * A GTPv2-C message encoded once by the table codec, then copied for every message of the same
 * shape with the few fields that differ written in place: the header's TEID and sequence number
 * (TS 29.274 §5.5), a TEID inside an F-TEID (§8.22), the digits of an IMSI or MSISDN of the same
 * length (§8.3, §8.11). A load sends thousands of requests a second that differ only there; the
 * IE objects and the table walk are paid once per shape instead of once per message. The copies
 * are octet for octet what the table codec writes for the same message (template.test.ts).
 */
export class Gtpv2cTemplate {
  private readonly bytes: Buffer;
  /** Where the header's sequence number is: after the TEID when the T flag is set (§5.5.1). */
  readonly sequenceAt: number;

  constructor(m: Gtpv2cMessage) {
    if (m.piggybacked) throw new EncodeError('gtpv2c', 'template', 'a piggybacked message cannot be a template');
    this.bytes = Buffer.from(encode(m));
    this.sequenceAt = this.bytes[0] & 0x08 ? 8 : 4;
  }

  get length(): number {
    return this.bytes.length;
  }

  /**
   * The offset (from the message's first octet) of the value of the first IE `type`/`instance`
   * found by walking `path`: each step but the last names a grouped IE to enter (§8.2.1). Throws
   * when there is none: a template without the field cannot have it patched.
   */
  valueAt(...path: readonly (readonly [type: number, instance: number])[]): number {
    const b = this.bytes;
    let at = this.sequenceAt + 4;
    let end = b.length;
    for (let step = 0; step < path.length; step++) {
      const [type, instance] = path[step];
      for (;;) {
        if (at + 4 > end) throw new EncodeError('gtpv2c', 'template', `no IE ${type} instance ${instance} to patch`);
        const length = (b[at + 1] << 8) | b[at + 2];
        if (b[at] === type && (b[at + 3] & 0x0f) === instance) {
          if (step === path.length - 1) return at + 4;
          end = at + 4 + length;
          at += 4;
          break;
        }
        at += 4 + length;
      }
    }
    throw new EncodeError('gtpv2c', 'template', 'an empty path');
  }

  /**
   * A copy of the template in a slab of its own (valid as long as the caller keeps it, as the
   * codec's output is) with the header's sequence number set; patch the rest with the functions below.
   */
  copy(sequence: number): Buffer {
    const n = this.bytes.length;
    if (SLAB_SIZE - slabOffset < n) {
      slab = Buffer.allocUnsafeSlow(Math.max(SLAB_SIZE, n));
      slabOffset = 0;
    }
    const start = slabOffset;
    slab.set(this.bytes, start);
    slabOffset = (start + n + 7) & ~7;
    const out = slab.subarray(start, start + n);
    writeSequence(out, this.sequenceAt, sequence);
    return out;
  }
}

const SLAB_SIZE = 64 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let slabOffset = 0;

/** The 24-bit sequence number at `at` (§5.5). */
export function writeSequence(out: Buffer, at: number, sequence: number): void {
  if (sequence !== (sequence & 0xffffff))
    throw new EncodeError('gtpv2c', 'sequence number', `value ${sequence} is not an integer in 0..16777215`);
  out[at] = sequence >>> 16;
  out[at + 1] = sequence >>> 8;
  out[at + 2] = sequence;
}

/** A TEID (header §5.5.1, or F-TEID §8.22 at its value offset + 1). */
export function writeTeid(out: Buffer, at: number, teid: number): void {
  if (teid !== teid >>> 0) throw new EncodeError('gtpv2c', 'TEID', `value ${teid} is not an integer in 0..4294967295`);
  out.writeUInt32BE(teid, at);
}

/**
 * TBCD digits (§8.3 IMSI, §8.11 MSISDN) over those of the template, which must have been as many
 * (the IE length does not change): checked here, as the codec checks the digits.
 */
export function writeDigits(out: Buffer, at: number, digits: string, templateDigits: number, element: string): void {
  if (digits.length !== templateDigits)
    throw new EncodeError('gtpv2c', element, `${digits.length} digits where the template has ${templateDigits}`);
  writeTbcd(new Writer(out, at, 'gtpv2c'), digits, element);
}
