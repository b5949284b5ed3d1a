import { icmpProtocol } from './icmp-codec.ts';
import { ICMPV4_CODECS, type Icmpv4Message } from './icmpv4.ts';
import { ICMPV6_CODECS, type Icmpv6Message } from './icmpv6.ts';
import type { IcmpPayload, Icmpv6Payload } from './types.ts';

/** ICMP over IPv4 (RFC 792): the checksum covers the message alone. */
export const icmp = icmpProtocol<Icmpv4Message, IcmpPayload>(1, 'icmp', false, ICMPV4_CODECS);

/** ICMPv6 (RFC 4443 §2.3): the checksum covers the RFC 8200 §8.1 pseudo-header too. */
export const icmpv6 = icmpProtocol<Icmpv6Message, Icmpv6Payload>(58, 'icmpv6', true, ICMPV6_CODECS);
