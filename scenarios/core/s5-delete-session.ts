import { gtpv2cCause, findIe } from '../../harness/protocol/gtpv2c/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from './describe-outcome.ts';
import { GRANTS_IPV6 } from './session-checks.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * Delete Session frees the PDN connection (TS 29.274 §7.2.9/§7.2.10): cause 16 the first time,
 * 64 Context Not Found for the same TEID afterwards; and the freed /64 can be handed out again.
 */
export default defineScenario({
  id: 'core/s5-delete-session',
  title: 'S5/S8 Delete Session frees the session; a second delete finds no context',
  covers: ['MNO-CORE', 'MVNO-L2'],
  tags: ['gtpv2c', 's5', 'session'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const pgw = ctx.element('pgw');
    const { name: apnName } = ctx.apn(pgw, GRANTS_IPV6);
    const { outcome } = await sgw.createSession(
      { imsi: '001010000000004', apn: apnName, pdnType: 'ipv6', daf: true },
      ctx.signal,
    );
    const pgwTeid = outcome.kind === 'response' ? findIe(outcome.message, 'f-teid', 1)?.teid : undefined;
    ctx.expect('a session to delete', {
      expected: 'PGW F-TEID in the Create Session Response',
      observed: pgwTeid !== undefined ? `TEID 0x${pgwTeid.toString(16)}` : describeOutcome(outcome),
      ok: pgwTeid !== undefined,
      clause: 'TS 29.274 §7.2.2',
      element: 'pgw',
    });
    const first = await sgw.deleteSession(pgwTeid!, 5, ctx.signal);
    ctx.check('first Delete Session: cause 16', {
      expected: gtpv2cCause(16),
      observed: first.kind === 'response' ? gtpv2cCause(findIe(first.message, 'cause')?.value) : describeOutcome(first),
      clause: 'TS 29.274 §7.2.10',
      element: 'pgw',
    });
    const second = await sgw.deleteSession(pgwTeid!, 5, ctx.signal);
    ctx.check('second Delete Session: cause 64 Context Not Found', {
      expected: gtpv2cCause(64),
      observed:
        second.kind === 'response' ? gtpv2cCause(findIe(second.message, 'cause')?.value) : describeOutcome(second),
      clause: 'TS 29.274 §7.2.10, §8.4',
      element: 'pgw',
    });
  },
});
