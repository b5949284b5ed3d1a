import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Ipv4Packet, Ipv6Packet } from '../../protocol/ip/index.ts';
import type { Sgi } from '../common/ipv6-first-hop.ts';

const run = promisify(execFile);

/**
 * The PGW's SGi as a real kernel interface (container lab, `sgi: tun` in the target): socat opens
 * a TUN device `sgi0` (TS 29.061 §11.2: the Gi/SGi reference point is plain IP) and relays each
 * packet as one UDP datagram on 127.0.0.1; the UE pools, IPv6 and IPv4, are routed to sgi0. A
 * UE's packet leaves the stand-in into the kernel, which forwards it (net.ipv6.conf.all.forwarding,
 * net.ipv4.ip_forward) to the sgi networks; answers routed back to a UE pool come up sgi0 and go
 * down the UE's tunnel. Needs NET_ADMIN and /dev/net/tun. It lives as long as its container (a PGW
 * restart keeps it).
 */
/** The TUN device's name in the PGW's container. */
export const SGI_DEVICE = 'sgi0';

export class TunSgi implements Sgi {
  private socket?: Socket;
  /** Set by the PGW: a packet from the kernel toward a UE. */
  onPacket: (raw: Buffer) => void = () => {};

  constructor(
    /** The UE pools routed to sgi0: every APN's IPv6 pool, the IPv4 pools of APNs that grant IPv4. */
    private readonly pools: { ipv6: readonly string[]; ipv4: readonly string[] },
    private readonly device = SGI_DEVICE,
    /** Drop what UEs send to this host's own addresses (all but ICMPv6). */
    private readonly closeInput = true,
  ) {}

  async start(): Promise<void> {
    const s = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(7001, '127.0.0.1', () => resolve());
    });
    s.on('message', (m) => this.onPacket(m));
    this.socket = s;
    spawn(
      'socat',
      [
        '-b',
        '65536',
        `TUN,tun-name=${this.device},tun-type=tun,iff-no-pi,iff-up`,
        'UDP4-DATAGRAM:127.0.0.1:7001,bind=127.0.0.1:7000',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    for (let i = 0; i < 50; i++) {
      if (
        await run('ip', ['link', 'show', this.device]).then(
          () => true,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const pool of this.pools.ipv6) await run('ip', ['-6', 'route', 'replace', pool, 'dev', this.device]);
    for (const pool of this.pools.ipv4) await run('ip', ['-4', 'route', 'replace', pool, 'dev', this.device]);
    // UEs reach the internet through SGi, never this host's own services: the kernel would hand a
    // UE's packet for the PGW's S5/S8 address to the GTP-C socket (weak host model). Only ICMPv6
    // (echo to the gateway, errors) and ICMP are delivered locally from SGi (cloud/control-plane-isolation).
    if (!this.closeInput) return;
    await run('nft', ['add', 'table', 'inet', 'v6harness-sgi']);
    await run('nft', [
      'add',
      'chain',
      'inet',
      'v6harness-sgi',
      'input',
      '{ type filter hook input priority 0; policy accept; }',
    ]);
    await run('nft', [
      'add',
      'rule',
      'inet',
      'v6harness-sgi',
      'input',
      'iifname',
      this.device,
      'meta',
      'l4proto',
      '{',
      'icmp,',
      'ipv6-icmp',
      '}',
      'accept',
    ]);
    await run('nft', ['add', 'rule', 'inet', 'v6harness-sgi', 'input', 'iifname', this.device, 'drop']);
  }

  /** Either family, into the kernel; the answers come back through onPacket. */
  deliver(_p: Ipv6Packet | Ipv4Packet, raw: Buffer): Buffer | undefined {
    this.socket?.send(raw, 7000, '127.0.0.1');
    return undefined;
  }
}
