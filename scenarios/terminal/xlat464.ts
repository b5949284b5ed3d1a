import { Clat, randomInterfaceId, withInterfaceId, type RouterAdvertisement } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { ask } from '../gateway/dns-ask.ts';
import { ACCESS, ACCESS_ID_OMITS, type Access, accessNeeds } from './access.ts';
import { ipv6Access, linkPolicy, openIpv6Link, slaacHost, type Ipv6Link } from './ipv6-link.ts';
import { embeddingPrefix } from '../gateway/rfc6052-prefix.ts';

type Discovery = 'ra-pref64' | 'rfc7050';

/**
 * 464XLAT (RFC 6877) on an IPv6-only PDN connection: the UE learns the PLAT's Pref64::/n from the
 * RA's PREF64 option (RFC 8781) or by asking its DNS64 for ipv4only.arpa (RFC 7050 §3), starts its
 * CLAT with an address of its own in the /64 (RFC 6877 §6.3), and an IPv4-only application then
 * reaches the IPv4-only host — ICMP Echo and UDP echo (RFC 862) — through CLAT, bearer, PGW, PLAT
 * (the NAT64 behind the APN) and back. Checks: the prefix learned is the one the operator
 * declared (`gateway.nat64Prefix`, the APN's `pref64`), and both exchanges come back intact.
 * Where the APN names its PLAT (`plat:`, in the docker lab tayga behind the PGW's SGi), a lost
 * exchange is that element's failure; otherwise the PGW's (in-process, its own NAT64 stand-in).
 * Over 5GS (`access: 5gs`, ipv6-link.ts) the same on an IPv6 PDU session on a DNN declaring
 * `pref64`: the SMF's RA carries PREF64, the PLAT sits behind the UPF's N6 (in-process: the NAT64
 * stand-in of the UPF's data network), and a lost exchange is the UPF's unless the DNN names its PLAT.
 */
export default defineScenario({
  id: 'terminal/464xlat',
  title: '464XLAT: PREF64 discovery, then an IPv4-only application through the CLAT and the PLAT',
  covers: ['MNO-TERM', 'TRANSITION'],
  tags: ['gtpu', 's5', 'n3', '464xlat', 'nat64', 'user-plane'],
  needs: accessNeeds(['pgw'], ['dns64']),
  fixtures: { access: ipv6Access() },
  uses: ['nat64'],
  params: { discovery: ['ra-pref64', 'rfc7050'] satisfies Discovery[], access: ACCESS as Access[] },
  idOmits: ACCESS_ID_OMITS,
  async run(ctx, { access }) {
    const hosts = ctx.internet();
    const declared = ctx.gateway().nat64Prefix;
    const { name: apnName, policy: apn, at } = linkPolicy(ctx, access, 'xlat');
    ctx.expect(`${at} declares the Pref64 of its PLAT`, {
      expected: declared,
      observed: apn.pref64 ?? 'no pref64 declared',
      ok: apn.pref64 === declared,
    });
    let clat: Clat | undefined;
    let link: Ipv6Link | undefined;
    try {
      link = await openIpv6Link(ctx, access, apnName, {
        imsi: ctx.params.discovery === 'ra-pref64' ? '001010000000081' : '001010000000082',
        subscriber: ctx.params.discovery === 'ra-pref64' ? 24 : 25,
      });
      if (!link) return;
      const plat = apn.plat ?? link.userPlane;
      const { ue, ra } = await slaacHost(ctx, link);
      const learned = ctx.params.discovery === 'ra-pref64' ? fromRa(ra) : await fromDns64(ctx);
      ctx.check(`Pref64 learned (${ctx.params.discovery === 'ra-pref64' ? 'RA PREF64 option' : 'ipv4only.arpa'})`, {
        expected: declared,
        observed: learned.prefix ?? learned.why,
        ok: learned.prefix === declared,
        clause: ctx.params.discovery === 'ra-pref64' ? 'RFC 8781 §4, RFC 6877 §6.1' : 'RFC 7050 §3, RFC 6877 §6.1',
        element: ctx.params.discovery === 'ra-pref64' ? link.router : 'dns64',
      });
      if (!learned.prefix) return;
      clat = new Clat(
        ue,
        { pref64: learned.prefix, address: withInterfaceId(ue.global, randomInterfaceId()) },
        ctx.recorder,
      );
      ctx.log(
        `CLAT ${clat.options.address} → Pref64 ${learned.prefix} (PLAT: ${apn.plat ?? (link.userPlane === 'upf' ? "behind the UPF's N6" : "the PGW's own")}); IPv4 host ${hosts.ipv4Only}`,
      );
      const echo = await clat.ping(hosts.ipv4Only, 0x464, 1, 2000, ctx.signal);
      ctx.check(`IPv4 echo to the IPv4-only host ${hosts.ipv4Only} through CLAT and PLAT`, {
        expected: 'echo reply',
        observed: echo
          ? 'echo reply'
          : `no reply${clat.dropped.length ? ` (CLAT dropped: ${clat.dropped.join('; ')})` : ''}`,
        ok: echo !== undefined,
        clause: 'RFC 6877 §5, RFC 7915 §4.2/§5.2',
        element: plat,
      });
      if (echo) ctx.metric('xlat_rtt', echo.rttMs, 'ms');
      const payload = Buffer.from('v6harness 464xlat');
      const udp = await clat.udpRequest(hosts.ipv4Only, hosts.udpEchoPort, payload, 2000, ctx.signal);
      ctx.check(`IPv4 UDP echo from the IPv4-only host port ${hosts.udpEchoPort}`, {
        expected: payload.toString(),
        observed: udp
          ? udp.data.toString()
          : `no answer${clat.dropped.length ? ` (CLAT dropped: ${clat.dropped.join('; ')})` : ''}`,
        clause: 'RFC 6877 §5, RFC 862',
        element: plat,
      });
    } finally {
      clat?.close();
      await link?.close();
    }
  },
});

function fromRa(ra: RouterAdvertisement | undefined): { prefix?: string; why: string } {
  if (!ra) return { why: 'no RA' };
  const o = ra.options.find((x) => x.type === 'pref64');
  return o && o.type === 'pref64'
    ? { prefix: `${o.prefix}/${o.prefixLength}`, why: '' }
    : { why: 'no PREF64 option in the RA' };
}

/** RFC 7050 §3: the AAAA of ipv4only.arpa at the UE's DNS64 embeds 192.0.0.170/171 under the prefix. */
async function fromDns64(ctx: ScenarioContext): Promise<{ prefix?: string; why: string }> {
  const aaaa = await ask(ctx, 'dns64', 'ipv4only.arpa', 'AAAA');
  for (const r of aaaa.records) {
    const prefix = embeddingPrefix(r.data, '192.0.0.170') ?? embeddingPrefix(r.data, '192.0.0.171');
    if (prefix) return { prefix, why: '' };
  }
  return { why: `no synthesized ipv4only.arpa AAAA (${aaaa.rcode}, ${aaaa.records.length} records)` };
}
