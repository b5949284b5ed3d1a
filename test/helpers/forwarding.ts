import { RX_STRIDE } from '../../harness/net/udp-socket/index.ts';
import { addressBytes } from '../../harness/protocol/common/ip-bytes.ts';

/** Receive metadata of one IPv6 datagram of `len` octets from `peer`, as native/udp_mmsg.c writes it. */
export function metaFrom(peer: { address: string; port: number }, len: number): Int32Array {
  const meta = new Int32Array(RX_STRIDE);
  meta[0] = len;
  meta[1] = 0;
  meta[2] = peer.port;
  meta[3] = 6;
  const words = new Int32Array(4);
  new Uint8Array(words.buffer).set(addressBytes(peer.address));
  meta.set(words, 4);
  return meta;
}

/** The in-process internet's hosts of the forwarding tests (documentation ranges). */
export const FORWARDING_HOSTS = {
  ipv6Only: '2001:db8:f000::6',
  ipv4Only: '192.0.2.4',
  dualStack: { ipv6: '2001:db8:f000::46', ipv4: '192.0.2.46' },
  brokenIpv6: { ipv6: '2001:db8:f000::bad', ipv4: '192.0.2.66' },
  udpEchoPort: 7,
};
