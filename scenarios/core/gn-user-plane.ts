import { findIe } from '../../harness/protocol/gtpv1c/index.ts';
import { splitByFamily, UeIpv4Host, UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import type { ApnPolicy, InternetHosts } from '../../harness/lab/index.ts';
import { fixture, type Fixture } from '../../harness/runner/fixture.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { sgsnGn } from '../../harness/runner/fixtures.ts';
import { expectPdpAccepted } from './gn-accepted.ts';
import { pickGnApn } from './gn-apn.ts';

/**
 * The user plane of IPv4v6 PDP contexts through the GGSN (TS 29.061 §11.2.1.1, §11.2.1.3): the
 * MS's IPv4 packets go out of Gi (ICMP echo to the target's IPv4-only host is answered; toward an
 * address nothing answers for, the Gi side says Destination Unreachable, RFC 1812 §5.2.7.1), and
 * traffic between two MSs is routed through the GGSN for both families on their global addresses
 * (TS 23.060 §9.3), while link-local destinations are never forwarded (RFC 4291 §2.5.6): each
 * PDP context is its own point-to-point link.
 */
const NOBODY = '192.0.2.99';

/** The hosts behind Gi and an APN that grants IPv4v6, or a skip naming what the target lacks. */
const gnDeclarations = (): Fixture<{ hosts: InternetHosts; apn: [string, ApnPolicy] }> =>
  fixture({
    title: 'the declarations of the Gn user plane',
    async open(ctx) {
      let hosts: InternetHosts;
      try {
        hosts = ctx.internet();
      } catch {
        return ctx.skip('the target declares no hosts behind Gi (internet: ipv4Only …)');
      }
      return { hosts, apn: pickGnApn(ctx, ctx.element('ggsn'), 'ipv4v6') };
    },
    close: async () => {},
  });

export default defineScenario({
  id: 'core/gn-user-plane',
  title: 'Gn user plane: IPv4 out of Gi, MS to MS for both families, link-local never forwarded',
  covers: ['MNO-CORE', 'MVNO-L2', 'MNO-INTERNET'],
  tags: ['gtpu', 'gn', 'user-plane', 'ipv4'],
  needs: ['ggsn'],
  // What the target must declare, checked before any SGSN opens (a gap skips, naming the key);
  // then one SGSN per MS: each PDP context's downlink arrives at its own GTP-U endpoint.
  fixtures: { declared: gnDeclarations(), sgsnA: sgsnGn(), sgsnB: sgsnGn() },
  timeout: 30,
  async run(ctx, { declared, sgsnA, sgsnB }) {
    const { hosts } = declared;
    const [apnName] = declared.apn;
    const drivers = [sgsnA, sgsnB];
    const ms = [];
    for (const [i, sgsn] of drivers.entries()) {
      const { outcome, context } = await sgsn.createPdpContext(
        { imsi: `00101000000096${i}`, apn: apnName, pdpType: 'ipv4v6' },
        ctx.signal,
      );
      expectPdpAccepted(ctx, outcome);
      const eua = outcome.kind === 'response' ? findIe(outcome.message, 'end-user-address') : undefined;
      ctx.expect(`MS ${i + 1}: End User Address with both families`, {
        expected: 'an IPv4 and an IPv6 address',
        observed: `${eua?.ipv4 ?? 'no IPv4'}, ${eua?.ipv6 ?? 'no IPv6'}`,
        ok: eua?.ipv4 !== undefined && eua.ipv6 !== undefined,
        clause: 'TS 29.060 §7.7.27',
        element: 'ggsn',
      });
      const bearer = splitByFamily(sgsn.bearer(context!));
      ms.push({
        sgsn,
        context: context!,
        v4: new UeIpv4Host(bearer.ipv4, eua!.ipv4!, ctx.recorder),
        v6: new UeIpv6Host(bearer.ipv6, withInterfaceId('::', eua!.ipv6!), ctx.recorder),
      });
    }
    const [a, b] = ms;
    for (const [i, m] of ms.entries()) {
      const echo = await m.v4.ping(hosts!.ipv4Only, 0x96, i + 1, 2000, ctx.signal);
      ctx.check(`MS ${i + 1}: ICMP echo to the IPv4-only host ${hosts!.ipv4Only}`, {
        expected: 'echo reply',
        observed: echo ? 'echo reply' : 'no reply',
        ok: echo !== undefined,
        clause: 'TS 29.061 §11.2.1.1, RFC 792',
        element: 'ggsn',
      });
      if (echo) ctx.metric('ipv4_internet_rtt', echo.rttMs, 'ms');
    }
    const unreachable = new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => {
        remove();
        resolve(undefined);
      }, 2000);
      const remove = a.v4.tap((_raw, p) => {
        if (p.payload.type !== 'icmp' || p.payload.message.type !== 'destination-unreachable') return false;
        clearTimeout(timer);
        remove();
        resolve(`Destination Unreachable code ${p.payload.message.code} from ${p.src}`);
        return true;
      });
    });
    await a.v4.ping(NOBODY, 0x97, 1, 100, ctx.signal);
    const icmpError = await unreachable;
    ctx.check(`ICMP echo to ${NOBODY}, which nothing answers for: Destination Unreachable`, {
      expected: 'Destination Unreachable',
      observed: icmpError ?? 'nothing',
      ok: icmpError !== undefined,
      level: 'SHOULD',
      clause: 'RFC 1812 §5.2.7.1, RFC 792',
      element: 'ggsn',
    });
    const v4 = await a.v4.ping(b.v4.address, 0x98, 1, 2000, ctx.signal);
    ctx.check(`IPv4 echo from MS 1 to MS 2 (${b.v4.address}) is routed and answered`, {
      expected: 'echo reply from MS 2',
      observed: v4 ? 'echo reply from MS 2' : `no reply (MS 2 answered ${b.v4.echoRequestsAnswered} echo request(s))`,
      clause: 'TS 23.060 §9.3, TS 29.061 §11.2.1.1',
      element: 'ggsn',
    });
    await Promise.all(ms.map((m) => m.v6.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal)));
    ctx.expect('both MSs have a global IPv6 address', {
      expected: 'two global addresses',
      observed: `${a.v6.global ?? 'none'}, ${b.v6.global ?? 'none'}`,
      ok: a.v6.global !== undefined && b.v6.global !== undefined,
      clause: 'RFC 4862 §5.5.3',
      element: 'ggsn',
    });
    const v6 = await a.v6.ping(b.v6.global!, 0x99, 1, 2000, ctx.signal);
    ctx.check(`IPv6 echo from MS 1 to MS 2's global ${b.v6.global} is routed and answered`, {
      expected: 'echo reply from MS 2',
      observed: v6 ? `echo reply from ${v6.reply.src}` : 'no reply',
      ok: v6 !== undefined && v6.reply.src === b.v6.global,
      clause: 'TS 23.060 §9.3, TS 29.061 §11.2.1.3',
      element: 'ggsn',
    });
    const global = a.v6.global;
    a.v6.global = undefined;
    const answeredBefore = b.v6.echoRequestsAnswered;
    const ll = await a.v6.ping(b.v6.linkLocal, 0x99, 2, 800, ctx.signal);
    a.v6.global = global;
    // A global echo after it on the same tunnels: once its reply is back, a forwarded link-local
    // echo has reached MS 2 too, however slowly the machine runs (MS 2 answers every echo it gets).
    const after = await a.v6.ping(b.v6.global!, 0x99, 3, 2000, ctx.signal);
    const linkLocalReached = b.v6.echoRequestsAnswered - answeredBefore - (after ? 1 : 0);
    ctx.check(`echo to MS 2's link-local ${b.v6.linkLocal} is not forwarded`, {
      expected: 'not forwarded',
      observed: ll || linkLocalReached > 0 ? 'forwarded to MS 2' : 'not forwarded',
      clause: 'RFC 4291 §2.5.6, TS 29.061 §11.2.1.3',
      element: 'ggsn',
    });
    for (const m of ms) await m.sgsn.deletePdpContext(m.context, ctx.signal);
  },
});
