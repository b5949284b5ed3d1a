import type { IcmpPayload, Icmpv6Payload } from './types.ts';
import { icmpv4Length, readIcmpv4, writeIcmpv4 } from './icmpv4.ts';
import { icmpv6Length, readIcmpv6, writeIcmpv6 } from './icmpv6.ts';
import { plainChecksum, type UpperLayerCodec } from './upper-layer-codec.ts';

/** ICMP over IPv4 (RFC 792): the checksum covers the message alone. */
export const icmp: UpperLayerCodec<IcmpPayload> = {
  protocol: 1,
  name: 'icmp',
  checksumAt: 2,
  pseudoHeader: false,
  encodingLength: (v) => icmpv4Length(v.message),
  encode: (v, w) => writeIcmpv4(w, v.message),
  decode: (r) => ({ type: 'icmp', message: readIcmpv4(r) }),
  ...plainChecksum,
};

/** ICMPv6 (RFC 4443 §2.3): the checksum covers the RFC 8200 §8.1 pseudo-header too. */
export const icmpv6: UpperLayerCodec<Icmpv6Payload> = {
  protocol: 58,
  name: 'icmpv6',
  checksumAt: 2,
  pseudoHeader: true,
  encodingLength: (v) => icmpv6Length(v.message),
  encode: (v, w) => writeIcmpv6(w, v.message),
  decode: (r) => ({ type: 'icmpv6', message: readIcmpv6(r) }),
  ...plainChecksum,
};
