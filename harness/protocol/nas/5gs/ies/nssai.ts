import type { Codec } from '../../common/ie-format.ts';
import { type SNssai, sNssai } from './s-nssai.ts';

/** NSSAI (TS 24.501 §9.11.3.37): S-NSSAI values, each as length + contents (§9.11.2.8). */
export const nssai: Codec<SNssai[]> = {
  name: 'NSSAI',
  encode(v, w) {
    for (const s of v) {
      w.u8(sNssai.encodingLength(s), 'S-NSSAI length');
      sNssai.encode(s, w);
    }
  },
  decode(r, ctx) {
    const out: SNssai[] = [];
    while (r.remaining > 0) {
      const n = r.u8();
      const end = r.window(n);
      out.push(sNssai.decode(r, ctx));
      if (r.offset !== r.end) r.fail('S-NSSAI longer than its contents');
      r.end = end;
    }
    return out;
  },
  encodingLength: (v) => v.reduce((n, s) => n + 1 + sNssai.encodingLength(s), 0),
};
