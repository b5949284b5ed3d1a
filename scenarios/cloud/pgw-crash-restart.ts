import { SgwS5Driver } from '../../harness/drivers/sgw/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { beforeFault, controlOf, createSessions, deleteSessions, EchoPathMonitor } from './fault-kit.ts';

/**
 * A PGW (control and user plane of one core function) crashes on the cloud it runs on and comes
 * back (CLOUD-RESILIENCE, CLOUD-CORE-FUNCTIONS). Measured: time to detect (Echo path failure,
 * TS 23.007 §20), time to recover (first Echo answered after the restart), sessions lost and
 * re-established. A restarted PGW must say so: its Recovery restart counter goes up (TS 23.007
 * §18, kept in non-volatile memory), or peers keep sessions that no longer exist.
 */
const SESSIONS = 20;

export default defineScenario({
  id: 'cloud/pgw-crash-restart',
  title: 'PGW crash and restart: detected, recovered, restart counter bumped, sessions re-established',
  covers: ['CLOUD-RESILIENCE', 'CLOUD-CORE-FUNCTIONS', 'CLOUD-DEMARCATION'],
  tags: ['cloud', 'fault', 'restoration'],
  needs: ['pgw'],
  timeout: 90,
  async run(ctx) {
    const control = controlOf(ctx, 'pgw');
    const sgw = new SgwS5Driver({ pgw: ctx.element('pgw'), recorder: ctx.recorder });
    const monitor = new EchoPathMonitor(ctx, 'pgw');
    await sgw.open();
    await monitor.open();
    try {
      const { before, teids } = await beforeFault(ctx, monitor, sgw, SESSIONS, 1010000000100);
      const t0 = performance.now();
      await control.kill();
      ctx.fact('fault', 'container killed (SIGKILL) by the lab');
      const detect = await monitor.down(t0, 10_000, ctx.signal);
      ctx.check('the path failure is detected (3 Echos unanswered)', {
        expected: 'detected',
        observed: detect === undefined ? 'the PGW still answers after being killed' : `after ${detect.toFixed(0)} ms`,
        ok: detect !== undefined,
        clause: 'TS 23.007 §20',
        element: 'lab',
      });
      const t1 = performance.now();
      await control.start();
      const up = await monitor.up(t1, 30_000, ctx.signal);
      ctx.expect('the PGW answers Echo again after its restart', {
        expected: 'Echo answered',
        observed: up ? `after ${up.ms.toFixed(0)} ms` : 'no answer within 30 s',
        ok: !!up,
        clause: 'TS 23.007 §20',
        element: 'pgw',
      });
      ctx.check('the restarted PGW reports a new restart counter', {
        expected: `≠ ${before!.restartCounter}`,
        observed: up!.restartCounter,
        ok: up!.restartCounter !== before!.restartCounter,
        clause: 'TS 23.007 §18 (restart counter in non-volatile memory, incremented at restart)',
        element: 'pgw',
      });
      const gone = await deleteSessions(ctx, sgw, teids);
      ctx.check('pre-crash sessions are gone (Delete Session: Context Not Found)', {
        expected: { lost: SESSIONS, held: 0 },
        observed: { lost: gone.lost, held: gone.held },
        clause: 'TS 23.007 §18, TS 29.274 §7.2.10',
        element: 'pgw',
      });
      const again = await createSessions(ctx, sgw, SESSIONS, 1010000000200);
      ctx.check('sessions are re-established after recovery', {
        expected: SESSIONS,
        observed: again.teids.length,
        clause: 'TS 23.007 §18',
        element: 'pgw',
      });
      if (detect !== undefined) ctx.metric('detect_ms', detect, 'ms');
      ctx.metric('recover_ms', up!.ms, 'ms');
      ctx.metric('sessions_lost', gone.lost + gone.other, 'sessions');
      ctx.metric('sessions_reestablished', again.teids.length, 'sessions');
      await deleteSessions(ctx, sgw, again.teids);
    } finally {
      await monitor.close();
      await sgw.close();
    }
  },
});
