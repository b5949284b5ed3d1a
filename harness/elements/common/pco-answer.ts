import { addressBytes } from '../../protocol/common/ip-bytes.ts';
import { PCO_CONTAINER, type Pco, type PcoContainer } from '../../protocol/common/pco.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { decodeIpcp, encodeIpcp, IPCP_CODE, type IpcpOption } from '../../protocol/common/ipcp.ts';
import type { ApnConfig } from './apn-config.ts';

/** What the network's PCO answer depends on besides the request. */
export interface PcoAnswerContext {
  apn: ApnConfig;
  granted: 'ipv4' | 'ipv6' | 'ipv4v6';
  /** The UE's IPv4 address (PAA / EUA), for an IPCP IP-Address option. */
  ipv4?: string;
  /** False for the no-pco-dns fault: no DNS server in any container. */
  withDns: boolean;
  /**
   * How IPCP is answered: negotiated (RFC 1661 §5), not at all (the ipcp-ignored fault), or every
   * Configure-Request acknowledged as it came, DNS 0.0.0.0 included (the ipcp-ack-unchanged fault).
   */
  ipcp: 'negotiate' | 'ignore' | 'ack-unchanged';
}

/**
 * The network's PCO answer (PGW on S5/S8, GGSN on Gn alike) (TS 24.008 §10.5.6.3, TS 29.061
 * §11.2.1.5): each requested container the network handles gets its answer: one container per DNS
 * server for 0x0003 (IPv6) and 0x000D (IPv4), the IPv4 link MTU for 0x0010, the IPCP negotiation
 * for 0x8021 (ipcpAnswer) and an Authenticate-Ack for a PAP Authenticate-Request (0xC023: the
 * credentials are accepted and ignored, as the APN authenticates nobody). Other containers get no
 * answer. IPv4 containers are answered only where IPv4 was granted.
 */
export function answerPco(request: Pco | undefined, c: PcoAnswerContext): Pco | undefined {
  if (!request) return undefined;
  const v4 = c.granted !== 'ipv6';
  const containers: PcoContainer[] = [];
  for (const r of request.containers) {
    if (r.id === PCO_CONTAINER.DNS_SERVER_IPV6 && c.granted !== 'ipv4' && c.withDns) {
      for (const s of c.apn.dnsIpv6) containers.push({ id: r.id, contents: addressBytes(s) });
    } else if (r.id === PCO_CONTAINER.DNS_SERVER_IPV4 && v4 && c.withDns) {
      for (const s of c.apn.dnsIpv4) containers.push({ id: r.id, contents: addressBytes(s) });
    } else if (r.id === PCO_CONTAINER.IPV4_LINK_MTU && v4) {
      const mtu = Buffer.alloc(2);
      mtu.writeUInt16BE(c.apn.mtu);
      containers.push({ id: r.id, contents: mtu });
    } else if (r.id === PCO_CONTAINER.IPCP && v4 && c.ipcp !== 'ignore') {
      for (const contents of ipcpAnswer(r.contents, c)) containers.push({ id: r.id, contents });
    } else if (r.id === PCO_CONTAINER.PAP && r.contents.length >= 4 && r.contents[0] === PAP_AUTHENTICATE_REQUEST) {
      // RFC 1334 §2.2.2 Authenticate-Ack: same Identifier, Length 5, an empty message.
      containers.push({ id: r.id, contents: Buffer.from([PAP_AUTHENTICATE_ACK, r.contents[1], 0, 5, 0]) });
    }
  }
  return { configurationProtocol: 0, containers };
}

const PAP_AUTHENTICATE_REQUEST = 1;
const PAP_AUTHENTICATE_ACK = 2;

/**
 * The answer to one IPCP Configure-Request (RFC 1661 §5.2-§5.4, RFC 1332 §3.3, RFC 1877 §1.1-§1.2):
 * options it cannot take (NBNS, compression, unknown ones, a secondary DNS the APN does not have)
 * in a Configure-Reject; DNS servers and the IP address whose value is not the network's in a
 * Configure-Nak carrying the network's values; a Configure-Ack of the whole request when every
 * option already holds them. One answer container each (TS 24.008 §10.5.6.3 allows repeats).
 */
export function ipcpAnswer(contents: Buffer, c: PcoAnswerContext): Buffer[] {
  let req: ReturnType<typeof decodeIpcp>;
  try {
    req = decodeIpcp(contents);
  } catch (err) {
    if (err instanceof DecodeError) return [];
    throw err;
  }
  if (req.code !== IPCP_CODE.CONFIGURE_REQUEST) return [];
  if (c.ipcp === 'ack-unchanged') return [encodeIpcp({ ...req, code: IPCP_CODE.CONFIGURE_ACK })];
  const dns = c.withDns ? c.apn.dnsIpv4 : [];
  const reject: IpcpOption[] = [];
  const nak: IpcpOption[] = [];
  for (const o of req.options) {
    const want =
      o.type === 'primary-dns'
        ? dns[0]
        : o.type === 'secondary-dns'
          ? dns[1]
          : o.type === 'ip-address'
            ? c.ipv4
            : undefined;
    if (want === undefined || o.type === 'unknown') reject.push(o);
    else if (o.address !== want) nak.push({ type: o.type, address: want });
  }
  const out: Buffer[] = [];
  const answer = (code: number, options: IpcpOption[]) =>
    out.push(encodeIpcp({ code, identifier: req.identifier, options }));
  if (reject.length) answer(IPCP_CODE.CONFIGURE_REJECT, reject);
  if (nak.length) answer(IPCP_CODE.CONFIGURE_NAK, nak);
  else if (!reject.length) answer(IPCP_CODE.CONFIGURE_ACK, req.options);
  return out;
}
