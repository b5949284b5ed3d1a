import * as gtpv1c from '../../protocol/gtpv1c/index.ts';
import * as gtpv2c from '../../protocol/gtpv2c/index.ts';
import { writeSequence } from '../../protocol/gtpv2c/template.ts';
import type { GtpCodec } from './gtp-transactions.ts';

/** GTPv2-C for the transaction layer: 24-bit sequence numbers (TS 29.274 §5.1). */
export const GTPV2C: GtpCodec<gtpv2c.Gtpv2cMessage> = {
  encode: gtpv2c.encode,
  decode: gtpv2c.decode,
  isResponse: (m) => m.type.endsWith('-response') || m.type === 'version-not-supported',
  maxSequence: 0xffffff,
  // §5.5.1: the sequence number follows the TEID when the T flag is set, else the length.
  setSequence: (bytes, sequence) => writeSequence(bytes, bytes[0] & 0x08 ? 8 : 4, sequence),
};

/** GTPv1-C for the transaction layer: 16-bit sequence numbers (TS 29.060 §6). */
export const GTPV1C: GtpCodec<gtpv1c.Gtpv1cMessage> = {
  encode: gtpv1c.encode,
  decode: gtpv1c.decode,
  isResponse: (m) => m.type.endsWith('-response') || m.type === 'version-not-supported',
  maxSequence: 0xffff,
};
