import { absent, present } from '../../harness/runner/match.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from './describe-outcome.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * GTPv2-C path management on S5/S8: the PGW answers an Echo Request (TS 29.274 §7.1.1) with an
 * Echo Response (§7.1.2) that carries the request's sequence number (§7.6), no TEID (§5.5.1) and
 * its Recovery IE (Table 7.1.2-1).
 */
export default defineScenario({
  id: 'core/s5-echo',
  title: 'S5/S8 Echo Request is answered with an Echo Response',
  covers: ['MNO-CORE', 'MVNO-L2'],
  tags: ['gtpv2c', 's5', 'path-management'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const out = await sgw.echo(ctx.signal);
    ctx.expect('PGW answers the Echo Request', {
      expected: 'echo-response',
      observed: describeOutcome(out),
      ok: out.kind === 'response',
      clause: 'TS 29.274 §7.1.1, §7.6',
      element: 'pgw',
    });
    if (out.kind !== 'response') return;
    ctx.checkMatch(
      'Echo Response header',
      { type: 'echo-response', sequence: out.sequence, teid: absent },
      out.message,
      { clause: 'TS 29.274 §5.5.1, §7.6', element: 'pgw' },
    );
    ctx.checkMatch(
      'Echo Response carries the Recovery IE',
      { ie: 'recovery', instance: 0, restartCounter: present },
      out.message.ies.find((ie) => ie.ie === 'recovery'),
      { clause: 'TS 29.274 §7.1.2 Table 7.1.2-1', element: 'pgw' },
    );
    ctx.check('answered without retransmission', {
      expected: 1,
      observed: out.attempts,
      level: 'SHOULD',
      clause: 'TS 29.274 §7.6',
      element: 'pgw',
    });
    ctx.metric('echo_rtt', out.rttMs, 'ms');
  },
});
