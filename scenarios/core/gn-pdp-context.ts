import { findIe, gtpv1cCause } from '../../harness/protocol/gtpv1c/index.ts';
import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { where } from '../../harness/runner/match.ts';
import { expectPdpAccepted } from './gn-accepted.ts';
import { pickGnApn } from './gn-apn.ts';
import { judgeRouterAdvertisement } from './router-advertisement-checks.ts';
import { sgsnGn } from '../../harness/runner/fixtures.ts';

/**
 * An IPv6 or IPv4v6 PDP context over Gn (TS 29.060 §7.3.1/§7.3.2), used as a UE would, on the APN
 * the target declares for that PDP type: the GGSN grants the End User Address (§7.7.27: 0x57 IPv6,
 * 0x8D IPv4v6), answers the UE's Router Solicitation with an RA judged as the PGW's is on S5/S8
 * (router-advertisement-checks.ts: the /64 inside the declared pool, A=1, L=0, flags, MTU, RDNSS),
 * forwards ICMPv6 echo, and deletes the context (§7.3.5/§7.3.6).
 */
const EUA = { ipv6: 0x57, ipv4v6: 0x8d } as const;

export default defineScenario({
  id: 'core/gn-pdp-context',
  title: 'Gn PDP context: EUA, Router Advertisement, ICMPv6 echo, delete',
  covers: ['MNO-CORE', 'MVNO-L2'],
  tags: ['gtpv1c', 'gn', 'session', 'user-plane'],
  needs: ['ggsn'],
  fixtures: { sgsn: sgsnGn() },
  params: { pdp: ['ipv6', 'ipv4v6'] },
  timeout: 30,
  async run(ctx, { sgsn }) {
    const ggsn = ctx.element('ggsn');
    const [apnName, apn] = pickGnApn(ctx, ggsn, ctx.params.pdp);
    const { outcome, context } = await sgsn.createPdpContext(
      { imsi: '001010000000010', apn: apnName, pdpType: ctx.params.pdp },
      ctx.signal,
    );
    const res = outcome.kind === 'response' ? outcome.message : undefined;
    expectPdpAccepted(ctx, outcome, 'TS 29.060 §7.3.2, §7.7.1');
    if (outcome.kind === 'response') ctx.metric('pdp_setup', outcome.rttMs, 'ms');
    const eua = findIe(res!, 'end-user-address');
    ctx.checkMatch(
      'End User Address',
      {
        pdpType: EUA[ctx.params.pdp],
        ipv6: where('an IPv6 address', (v) => typeof v === 'string'),
        ...(ctx.params.pdp === 'ipv4v6' ? { ipv4: where('an IPv4 address', (v) => typeof v === 'string') } : {}),
      },
      eua,
      { clause: 'TS 29.060 §7.7.27', element: 'ggsn' },
    );
    if (!eua?.ipv6 || !context) return;
    // TS 29.061 §11.2.1.3.2a: the EUA's IPv6 address carries the interface identifier for the UE's link-local address.
    const ue = new UeIpv6Host(sgsn.bearer(context), withInterfaceId('::', eua.ipv6), ctx.recorder);
    const got = await ue.solicitRouter({ intervalMs: 2000, maxSolicitations: 3 }, ctx.signal);
    ctx.expect('GGSN answers the Router Solicitation', {
      expected: 'a Router Advertisement',
      observed: got ? `RA after ${got.solicitations} RS` : 'no RA after 3 RS (RFC 4861 §6.3.7)',
      ok: got !== undefined,
      clause: 'TS 29.061 §11.2.1.3.4, RFC 4861 §6.3.7',
      element: 'ggsn',
    });
    judgeRouterAdvertisement(ctx, got!, { element: 'ggsn', ueAddress: eua.ipv6, apn, source: 'EUA' });
    if (apn.probeIpv6) {
      // Up to three echo requests, one second apart, as ping -c 3 would: one reply is enough.
      let echo: Awaited<ReturnType<typeof ue.ping>>;
      for (let seq = 1; seq <= 3 && !echo; seq++) echo = await ue.ping(apn.probeIpv6, 0x6c, seq, 1000, ctx.signal);
      ctx.check(`ICMPv6 echo from ${ue.global ?? ue.linkLocal} to ${apn.probeIpv6}`, {
        expected: 'echo reply',
        observed: echo ? `echo reply from ${echo.reply.src}` : 'no reply to 3 echo requests',
        ok: echo !== undefined && echo.reply.src === apn.probeIpv6,
        clause: 'RFC 4443 §4.2',
        element: 'ggsn',
      });
      if (echo) ctx.metric('ping_rtt', echo.rttMs, 'ms');
    } else {
      ctx.log(`APN ${apnName} declares no probeIpv6: echo through the user plane not tried`);
    }
    const del = await sgsn.deletePdpContext(context, ctx.signal);
    ctx.check('Delete PDP Context: cause 128', {
      expected: gtpv1cCause(128),
      observed: del.kind === 'response' ? gtpv1cCause(findIe(del.message, 'cause')?.value) : del.description,
      clause: 'TS 29.060 §7.3.6',
      element: 'ggsn',
    });
  },
});
