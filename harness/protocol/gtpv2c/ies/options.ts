import { pcoLength, readPco, writePco, type Pco } from '../../common/pco.ts';
import type { IeCodec } from './ie-codec.ts';

/**
 * §8.13 PCO and §8.? APCO (type 163): TS 24.008 §10.5.6.3 Protocol Configuration Options.
 */
export interface PcoIe extends Pco {
  ie: 'pco';
  instance: number;
}
export interface ApcoIe extends Pco {
  ie: 'apco';
  instance: number;
}

export const pco: IeCodec<PcoIe> = {
  type: 78,
  name: 'pco',
  encode: (v, w) => writePco(w, v),
  decode: (r, instance) => ({ ie: 'pco', instance, ...readPco(r.at('PCO')) }),
  encodingLength: pcoLength,
};

export const apco: IeCodec<ApcoIe> = {
  type: 163,
  name: 'apco',
  encode: (v, w) => writePco(w, v),
  decode: (r, instance) => ({ ie: 'apco', instance, ...readPco(r.at('APCO')) }),
  encodingLength: pcoLength,
};

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
