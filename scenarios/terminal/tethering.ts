import { Address6 } from 'ip-address';
import {
  requestPrefix,
  UeIpv6Host,
  randomInterfaceId,
  withInterfaceId,
  type PdOutcome,
} from '../../harness/drivers/ue/index.ts';
import { STATUS } from '../../harness/protocol/dhcpv6/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { GRANTS_IPV6 } from '../core/session-checks.ts';
import { ACCESS, ACCESS_ID_OMITS, type Access, accessNeeds } from './access.ts';
import { ipv6Access, linkPolicy, openIpv6Link, slaacHost, type Ipv6Link } from './ipv6-link.ts';

type Mode = '64-sharing' | 'prefix-delegation' | 'no-delegation';

/**
 * Tethering: a UE that gives its LAN (a laptop behind the phone, an IoT gateway's devices) IPv6.
 * - `64-sharing` (RFC 7278): the LAN host takes an address in the PDN connection's own /64; the
 *   network must route the whole /64 to the UE, not only the address in the PAA (TS 29.061
 *   §11.2.1.3.2a leaves the global interface identifier to the UE).
 * - `prefix-delegation` (TS 23.401 §5.3.1.2.6, RFC 8415): on an APN declaring `prefixDelegation`,
 *   DHCPv6 delegates a shorter prefix holding the /64, which PD_EXCLUDE (RFC 6603) excludes; a
 *   LAN host in another /64 of it reaches the internet.
 * - `no-delegation`: on an APN that declares none, the network says NoPrefixAvail (RFC 8415
 *   §18.3.9) and the UE falls back to sharing its /64 (RFC 7278 §3).
 * Over 5GS (`access: 5gs`, ipv6-link.ts) the same on an IPv6 PDU session and a DNN: the /64 per
 * PDU session shared (TS 23.501 §5.8.2.2.3), and prefix delegation with the SMF as DHCPv6 server,
 * the UE's DHCPv6 reaching it through the UPF as its RS does, the delegated prefix routed by the
 * UPF (TS 23.501 §5.8.2.2.4). The RA and DHCPv6 are judged against the PGW or SMF, the routing
 * against the PGW or UPF.
 */
export default defineScenario({
  id: 'terminal/tethering',
  title: 'Tethering: /64 sharing and DHCPv6 prefix delegation with PD_EXCLUDE',
  covers: ['MNO-TERM', 'IOT-GLOBAL'],
  tags: ['gtpu', 's5', 'n3', 'dhcpv6', 'user-plane'],
  needs: accessNeeds(['pgw']),
  fixtures: { link: ipv6Access() },
  params: {
    mode: ['64-sharing', 'prefix-delegation', 'no-delegation'] satisfies Mode[],
    access: ACCESS as Access[],
  },
  idOmits: ACCESS_ID_OMITS,
  async run(ctx, { link: access }) {
    const hosts = ctx.internet();
    const mode = ctx.params.mode;
    const {
      name: apnName,
      policy: apn,
      at,
    } = linkPolicy(ctx, access, mode === 'prefix-delegation' ? 'prefixDelegation' : GRANTS_IPV6);
    if (mode === 'prefix-delegation')
      ctx.expect(`${at} declares prefix delegation`, {
        expected: 'prefixDelegation: <length>',
        observed: apn.prefixDelegation ? `/${apn.prefixDelegation}` : 'not declared',
        ok: apn.prefixDelegation !== undefined,
      });
    const n = ['prefix-delegation', '64-sharing', 'no-delegation'].indexOf(mode);
    const link = await openIpv6Link(ctx, access, apnName, {
      imsi: mode === 'prefix-delegation' ? '001010000000071' : '001010000000072',
      subscriber: 21 + n,
    });
    if (!link) return;
    try {
      await tether(ctx, link, mode, apn.prefixDelegation, hosts.ipv6Only);
    } finally {
      await link.close();
    }
  },
});

/** The mode's checks on an open IPv6 link. */
async function tether(
  ctx: ScenarioContext,
  link: Ipv6Link,
  mode: Mode,
  declaredLength: number | undefined,
  ipv6Only: string,
): Promise<void> {
  const conn = link.connection;
  const { ue } = await slaacHost(ctx, link);
  const link64 = withInterfaceId(ue.global, '::');
  if (mode === '64-sharing') {
    await lanHostReaches(
      ctx,
      link,
      withInterfaceId(link64, randomInterfaceId()),
      ipv6Only,
      'a LAN host sharing the /64 (RFC 7278)',
      'RFC 7278 §3, TS 29.061 §11.2.1.3.2a',
    );
    return;
  }
  const pd = await requestPrefix(ue, { pdExclude: true, timeoutMs: 1000, attempts: 2, signal: ctx.signal });
  ctx.log(`DHCPv6: ${pd.exchange.map((m) => m.msgType).join(' → ')} ${describe(pd)}`);
  if (mode === 'no-delegation') {
    ctx.check('DHCPv6 on an APN without delegation: IA_PD with NoPrefixAvail', {
      expected: `status ${STATUS.NoPrefixAvail} (NoPrefixAvail)`,
      observed: describe(pd),
      ok: pd.kind === 'refused' && pd.status === STATUS.NoPrefixAvail,
      clause: 'RFC 8415 §18.3.9, §21.13',
      element: link.router,
    });
    await lanHostReaches(
      ctx,
      link,
      withInterfaceId(link64, randomInterfaceId()),
      ipv6Only,
      'the fallback: a LAN host sharing the /64',
      'RFC 7278 §3',
    );
    return;
  }
  const declared = declaredLength!;
  ctx.check(`a /${declared} delegated that holds the ${conn}'s /64`, {
    expected: `/${declared} containing ${link64}/64`,
    observed: describe(pd),
    ok:
      pd.kind === 'delegated' &&
      pd.length === declared &&
      new Address6(`${link64}/64`).isInSubnet(new Address6(`${pd.prefix}/${pd.length}`)),
    clause: `${link.router === 'pgw' ? 'TS 23.401 §5.3.1.2.6' : 'TS 23.501 §5.8.2.2.4'}, RFC 8415 §18.3.2`,
    element: link.router,
  });
  if (pd.kind !== 'delegated') return;
  ctx.check(`PD_EXCLUDE names the ${conn}'s /64`, {
    expected: `${link64}/64`,
    observed: pd.excluded ?? 'no PD_EXCLUDE option',
    clause: `RFC 6603 §4.1, ${link.router === 'pgw' ? 'TS 23.401 §5.3.1.2.6' : 'TS 23.501 §5.8.2.2.4'}`,
    element: link.router,
  });
  // The first /64 after the excluded one: a LAN behind the UE numbered from the delegated prefix.
  const lan = Address6.fromBigInt(new Address6(`${link64}/64`).startAddress().bigInt() + (1n << 64n)).correctForm();
  await lanHostReaches(
    ctx,
    link,
    withInterfaceId(lan, '::1'),
    ipv6Only,
    'a LAN host in the delegated prefix',
    link.userPlane === 'pgw' ? 'TS 23.401 §5.3.1.2.6' : 'TS 23.501 §5.8.2.2.4',
  );
  ctx.fact('delegated', `${pd.prefix}/${pd.length}`);
}

/** An ICMPv6 echo from `source` (a host behind the UE) through the UE's tunnel. */
async function lanHostReaches(
  ctx: ScenarioContext,
  link: Ipv6Link,
  source: string,
  dst: string,
  who: string,
  clause: string,
): Promise<void> {
  const lan = new UeIpv6Host(link.bearer, withInterfaceId('::', source));
  lan.global = source;
  const echo = await lan.ping(dst, 0x7e, 1, 2000, ctx.signal);
  ctx.check(`${who} ${source} reaches ${dst}`, {
    expected: 'echo reply',
    observed: echo
      ? 'echo reply'
      : `no reply (dropped by the network: the prefix is not routed to this ${link.connection})`,
    ok: echo !== undefined,
    clause,
    element: link.userPlane,
  });
}

function describe(pd: PdOutcome): string {
  switch (pd.kind) {
    case 'delegated':
      return `${pd.prefix}/${pd.length}${pd.excluded ? ` excluding ${pd.excluded}` : ''}`;
    case 'refused':
      return `refused: status ${pd.status} ${pd.message}`;
    case 'no-answer':
      return `no answer to the ${pd.stage === 'solicit' ? 'Solicit' : 'Request'}`;
  }
}
