import { apnLength, readApn, writeApn } from '../../common/apn.ts';
import { pcoLength, readPco, writePco, type Pco } from '../../common/pco.ts';
import type { IeCodec } from './ie-codec.ts';

/** §7.7.30 Access Point Name (TS 23.003 §9.1 labels), as the dotted name. */
export interface ApnIe {
  ie: 'apn';
  apn: string;
}

export const apn: IeCodec<ApnIe> = {
  type: 131,
  name: 'apn',
  encode: (v, w) => writeApn(w, v.apn),
  decode: (r) => ({ ie: 'apn', apn: readApn(r.at('APN')) }),
  encodingLength: (v) => apnLength(v.apn),
};

/** §7.7.31 Protocol Configuration Options: the TS 24.008 §10.5.6.3 value. */
export interface PcoIe extends Pco {
  ie: 'pco';
}

export const pco: IeCodec<PcoIe> = {
  type: 132,
  name: 'pco',
  encode: (v, w) => writePco(w, v),
  decode: (r) => ({ ie: 'pco', ...readPco(r.at('PCO')) }),
  encodingLength: pcoLength,
};

/** §7.7.46 Private Extension: enterprise ID (IANA), proprietary value. */
export interface PrivateExtensionIe {
  ie: 'private-extension';
  enterpriseId: number;
  value: Buffer;
}

export const privateExtension: IeCodec<PrivateExtensionIe> = {
  type: 255,
  name: 'private-extension',
  encode: (v, w) => void w.u16(v.enterpriseId, 'enterprise ID').bytes(v.value),
  decode: (r) => ({ ie: 'private-extension', enterpriseId: r.at('Private Extension').u16(), value: r.rest() }),
  encodingLength: (v) => 2 + v.value.length,
};
