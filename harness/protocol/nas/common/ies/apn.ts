import { apnLength, readApn, writeApn } from '../../../common/apn.ts';
import { DecodeError } from '../../../common/decode-error.ts';
import type { Codec } from '../ie-format.ts';

/**
 * Access point name (TS 24.301 §9.9.4.1) and DNN (TS 24.501 §9.11.2.1B): the name as DNS labels
 * without the root (TS 23.003 §9.1), text in values ("internet.mnc010.mcc440.gprs").
 */
export const apn: Codec<string> = {
  name: 'Access point name',
  encode: (v, w) => writeApn(w, v),
  decode: (r) => readApn(r),
  encodingLength: apnLength,
};

/**
 * A DNN as received: the name when it is DNS labels, or, from SMFs that send it as plain text
 * without label lengths (seen from OAI and Magma), the text kept as `plainText` with a warning,
 * written back as it came. `dnnName` reads either.
 */
export type Dnn = string | { plainText: string };

export const dnnName = (d: Dnn): string => (typeof d === 'string' ? d : d.plainText);

export const dnn: Codec<Dnn> = {
  name: 'DNN',
  encode(v, w) {
    if (typeof v === 'string') return writeApn(w, v);
    for (let i = 0; i < v.plainText.length; i++) w.u8(v.plainText.charCodeAt(i), 'DNN');
  },
  decode(r, ctx) {
    const start = r.offset;
    try {
      return readApn(r);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      r.offset = start;
      const plainText = r.latin1(r.remaining);
      ctx.warnings.push(
        `DNN ${JSON.stringify(plainText)} is plain text, not DNS labels (TS 24.501 §9.11.2.1B, TS 23.003 §9.1): ${e.reason}`,
      );
      return { plainText };
    }
  },
  encodingLength: (v) => (typeof v === 'string' ? apnLength(v) : v.plainText.length),
};
