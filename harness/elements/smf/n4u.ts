import type { PacketRecorder } from '../../net/pcap/index.ts';
import * as gtpu from '../../protocol/gtpu/index.ts';
import { ALL_DHCP_RELAY_AGENTS_AND_SERVERS, DHCPV6_SERVER_PORT } from '../../protocol/dhcpv6/index.ts';
import {
  decodeIpv6Packet,
  encodeIpPacket,
  pduSessionRouterAdvertisement,
  SMF_LINK_LOCAL,
  type Ipv6Packet,
} from '../../protocol/ip/index.ts';
import { Dhcpv6PdServer } from '../common/dhcpv6-pd-server.ts';
import { UdpServer } from '../common/udp-server.ts';
import type { SmContext } from './session.ts';

const HEADROOM = 16;

/**
 * The SMF's end of N4-u (TS 23.501 §5.8.2.2.2, TS 29.244 §5.2.1): the UPF sends the UE's Router
 * Solicitations here, GTP-U encapsulated to the session's N4-u TEID; the SMF answers each with a
 * Router Advertisement of the session's /64 (protocol/ip/pdu-session-ra.ts: A = 1, L = 0, MTU,
 * RDNSS, PREF64 when the DNN declares pref64, RFC 8781) sent to the UPF's CP-function F-TEID,
 * which the UPF forwards down the session's N3 tunnel. `advertise` sends one unsolicited (after
 * the session is set up, and right after N4 establishment so the UPF learns where our N4-u is).
 * The UE's DHCPv6 (to ff02::1:2 port 547) comes the same way: the SMF is the DHCPv6 server of the
 * PDU session (TS 23.501 §5.8.2.2.4), delegating the prefix the DNN's `prefixDelegation` reserved
 * for it (common/dhcpv6-pd-server.ts, as the PGW's), else answering IA_PD with NoPrefixAvail.
 */
export class N4u {
  private readonly server: UdpServer;
  private readonly view: gtpu.GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: -1 };
  private nextTeid = 0x6000_0001;
  readonly counters = { solicitations: 0, advertisements: 0, dhcpv6: 0 };
  private dhcpv6?: Dhcpv6PdServer;

  constructor(
    private readonly byTeid: (teid: number) => SmContext | undefined,
    private readonly upfPort: () => number,
    private readonly opts: { noRa: boolean; onLink: boolean; noPref64?: boolean; pdNoExclude?: boolean },
    onError: (err: unknown) => void,
    recorder?: PacketRecorder,
  ) {
    this.server = new UdpServer((msg) => this.receive(msg), onError, recorder);
  }

  private bound?: { address: string; port: number };

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('SMF N4-u is not started');
    return this.bound;
  }

  async listen(address: string): Promise<void> {
    this.bound = await this.server.listen(address, 0);
    // Its DUID from the SMF's address (RFC 8415 §11.5), as the PGW's from its own.
    this.dhcpv6 ??= new Dhcpv6PdServer(address, SMF_LINK_LOCAL, {
      has: (f) => f === 'pd-no-exclude' && this.opts.pdNoExclude === true,
    });
  }

  close(): Promise<void> {
    return this.server.close();
  }

  allocateTeid(): number {
    const t = this.nextTeid;
    this.nextTeid = t >= 0x6fff_fff0 ? 0x6000_0001 : t + 1;
    return t;
  }

  private receive(msg: Buffer): void {
    const v = this.view;
    if (!gtpu.readGpduHeader(msg, 0, msg.length, v) || v.messageType !== 255) return;
    const s = this.byTeid(v.teid);
    if (!s) return;
    let p: Ipv6Packet;
    try {
      p = decodeIpv6Packet(msg.subarray(v.payloadOffset, v.payloadOffset + v.payloadLength));
    } catch {
      return; // not an IPv6 packet: nothing for the SMF
    }
    if (p.payload.type === 'udp' && p.payload.dstPort === DHCPV6_SERVER_PORT) {
      if (p.dst !== ALL_DHCP_RELAY_AGENTS_AND_SERVERS || !s.prefix || !s.fromCp || !this.dhcpv6) return;
      this.counters.dhcpv6++;
      const answer = this.dhcpv6.answer(
        { ipv6Prefix: s.prefix, ...(s.delegated ? { delegated: s.delegated } : {}), config: s.config },
        p,
        p.payload.data,
      );
      if (answer) this.toUe(s, answer);
      return;
    }
    if (p.payload.type !== 'icmpv6' || p.payload.message.type !== 'router-solicitation') return;
    this.counters.solicitations++;
    // RFC 4861 §6.2.6: to the soliciting address, or all-nodes when it came from the unspecified one.
    this.advertise(s, p.src.startsWith('fe80:') ? p.src : 'ff02::1');
  }

  /** A Router Advertisement for the session (to all-nodes when unsolicited). */
  advertise(s: SmContext, to = 'ff02::1'): void {
    if (this.opts.noRa || !s.prefix || !s.fromCp) return;
    const packet = encodeIpPacket(
      pduSessionRouterAdvertisement(to, {
        prefix: s.prefix,
        ...(s.config.mtu ? { mtu: s.config.mtu } : {}),
        dns: s.config.dnsIpv6,
        onLink: this.opts.onLink,
        ...(s.config.pref64 && !this.opts.noPref64 ? { pref64: s.config.pref64 } : {}),
      }),
    );
    this.counters.advertisements++;
    this.toUe(s, packet);
  }

  /** An IPv6 packet for the UE: GTP-U to the UPF's CP-function F-TEID, which sends it down N3. */
  private toUe(s: SmContext, packet: Buffer): void {
    if (!s.fromCp) return;
    const buf = Buffer.allocUnsafe(HEADROOM + packet.length);
    packet.copy(buf, HEADROOM);
    const start = gtpu.writeGpduHeader(buf, HEADROOM, s.fromCp.teid, packet.length);
    this.server.send(buf.subarray(start), { address: s.fromCp.address, port: this.upfPort() });
  }
}
