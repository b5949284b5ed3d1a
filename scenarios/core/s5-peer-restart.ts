import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { findIe, gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from './describe-outcome.ts';
import { GRANTS_IPV6, ipv6Session } from './session-checks.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * Peer restart (TS 23.007 §18; TS 29.274 §7.1.1, §8.5): the SGW comes back with its restart
 * counter bumped and says so in an Echo Request's Recovery IE. The PGW must release the PDN
 * connections the SGW had: a G-PDU on the old S5/S8-U tunnel gets an Error Indication (TS 29.281
 * §7.3.1) and a Delete Session for the old TEID gets Context Not Found (cause 64).
 */
export default defineScenario({
  id: 'core/s5-peer-restart',
  title: 'SGW restart (Recovery bumped): the PGW releases the old PDN connections',
  covers: ['MNO-CORE', 'MVNO-L2'],
  tags: ['gtpv2c', 's5', 'path-management', 'restoration'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const session = await ipv6Session(ctx, sgw, '001010000000051', ctx.apn(ctx.element('pgw'), GRANTS_IPV6).name);
    const ue = new UeIpv6Host(session.bearer, withInterfaceId('::', session.ueAddress), ctx.recorder);
    const ra = await ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
    ctx.expect('the session carries traffic before the restart (RA received)', {
      expected: 'RA',
      observed: ra ? 'RA' : 'no RA',
      ok: ra !== undefined,
      element: 'pgw',
    });
    const before = sgw.restartCounter;
    const after = sgw.simulateRestart();
    const echo = await sgw.echo(ctx.signal);
    ctx.expect(`Echo Response to the restarted SGW (Recovery ${before} → ${after})`, {
      expected: 'echo-response',
      observed: echo.kind === 'response' ? echo.message.type : describeOutcome(echo),
      element: 'pgw',
      clause: 'TS 29.274 §7.1.2',
    });
    // Wait for whichever comes first, the Error Indication or the echo reply (a survived tunnel),
    // up to 3 s: an event, not a fixed window a loaded machine can miss.
    const since = sgw.userPlane.signalling.length;
    const stop = new AbortController();
    const either = AbortSignal.any([ctx.signal, stop.signal]);
    const [ei, ping] = await Promise.all([
      sgw.userPlane.waitForSignalling('error-indication', since, 3000, either).finally(() => stop.abort()),
      ue.ping(ra!.packet.src, 0x51, 1, 3000, either).finally(() => stop.abort()),
    ]);
    ctx.check('a G-PDU on the old S5/S8-U tunnel gets an Error Indication', {
      expected: 'Error Indication',
      observed: ei ? 'Error Indication' : ping ? 'forwarded (the tunnel survived the peer restart)' : 'nothing',
      ok: ei !== undefined,
      clause: 'TS 23.007 §18, TS 29.281 §7.3.1',
      element: 'pgw',
    });
    const del = await sgw.deleteSession(session.pgwTeid!, 5, ctx.signal);
    const res = del.kind === 'response' ? del.message : undefined;
    ctx.check('Delete Session for the pre-restart TEID: Context Not Found', {
      expected: gtpv2cCause(64),
      observed: res ? gtpv2cCause(findIe(res, 'cause')?.value) : describeOutcome(del),
      clause: 'TS 23.007 §18, TS 29.274 §7.2.10',
      element: 'pgw',
    });
  },
});
