import { recoveryOf } from '../../harness/drivers/sgw/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';
import { describeOutcome } from './describe-outcome.ts';

/**
 * The restart counter in the Recovery IE (TS 29.274 §8.5) stays the same while the PGW runs and
 * goes up by one when it restarts (TS 23.007 §18), so that peers can tell a restart from a path
 * failure. The restart half runs where the lab can restart the element (stand-ins, containers).
 */
export default defineScenario({
  id: 'core/s5-echo-restart-counter',
  title: 'S5/S8 restart counter is stable, and increments on restart',
  covers: ['MNO-CORE', 'MVNO-L2'],
  tags: ['gtpv2c', 's5', 'path-management'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const pgw = ctx.element('pgw');
    const counter = async (step: string): Promise<number> => {
      const out = await sgw.echo(ctx.signal);
      const value = out.kind === 'response' ? recoveryOf(out.message) : undefined;
      ctx.expect(`${step}: Echo Response with a Recovery IE`, {
        expected: 'echo-response with Recovery',
        observed:
          out.kind === 'response' && value === undefined
            ? `${describeOutcome(out)} without Recovery IE`
            : describeOutcome(out),
        ok: value !== undefined,
        clause: 'TS 29.274 §7.1.2 Table 7.1.2-1',
        element: 'pgw',
      });
      return value!;
    };
    const first = await counter('first echo');
    const second = await counter('second echo');
    ctx.check('restart counter unchanged without a restart', {
      expected: first,
      observed: second,
      clause: 'TS 23.007 §18',
      element: 'pgw',
    });
    if (!pgw.restart) {
      ctx.log('the lab cannot restart this element (external DUT): restart half not run');
      return;
    }
    await pgw.restart();
    const after = await counter('echo after restart');
    ctx.check('restart counter incremented by one after a restart', {
      expected: (second + 1) & 0xff,
      observed: after,
      clause: 'TS 23.007 §18',
      element: 'pgw',
    });
  },
});
