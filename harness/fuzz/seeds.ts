import { MmeS11Driver, s11Session } from '../drivers/mme/index.ts';
import { Enb } from '../drivers/mme/enb.ts';
import { SgsnGnDriver } from '../drivers/sgsn/index.ts';
import { SgwS5Driver } from '../drivers/sgw/index.ts';
import { UeIpv6Host, withInterfaceId } from '../drivers/ue/index.ts';
import type { ElementEndpoint } from '../lab/index.ts';
import { findIe } from '../protocol/gtpv2c/index.ts';
import type { PacketRecorder } from '../net/pcap/index.ts';
import type { Endpoint } from '../protocol/ip/index.ts';
import { radiusTransaction } from '../drivers/nas/index.ts';
import { signAccountingRequest } from './radius-resign.ts';

/**
 * Valid traffic to mutate: the drivers run a short, correct exchange with each stand-in (echo,
 * session set-up, Router Solicitation and echo through the tunnel, modify, delete) and every
 * datagram they send to an element becomes a seed for that destination (GTPv2-C on S5/S8 and
 * S11, GTPv1-C on Gn, GTP-U with ND and ICMPv6 inside).
 */
export interface Seed {
  element: string;
  to: Endpoint;
  bytes: Buffer;
  /**
   * Applied to each mutation before it is sent: RADIUS requests are signed again with the AAA's
   * secret (RFC 2866 §3), or the AAA would discard nearly all at the authenticator check and its
   * decoder would never see them — a NAS that has the secret and sends garbage.
   */
  resign?: (bytes: Buffer) => Buffer;
}

class SeedRecorder implements PacketRecorder {
  readonly seeds: Seed[] = [];
  constructor(private readonly targets: Map<string, string>) {}
  resign = new Map<string, (bytes: Buffer) => Buffer>();
  udp(_src: Endpoint, dst: Endpoint, payload: Buffer): void {
    const element = this.targets.get(`${dst.address}|${dst.port}`);
    const resign = element ? this.resign.get(element) : undefined;
    if (element)
      this.seeds.push({ element, to: { ...dst }, bytes: Buffer.from(payload), ...(resign ? { resign } : {}) });
  }
  ip(): void {}
}

export async function collectSeeds(elements: ReadonlyMap<string, ElementEndpoint>): Promise<Seed[]> {
  const targets = new Map<string, string>();
  for (const e of elements.values()) {
    targets.set(`${e.address}|${e.port}`, e.name);
    if (e.userPlanePort !== undefined) targets.set(`${e.address}|${e.userPlanePort}`, `${e.name}-u`);
  }
  const recorder = new SeedRecorder(targets);
  const pgw = elements.get('pgw');
  const sgw = elements.get('sgw');
  const ggsn = elements.get('ggsn');
  if (pgw) {
    const d = new SgwS5Driver({ pgw, recorder, timers: { t3ResponseMs: 300, n3Requests: 0 } });
    await d.open();
    try {
      await d.echo();
      const { outcome, sgwTeid } = await d.createSession({
        imsi: '001019999000001',
        apn: Object.keys(pgw.apns)[0] ?? 'internet',
        pdnType: 'ipv4v6',
        daf: true,
        pco: ['dns-ipv6', 'dns-ipv4', 'ipv4-link-mtu'],
      });
      if (outcome.kind === 'response') {
        const bearer = findIe(outcome.message, 'bearer-context');
        const u = bearer && findIe(bearer, 'f-teid', 2);
        const paa = findIe(outcome.message, 'paa');
        if (u && paa?.ipv6) {
          const ue = new UeIpv6Host(d.bearer(sgwTeid, u), withInterfaceId('::', paa.ipv6), recorder);
          await ue.solicitRouter({ intervalMs: 300, maxSolicitations: 1 });
          await ue.ping('2001:db8:ffff::1', 1, 1, 300);
        }
        const pgwTeid = findIe(outcome.message, 'f-teid', 1)?.teid;
        if (pgwTeid !== undefined) await d.deleteSession(pgwTeid);
      }
    } finally {
      await d.close();
    }
  }
  if (sgw && pgw) {
    const mme = new MmeS11Driver({ sgw, recorder, timers: { t3ResponseMs: 500, n3Requests: 0 } });
    const enb = new Enb(recorder);
    const local = await mme.open();
    try {
      await mme.echo();
      const { outcome } = await mme.createSession({
        imsi: '001019999000002',
        apn: Object.keys(pgw.apns)[0] ?? 'internet',
        pdnType: 'ipv6',
        daf: true,
        pgwAddress: pgw.address,
      });
      const s = outcome.kind === 'response' ? s11Session(outcome.message) : undefined;
      if (s?.sgwS11Teid !== undefined && s.s1uSgw && s.paa?.ipv6) {
        await enb.open(local.address);
        const e = enb.allocate();
        await mme.modifyBearer(s.sgwS11Teid, 5, e);
        const ue = new UeIpv6Host(
          enb.bearer(e.teid, s.s1uSgw, sgw.userPlanePort ?? 2152),
          withInterfaceId('::', s.paa.ipv6),
          recorder,
        );
        await ue.solicitRouter({ intervalMs: 300, maxSolicitations: 1 });
        await mme.releaseAccessBearers(s.sgwS11Teid);
        await mme.deleteSession(s.sgwS11Teid);
      }
    } finally {
      await Promise.all([mme.close(), enb.close()]);
    }
  }
  if (ggsn) {
    const d = new SgsnGnDriver({ ggsn, recorder, timers: { t3ResponseMs: 300, n3Requests: 0 } });
    await d.open();
    try {
      const apn = Object.keys(ggsn.apns)[0] ?? 'inet6';
      const { context } = await d.createPdpContext({
        imsi: '001019999000003',
        apn,
        pdpType: 'ipv6',
        pco: ['dns-ipv6'],
      });
      if (context) await d.deletePdpContext(context);
    } finally {
      await d.close();
    }
  }
  const aaa = elements.get('aaa');
  if (aaa?.radiusSecret) {
    const secret = aaa.radiusSecret;
    recorder.resign.set(aaa.name, (b) => signAccountingRequest(b, secret));
    const localAddress = aaa.address.includes(':') ? '::1' : '127.0.0.1';
    for (const status of ['Start', 'Interim-Update', 'Stop'] as const) {
      await radiusTransaction({
        server: { address: aaa.address, port: aaa.port },
        localAddress,
        secret,
        code: 'Accounting-Request',
        timeoutMs: 500,
        recorder,
        attributes: [
          ['Acct-Status-Type', status],
          ['Acct-Session-Id', 'fuzz-1'],
          ['User-Name', 'fuzz'],
          ['NAS-IPv6-Address', '::1'],
          ['Called-Station-Id', 'internet'],
          ['Framed-IPv6-Prefix', '2001:db8:3d:1::/64'],
          ['Framed-Interface-Id', '::1'],
          ['Delegated-IPv6-Prefix', '2001:db8:3e::/56'],
          ['Framed-IP-Address', '203.0.113.9'],
          [
            'Vendor-Specific',
            10415,
            [
              ['3GPP-Charging-ID', 7],
              ['3GPP-PDP-Type', 2],
            ],
          ],
        ],
      });
    }
  }
  return recorder.seeds;
}
