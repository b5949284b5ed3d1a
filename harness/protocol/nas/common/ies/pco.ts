import { pcoLength, readPco, writePco, type Pco as PcoContents } from '../../../common/pco.ts';
import type { Codec } from '../ie-format.ts';

/**
 * Protocol configuration options (TS 24.301 §9.9.4.11, TLV) and extended protocol configuration
 * options (§9.9.4.26 / TS 24.501 §9.11.4.6, TLV-E): both carry TS 24.008 §10.5.6.3 contents.
 * `spare` keeps bits 7-4 of octet 3 when a peer set them, so the IE re-encodes as received.
 */
export type Pco = PcoContents & { spare?: number };

const SPARE = 0x78;

export const pco: Codec<Pco> = {
  name: 'Protocol configuration options',
  encode(v, w) {
    const at = w.offset;
    writePco(w, v);
    if (v.spare) w.buf[at] |= v.spare & SPARE;
  },
  decode(r) {
    r.need(1);
    const spare = r.buf[r.offset] & SPARE;
    const p: Pco = readPco(r);
    if (spare) p.spare = spare;
    return p;
  },
  encodingLength: pcoLength,
};
