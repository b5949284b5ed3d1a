import { pcoLength, readPco, writePco, type Pco } from '../../common/pco.ts';
import type { IeCodec } from './ie-codec.ts';

/**
 * §8.13 PCO and §8.? APCO (type 163): TS 24.008 §10.5.6.3 Protocol Configuration Options.
 * `spare` keeps bits 7-4 of the configuration protocol octet when a peer set them.
 */
export interface PcoIe extends Pco {
  ie: 'pco';
  instance: number;
  spare?: number;
}
export interface ApcoIe extends Pco {
  ie: 'apco';
  instance: number;
  spare?: number;
}

const PCO_SPARE = 0x78;

function pcoCodec<K extends 'pco' | 'apco'>(
  type: number,
  name: K,
  element: string,
): IeCodec<{ ie: K; instance: number; spare?: number } & Pco> {
  return {
    type,
    name,
    encode(v, w) {
      const at = w.offset;
      writePco(w, v);
      if (v.spare) w.buf[at] |= v.spare & PCO_SPARE;
    },
    decode(r, instance) {
      r.at(element).need(1);
      const spare = r.buf[r.offset] & PCO_SPARE;
      const p = readPco(r);
      const ie: { ie: K; instance: number; spare?: number } & Pco = {
        ie: name,
        instance,
        configurationProtocol: p.configurationProtocol,
        containers: p.containers,
      };
      if (spare) ie.spare = spare;
      return ie;
    },
    encodingLength: pcoLength,
  };
}

export const pco: IeCodec<PcoIe> = pcoCodec(78, 'pco', 'PCO');
export const apco: IeCodec<ApcoIe> = pcoCodec(163, 'apco', 'APCO');

/** §8.67 Private Extension: enterprise ID (IANA), proprietary value. */
export interface PrivateExtensionIe {
  ie: 'private-extension';
  instance: number;
  enterpriseId: number;
  value: Buffer;
}

export const privateExtension: IeCodec<PrivateExtensionIe> = {
  type: 255,
  name: 'private-extension',
  encode: (v, w) => void w.u16(v.enterpriseId, 'enterprise ID').bytes(v.value),
  decode: (r, instance) => ({
    ie: 'private-extension',
    instance,
    enterpriseId: r.at('Private Extension').u16(),
    value: r.rest(),
  }),
  encodingLength: (v) => 2 + v.value.length,
};
