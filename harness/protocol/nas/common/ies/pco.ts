import { pcoLength, readPco, writePco, type Pco } from '../../../common/pco.ts';
import type { Codec } from '../ie-format.ts';

/**
 * Protocol configuration options (TS 24.301 §9.9.4.11, TLV) and extended protocol configuration
 * options (§9.9.4.26 / TS 24.501 §9.11.4.6, TLV-E): both carry TS 24.008 §10.5.6.3 contents
 * (common/pco.ts keeps octet 3's spare bits and a malformed PCO as received).
 */
export const pco: Codec<Pco> = {
  name: 'Protocol configuration options',
  encode: (v, w) => writePco(w, v),
  decode: (r) => readPco(r),
  encodingLength: pcoLength,
};

export type { Pco };
