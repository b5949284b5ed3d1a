import { addressBytes } from '../../protocol/common/ip-bytes.ts';
import { PCO_CONTAINER, type Pco } from '../../protocol/gtpv2c/index.ts';
import type { ApnConfig } from './apn-config.ts';

/**
 * The network's PCO answer (PGW on S5/S8, GGSN on Gn alike) (TS 24.008 §10.5.6.3, TS 29.061 §11.2.1.5): one container per DNS
 * server for each DNS request container the UE sent (0x0003 IPv6, 0x000D IPv4), and the IPv4 link
 * MTU (0x0010) when asked. Containers the PGW does not handle get no answer.
 */
export function answerPco(
  request: Pco | undefined,
  apn: ApnConfig,
  granted: 'ipv4' | 'ipv6' | 'ipv4v6',
  withDns: boolean,
): Pco | undefined {
  if (!request) return undefined;
  const containers: Pco['containers'] = [];
  for (const c of request.containers) {
    if (c.id === PCO_CONTAINER.DNS_SERVER_IPV6 && granted !== 'ipv4' && withDns) {
      for (const s of apn.dnsIpv6) containers.push({ id: c.id, contents: addressBytes(s) });
    } else if (c.id === PCO_CONTAINER.DNS_SERVER_IPV4 && granted !== 'ipv6' && withDns) {
      for (const s of apn.dnsIpv4) containers.push({ id: c.id, contents: addressBytes(s) });
    } else if (c.id === PCO_CONTAINER.IPV4_LINK_MTU && granted !== 'ipv6') {
      const mtu = Buffer.alloc(2);
      mtu.writeUInt16BE(apn.mtu);
      containers.push({ id: c.id, contents: mtu });
    }
  }
  return { configurationProtocol: 0, containers };
}
