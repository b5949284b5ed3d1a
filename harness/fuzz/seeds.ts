import { MmeS11Driver, s11Session } from '../drivers/mme/index.ts';
import { Enb } from '../drivers/mme/enb.ts';
import { SgsnGnDriver } from '../drivers/sgsn/index.ts';
import { SgwS5Driver } from '../drivers/sgw/index.ts';
import { UeIpv6Host, withInterfaceId } from '../drivers/ue/index.ts';
import type { ElementEndpoint } from '../lab/index.ts';
import { findIe } from '../protocol/gtpv2c/index.ts';
import { findIe as findPfcpIe, findIes as findPfcpIes } from '../protocol/pfcp/index.ts';
import { GtpuEndpoint } from '../drivers/common/gtpu-endpoint.ts';
import { SmfN4Driver } from '../drivers/smf-n4/index.ts';
import { PgwCSxDriver } from '../drivers/pgw-c/index.ts';
import type { PacketRecorder } from '../net/pcap/index.ts';
import type { Endpoint } from '../protocol/ip/index.ts';
import { radiusTransaction } from '../drivers/nas/index.ts';
import { signAccountingRequest } from './radius-resign.ts';
import type { FuzzRole } from './roles.ts';

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

/** `roles`: what each element is to the fuzzer (fuzzRoles); by default its name says so. */
export async function collectSeeds(
  elements: ReadonlyMap<string, ElementEndpoint>,
  roles?: ReadonlyMap<string, FuzzRole>,
): Promise<Seed[]> {
  const byRole = (role: FuzzRole): ElementEndpoint | undefined => {
    if (!roles) return elements.get(role);
    for (const [name, r] of roles) if (r === role && elements.has(name)) return elements.get(name);
    return undefined;
  };
  const targets = new Map<string, string>();
  for (const e of elements.values()) {
    targets.set(`${e.address}|${e.port}`, e.name);
    if (e.userPlanePort !== undefined) targets.set(`${e.address}|${e.userPlanePort}`, `${e.name}-u`);
  }
  const recorder = new SeedRecorder(targets);
  const pgw = byRole('pgw');
  const sgw = byRole('sgw');
  const ggsn = byRole('ggsn');
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
  const upf = byRole('upf');
  if (upf?.kind === 'real') await pgwUSeeds(upf, recorder);
  else if (upf) await upfSeeds(upf, recorder);
  const aaa = byRole('aaa');
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

/**
 * Sxb toward a real UPF as the PGW-C (on port 8805, where open5gs's UPF answers and sends its
 * Heartbeats): Association Setup, Heartbeat, an IPv6 session on the UPF's first APN with a /64
 * of its pool, deletion (TS 29.244 §7.4, §7.5).
 */
async function pgwUSeeds(upf: ElementEndpoint, recorder: SeedRecorder): Promise<void> {
  const cp = new PgwCSxDriver({ pgwU: upf, recorder, timers: { t3ResponseMs: 500, n3Requests: 0 } });
  const local = await cp.open();
  try {
    await cp.associate();
    await cp.heartbeat();
    const [apn, policy] = Object.entries(upf.apns)[0] ?? ['internet', undefined];
    const pool = policy?.ipv6Pool?.split('/')[0] ?? '2001:db8:600::';
    const { outcome } = await cp.establish({
      uePrefix: pool.replace(/::$/, ':f1::'),
      networkInstance: apn,
      downlink: { teid: 0x0e0000f2, address: local.address },
    });
    const upSeid = outcome.kind === 'response' ? findPfcpIe(outcome.message, 'f-seid')?.seid : undefined;
    if (upSeid !== undefined) await cp.delete(upSeid);
  } finally {
    await cp.close();
  }
}

/**
 * N4 and N3 toward a UPF as the SMF and gNB: Association Setup, Heartbeat, an IPv4v6 PDU session
 * with the UPF choosing F-TEIDs and UE addresses, the downlink moved to the gNB, a Router
 * Solicitation and an echo up N3 with the QFI, Deletion (TS 29.244 §7.4, §7.5; TS 38.415).
 */
async function upfSeeds(upf: ElementEndpoint, recorder: SeedRecorder): Promise<void> {
  const smf = new SmfN4Driver({ upf, recorder, timers: { t3ResponseMs: 300, n3Requests: 0 } });
  const gtp = new GtpuEndpoint(recorder);
  const local = await smf.open();
  await gtp.open(local.address, 0);
  try {
    await smf.associate();
    await smf.heartbeat();
    const { outcome } = await smf.establish({
      dnn: Object.keys(upf.apns)[0] ?? 'internet',
      pduSessionType: 'ipv4v6',
      ueIpv6: 'choose',
      ueIpv4: 'choose',
      qfi: 9,
      n3Family: upf.family === 6 ? 'ipv6' : 'ipv4',
      cpTunnel: { teid: 0x0c0000f1, address: local.address },
    });
    if (outcome.kind !== 'response') return;
    const upSeid = findPfcpIe(outcome.message, 'f-seid')?.seid;
    const created = findPfcpIes(outcome.message, 'created-pdr').map((c) => findPfcpIe(c, 'f-teid'));
    const n3 = created.find((f) => f?.teid !== undefined);
    if (upSeid === undefined || !n3?.teid) return;
    await smf.modifyDownlink(upSeid, { teid: 0x0e0000f1, address: local.address });
    const bearer = gtp.bearer(
      0x0e0000f1,
      n3.teid,
      { address: upf.address, port: upf.userPlanePort ?? 2152 },
      { qfi: 9 },
    );
    const ue = new UeIpv6Host(bearer, '::f1');
    await ue.solicitRouter({ intervalMs: 300, maxSolicitations: 1 });
    await ue.ping('2001:db8:f000::6', 1, 1, 300);
    await smf.delete(upSeid);
  } finally {
    await Promise.all([smf.close(), gtp.close()]);
  }
}
