import { encodeIpcp, IPCP_CODE } from '../../protocol/common/ipcp.ts';
import { PCO_CONTAINER, type Pco, type PcoContainer } from '../../protocol/common/pco.ts';

/**
 * What an MS asks for in PCO (TS 24.008 §10.5.6.3), sent alike on S11, S5/S8 and Gn: empty DNS
 * server (0x0003, 0x000D) and IPv4 link MTU (0x0010) requests; an IPCP Configure-Request asking for
 * the primary and secondary DNS servers with 0.0.0.0 (RFC 1877 §1.1, §1.3; what handsets and
 * sgsnemu send); a PAP Authenticate-Request (RFC 1334 §2.2.1) with an empty peer id and password.
 */
export type PcoRequest = 'dns-ipv6' | 'dns-ipv4' | 'ipv4-link-mtu' | 'ipcp-dns' | 'pap';

function container(kind: PcoRequest): PcoContainer {
  switch (kind) {
    case 'dns-ipv6':
      return { id: PCO_CONTAINER.DNS_SERVER_IPV6, contents: Buffer.alloc(0) };
    case 'dns-ipv4':
      return { id: PCO_CONTAINER.DNS_SERVER_IPV4, contents: Buffer.alloc(0) };
    case 'ipv4-link-mtu':
      return { id: PCO_CONTAINER.IPV4_LINK_MTU, contents: Buffer.alloc(0) };
    case 'ipcp-dns':
      return {
        id: PCO_CONTAINER.IPCP,
        contents: encodeIpcp({
          code: IPCP_CODE.CONFIGURE_REQUEST,
          identifier: 0,
          options: [
            { type: 'primary-dns', address: '0.0.0.0' },
            { type: 'secondary-dns', address: '0.0.0.0' },
          ],
        }),
      };
    case 'pap':
      // Code 1, Identifier 0, Length 6, Peer-ID Length 0, Passwd-Length 0.
      return { id: PCO_CONTAINER.PAP, contents: Buffer.from([1, 0, 0, 6, 0, 0]) };
  }
}

export function pcoRequest(kinds: readonly PcoRequest[]): Pco {
  return { configurationProtocol: 0, containers: kinds.map(container) };
}
