import { dnsNameLength, readDnsName, writeDnsName } from './dns-name.ts';
import type { IeCodec } from './ie-codec.ts';

/**
 * §8.2.4 Network Instance: an octet string, usually a DNN/APN as DNS labels (TS 23.003 §9.1),
 * sometimes plain text. `name` is the readable form; `octets`, set on decode, is the value as
 * received and is written back as long as it still reads as `name` (dns-name.ts).
 */
export interface NetworkInstanceIe {
  ie: 'network-instance';
  name: string;
  octets?: Buffer;
}

export const networkInstance: IeCodec<NetworkInstanceIe> = {
  type: 22,
  name: 'network-instance',
  encode: (v, w) => writeDnsName(w, v.name, v.octets, 'Network Instance'),
  decode(r) {
    const { name, octets } = readDnsName(r);
    return { ie: 'network-instance', name, octets };
  },
  encodingLength: (v) => dnsNameLength(v.name, v.octets),
};
