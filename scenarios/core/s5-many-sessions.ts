import { gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { Address6 } from 'ip-address';
import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { openIpv6Sessions, closeIpv6Sessions } from './ipv6-sessions.ts';
import { GRANTS_IPV6 } from './session-checks.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * Many IPv6 PDN connections at once (IOT-GLOBAL: a global /64 per device): every Create Session
 * is accepted with its own /64 from the APN pool, every UE gets its RA on its own bearer, and all
 * are deleted. Requests go out `inFlight` at a time, as a loaded SGW would send them.
 */
export default defineScenario({
  id: 'core/s5-many-sessions',
  title: 'S5/S8 concurrent IPv6 sessions, each with its own /64 and RA',
  covers: ['MNO-CORE', 'IOT-GLOBAL'],
  tags: ['gtpv2c', 'gtpu', 's5', 'load'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  params: { sessions: [1000] },
  timeout: 60,
  async run(ctx, { sgw }) {
    const pgw = ctx.element('pgw');
    const { name: apnName, policy: apn } = ctx.apn(pgw, GRANTS_IPV6);
    const dst = ctx.declared(
      apn.probeIpv6,
      `elements.${pgw.name}.apns.${apnName}.probeIpv6`,
      'an address that answers ICMPv6 echo through the APN',
    );
    const n = ctx.params.sessions;
    const inFlight = 100;
    const t0 = performance.now();
    const { sessions, causes } = await openIpv6Sessions(sgw, apnName, n, '0010120', ctx.signal, inFlight);
    const made = sessions.map((s) => ({
      pgwTeid: s.pgwTeid,
      prefix: withInterfaceId(s.paaIpv6, '::'),
      ue: new UeIpv6Host(sgw.bearer(s.sgwTeid, s.pgwU), withInterfaceId('::', s.paaIpv6)),
    }));
    ctx.metric('session_setup_rate', (made.length / (performance.now() - t0)) * 1000, 'sessions/s');
    ctx.check(`all ${n} Create Session Requests accepted`, {
      expected: { [gtpv2cCause(16)]: n },
      observed: Object.fromEntries(causes),
      clause: 'TS 29.274 §7.2.2',
      element: 'pgw',
    });
    const distinct = new Set(made.map((m) => m.prefix));
    ctx.check('every session has its own /64', {
      expected: made.length,
      observed: distinct.size,
      clause: 'TS 23.401 §5.3.1.2.2',
      element: 'pgw',
    });
    const pool = new Address6(apn.ipv6Pool);
    ctx.check('every /64 is from the APN pool', {
      expected: 0,
      observed: made.filter((m) => !new Address6(`${m.prefix}/64`).isInSubnet(pool)).length,
      clause: 'operator policy',
      element: 'pgw',
    });
    let withRa = 0;
    for (let i = 0; i < made.length; i += inFlight) {
      const got = await Promise.all(
        made
          .slice(i, i + inFlight)
          .map((m) => m.ue.solicitRouter({ intervalMs: 2000, maxSolicitations: 2 }, ctx.signal)),
      );
      withRa += got.filter((g, k) =>
        g?.ra.options.some((o) => o.type === 'prefix-information' && o.prefix === made[i + k].prefix),
      ).length;
    }
    ctx.check('every UE gets an RA with its own prefix on its own bearer', {
      expected: made.length,
      observed: withRa,
      clause: 'TS 29.061 §11.2.1.3.4',
      element: 'pgw',
    });
    // Then every UE passes traffic: an ICMPv6 echo from its SLAAC address through its own tunnel.
    let answered = 0;
    for (let i = 0; i < made.length; i += inFlight) {
      const got = await Promise.all(
        made.slice(i, i + inFlight).map((m, k) => m.ue.ping(dst, 0x600, i + k, 2000, ctx.signal)),
      );
      answered += got.filter((g) => g !== undefined).length;
    }
    ctx.check("every UE's echo through its own tunnel is answered", {
      expected: made.length,
      observed: answered,
      clause: 'TS 29.061 §11.2.1.3',
      element: 'pgw',
    });
    const deleted = await closeIpv6Sessions(sgw, made, ctx.signal, inFlight);
    ctx.check('every session deleted with cause 16', {
      expected: made.length,
      observed: deleted,
      clause: 'TS 29.274 §7.2.10',
      element: 'pgw',
    });
  },
});
