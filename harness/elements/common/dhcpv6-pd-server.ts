import { createHash } from 'node:crypto';
import {
  decodeDhcpv6,
  encodeDhcpv6,
  findOption,
  MESSAGE,
  OPTION,
  pdExclude,
  STATUS,
  DHCPV6_CLIENT_PORT,
  DHCPV6_SERVER_PORT,
  type Dhcpv6Message,
  type Dhcpv6Option,
} from '../../protocol/dhcpv6/index.ts';
import { encodeIpPacket, ipv6Packet, udpDatagram, type Ipv6Packet } from '../../protocol/ip/index.ts';
import type { FaultSet } from './fault-set.ts';

/** PD_EXCLUDE left out although the requesting router asked for it (RFC 6603 §4.1). */
export const DHCPV6_PD_FAULTS = ['pd-no-exclude'] as const;

/** What the delegating router needs of one PDN connection. */
export interface DelegationSession {
  ipv6Prefix?: string;
  delegated?: { prefix: string; length: number };
  config: { dnsIpv6: string[] };
}

/** RFC 8415 §7.7: 0xffffffff is infinity; the delegated prefix lives as long as the PDN connection (as its /64 in the RA). */
const INFINITE = 0xffffffff;

/**
 * The gateway as DHCPv6 delegating router on a PDN connection (TS 23.401 §5.3.1.2.6; RFC 8415
 * §18.3): Solicit → Advertise (or Reply with Rapid Commit, §18.3.1), Request/Renew/Rebind →
 * Reply, Release → Reply with Success. The delegated prefix is the one reserved for the
 * connection when it was created; it holds the connection's /64, excluded with PD_EXCLUDE when the
 * UE asked for that option in its ORO (RFC 6603 §4.1). A connection with no prefix to delegate
 * gets IA_PD with NoPrefixAvail (§18.3.9). Faults: `pd-no-exclude` leaves PD_EXCLUDE out.
 */
export class Dhcpv6PdServer {
  readonly duid: Buffer;
  readonly counters = { received: 0, answered: 0, discarded: 0 };

  constructor(
    gatewayAddress: string,
    private readonly routerLinkLocal: string,
    private readonly faults: FaultSet<(typeof DHCPV6_PD_FAULTS)[number]>,
  ) {
    // DUID-UUID (RFC 8415 §11.5, RFC 6355): a PDN gateway has no link-layer address to build one from.
    this.duid = Buffer.concat([
      Buffer.from([0, 4]),
      createHash('sha256').update(`v6harness dhcpv6 ${gatewayAddress}`).digest().subarray(0, 16),
    ]);
  }

  /** The answer to a UDP datagram for port 547 from the UE, as a whole IPv6 packet, or undefined. */
  answer(s: DelegationSession, p: Ipv6Packet, data: Buffer): Buffer | undefined {
    this.counters.received++;
    let m: Dhcpv6Message;
    try {
      m = decodeDhcpv6(data);
    } catch {
      this.counters.discarded++;
      return undefined;
    }
    const reply = this.reply(s, m);
    if (!reply) {
      this.counters.discarded++;
      return undefined;
    }
    this.counters.answered++;
    const from = p.payload.type === 'udp' ? p.payload.srcPort : DHCPV6_CLIENT_PORT;
    const datagram = udpDatagram(DHCPV6_SERVER_PORT, from, encodeDhcpv6(reply));
    return encodeIpPacket(ipv6Packet(this.routerLinkLocal, p.src, datagram, { hopLimit: 255 }));
  }

  private reply(s: DelegationSession, m: Dhcpv6Message): Dhcpv6Message | undefined {
    const client = findOption(m.options, OPTION.CLIENTID);
    const server = findOption(m.options, OPTION.SERVERID);
    // §16.2/§16.4/§16.6/§16.9: Solicit and Rebind carry no Server ID; Request, Renew, Release carry ours.
    if (!client) return undefined;
    const wantsServerId = m.msgType === MESSAGE.REQUEST || m.msgType === MESSAGE.RENEW || m.msgType === MESSAGE.RELEASE;
    if (wantsServerId !== (server !== undefined) || (server && !server.duid.equals(this.duid))) return undefined;
    const base: Dhcpv6Option[] = [
      { code: OPTION.SERVERID, duid: this.duid },
      { code: OPTION.CLIENTID, duid: client.duid },
    ];
    const oro = findOption(m.options, OPTION.ORO)?.requested ?? [];
    const extras: Dhcpv6Option[] =
      oro.includes(OPTION.DNS_SERVERS) && s.config.dnsIpv6.length
        ? [{ code: OPTION.DNS_SERVERS, servers: s.config.dnsIpv6 }]
        : [];
    const ias = m.options.filter(
      (o): o is Extract<Dhcpv6Option, { code: 25 }> => o.code === OPTION.IA_PD && !('unknown' in o),
    );
    switch (m.msgType) {
      case MESSAGE.SOLICIT: {
        const rapid = findOption(m.options, OPTION.RAPID_COMMIT) !== undefined && s.delegated !== undefined;
        return {
          msgType: rapid ? MESSAGE.REPLY : MESSAGE.ADVERTISE,
          transactionId: m.transactionId,
          options: [
            ...base,
            ...(rapid ? [{ code: OPTION.RAPID_COMMIT } as const] : []),
            ...ias.map((ia) => this.iaPd(s, ia.iaid, oro)),
            ...extras,
          ],
        };
      }
      case MESSAGE.REQUEST:
      case MESSAGE.RENEW:
      case MESSAGE.REBIND:
        return {
          msgType: MESSAGE.REPLY,
          transactionId: m.transactionId,
          options: [...base, ...ias.map((ia) => this.iaPd(s, ia.iaid, oro)), ...extras],
        };
      case MESSAGE.RELEASE:
        return {
          msgType: MESSAGE.REPLY,
          transactionId: m.transactionId,
          options: [...base, { code: OPTION.STATUS_CODE, status: STATUS.Success, message: 'released' }],
        };
      default:
        return undefined;
    }
  }

  private iaPd(s: DelegationSession, iaid: number, oro: number[]): Dhcpv6Option {
    if (!s.delegated || !s.ipv6Prefix)
      return {
        code: OPTION.IA_PD,
        iaid,
        t1: 0,
        t2: 0,
        options: [
          { code: OPTION.STATUS_CODE, status: STATUS.NoPrefixAvail, message: 'no prefix delegation on this APN' },
        ],
      };
    const exclude: Dhcpv6Option[] =
      oro.includes(OPTION.PD_EXCLUDE) && !this.faults.has('pd-no-exclude')
        ? [{ code: OPTION.PD_EXCLUDE, ...pdExclude(s.delegated, { prefix: s.ipv6Prefix, length: 64 }) }]
        : [];
    return {
      code: OPTION.IA_PD,
      iaid,
      t1: INFINITE,
      t2: INFINITE,
      options: [
        {
          code: OPTION.IAPREFIX,
          preferredLifetime: INFINITE,
          validLifetime: INFINITE,
          prefixLength: s.delegated.length,
          prefix: s.delegated.prefix,
          options: exclude,
        },
      ],
    };
  }
}
