import { withInterfaceId, type RouterAdvertisement } from '../../harness/drivers/ue/index.ts';
import type { ApnPolicy } from '../../harness/lab/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { inPrefix } from './prefixes.ts';

/**
 * The gateway's Router Advertisement on a PDN connection (PGW, S5/S8) or PDP context (GGSN, Gn),
 * judged the same way for both (TS 29.061 §11.2.1.3.4): the connection's /64 alone, inside the
 * APN's declared IPv6 pool, A=1 and L=0, infinite lifetimes; M clear (no DHCPv6 addresses) and the
 * O flag recorded; a default router; the MTU option (recorded as a fact, "absent" included, and
 * judged against the declared MTU and what fits inside GTP-U over a 1500-octet IPv6 transport:
 * 1500 − 40 IPv6 − 8 UDP − 8 GTP-U); RDNSS with the declared DNS servers (RFC 8106); sent with hop
 * limit 255 from a link-local address (RFC 4861 §6.1.2). The UE's address from the PAA/EUA and the
 * advertised prefix must agree with each other and with the pool (TS 29.061 §11.2.1.3.2a).
 */
const GTPU_OVERHEAD_IPV6 = 40 + 8 + 8;

export interface RaSeen {
  ra: RouterAdvertisement;
  packet: { hopLimit: number; src: string };
}

export function judgeRouterAdvertisement(
  ctx: ScenarioContext,
  got: RaSeen,
  o: {
    element: string;
    /** The UE's IPv6 address from the PAA (S5/S8) or End User Address (Gn). */
    ueAddress: string;
    apn: ApnPolicy;
    /** Where the address came from, for check names: "PAA" or "EUA". */
    source: string;
  },
): void {
  const { ra } = got;
  const element = o.element;
  const pios = ra.options.filter((x) => x.type === 'prefix-information');
  ctx.check('exactly one Prefix Information option', {
    expected: 1,
    observed: pios.length,
    clause: 'TS 29.061 §11.2.1.3.4',
    element,
  });
  const pio = pios[0];
  ctx.checkMatch(
    'PIO: the session /64, A=1, L=0',
    { prefix: withInterfaceId(o.ueAddress, '::'), prefixLength: 64, autonomous: true, onLink: false },
    pio,
    { clause: 'TS 29.061 §11.2.1.3.4, §11.2.1.3.2a', element },
  );
  ctx.check(`the ${o.source} address and the advertised /64 lie inside the declared IPv6 pool ${o.apn.ipv6Pool}`, {
    expected: { [o.source]: 'inside', prefix: 'inside' },
    observed: {
      [o.source]: inPrefix(o.ueAddress, o.apn.ipv6Pool) ? 'inside' : o.ueAddress,
      prefix:
        pio?.type === 'prefix-information' ? (inPrefix(pio.prefix, o.apn.ipv6Pool) ? 'inside' : pio.prefix) : 'no PIO',
    },
    clause: 'TS 23.401 §5.3.1.2.2, TS 29.061 §11.2.1.3; operator policy',
    element,
  });
  const iid = withInterfaceId('::', o.ueAddress);
  ctx.check(`the ${o.source} interface identifier is not zero`, {
    expected: 'a non-zero interface identifier',
    observed: iid,
    ok: iid !== '::',
    clause: 'TS 29.061 §11.2.1.3.2a, RFC 4291 §2.6.1',
    element,
  });
  ctx.checkMatch('PIO lifetimes infinite', { validLifetime: 0xffffffff, preferredLifetime: 0xffffffff }, pio, {
    clause: 'TS 29.061 §11.2.1.3.4',
    level: 'SHOULD',
    element,
  });
  ctx.check('M flag clear (no DHCPv6 address assignment)', {
    expected: false,
    observed: ra.managed,
    clause: 'TS 29.061 §11.2.1.3.4',
    element,
  });
  ctx.fact('RA M/O flags', `M=${ra.managed ? 1 : 0} O=${ra.other ? 1 : 0}`);
  ctx.check('router lifetime non-zero (a default router)', {
    expected: '> 0',
    observed: ra.routerLifetime,
    ok: ra.routerLifetime > 0,
    clause: 'RFC 4861 §4.2',
    element,
  });
  ctx.fact('RA router lifetime', `${ra.routerLifetime} s`);
  const mtu = ra.options.find((x) => x.type === 'mtu');
  const observedMtu = mtu?.type === 'mtu' ? mtu.mtu : undefined;
  ctx.fact('RA MTU option', observedMtu === undefined ? 'absent' : String(observedMtu));
  if (observedMtu !== undefined) ctx.metric('ra_mtu', observedMtu, 'octets');
  ctx.check('MTU option carries the declared link MTU', {
    expected: o.apn.mtu,
    observed: observedMtu ?? 'no MTU option',
    clause: 'RFC 4861 §4.6.4; operator policy',
    element,
  });
  const maxMtu = 1500 - GTPU_OVERHEAD_IPV6;
  ctx.check('advertised MTU fits GTP-U over a 1500-octet IPv6 transport', {
    expected: `1280 ≤ MTU ≤ ${maxMtu}`,
    observed: observedMtu ?? 'no MTU option',
    ok: observedMtu === undefined || (observedMtu >= 1280 && observedMtu <= maxMtu),
    clause: 'RFC 4861 §4.6.4, RFC 8200 §5',
    element,
  });
  const rdnss = ra.options.find((x) => x.type === 'rdnss');
  ctx.check('RDNSS carries the declared DNS servers', {
    expected: o.apn.dnsIpv6,
    observed: rdnss?.type === 'rdnss' ? rdnss.servers : 'no RDNSS option',
    clause: 'RFC 8106 §5.1',
    level: 'SHOULD',
    element,
  });
  ctx.check('RA hop limit 255 from a link-local source', {
    expected: { hopLimit: 255, linkLocal: true },
    observed: { hopLimit: got.packet.hopLimit, linkLocal: got.packet.src.startsWith('fe80:') },
    clause: 'RFC 4861 §6.1.2',
    element,
  });
}
