import { SgwS5Driver } from '../../harness/drivers/sgw/index.ts';
import type { ElementControl } from '../../harness/lab/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { beforeFault, controlOf, deleteSessions, EchoPathMonitor } from './fault-kit.ts';

/**
 * A PGW that is frozen (its cloud host stalls: cgroup freezer) or cut off its network (a
 * partition between the SGW side and the PGW) for a few seconds, then comes back without a
 * restart (CLOUD-RESILIENCE, CLOUD-QUALITY). Measured: detection and recovery times. Nothing was
 * restarted, so the restart counter stays and every session survives.
 */
const SESSIONS = 10;
const OUTAGE_MS = 2000;

async function outage(ctx: ScenarioContext, kind: 'freeze' | 'partition'): Promise<void> {
  const control: ElementControl = controlOf(ctx, 'pgw');
  const sgw = new SgwS5Driver({ pgw: ctx.element('pgw'), recorder: ctx.recorder });
  const monitor = new EchoPathMonitor(ctx, 'pgw');
  await sgw.open();
  await monitor.open();
  try {
    const { before, teids } = await beforeFault(
      ctx,
      monitor,
      sgw,
      SESSIONS,
      kind === 'freeze' ? 1010000000300 : 1010000000400,
    );
    const t0 = performance.now();
    await (kind === 'freeze' ? control.pause() : control.disconnect());
    ctx.fact(
      'fault',
      kind === 'freeze'
        ? `container frozen for ${OUTAGE_MS} ms`
        : `container disconnected from the core network for ${OUTAGE_MS} ms`,
    );
    const detect = await monitor.down(t0, OUTAGE_MS + 3000, ctx.signal);
    ctx.check('the path failure is detected (3 Echos unanswered)', {
      expected: 'detected',
      observed: detect === undefined ? 'never' : `after ${detect.toFixed(0)} ms`,
      ok: detect !== undefined,
      clause: 'TS 23.007 §20',
      element: 'lab',
    });
    const wait = OUTAGE_MS - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t1 = performance.now();
    await (kind === 'freeze' ? control.unpause() : control.reconnect());
    const up = await monitor.up(t1, 10_000, ctx.signal);
    ctx.expect('the PGW answers Echo again', {
      expected: 'Echo answered',
      observed: up ? `after ${up.ms.toFixed(0)} ms` : 'no answer within 10 s',
      ok: !!up,
      element: 'pgw',
    });
    ctx.check('the restart counter is unchanged (nothing restarted)', {
      expected: before!.restartCounter,
      observed: up!.restartCounter,
      clause: 'TS 23.007 §18',
      element: 'pgw',
    });
    const kept = await deleteSessions(ctx, sgw, teids);
    ctx.check('every session survived the outage', {
      expected: { held: SESSIONS, lost: 0 },
      observed: { held: kept.held, lost: kept.lost + kept.other },
      clause: 'TS 23.007 §20 (a path failure alone does not delete contexts here)',
      element: 'pgw',
    });
    if (detect !== undefined) ctx.metric('detect_ms', detect, 'ms');
    ctx.metric('recover_ms', up!.ms, 'ms');
    ctx.metric('sessions_lost', kept.lost + kept.other, 'sessions');
  } finally {
    await monitor.close();
    await sgw.close();
  }
}

const common = {
  covers: ['CLOUD-RESILIENCE', 'CLOUD-QUALITY', 'CLOUD-DEMARCATION'],
  tags: ['cloud', 'fault'],
  needs: ['pgw'],
  timeout: 60,
};

export const freeze = defineScenario({
  ...common,
  id: 'cloud/pgw-freeze',
  title: 'PGW frozen for 2 s: detected, recovered, sessions kept',
  run: (ctx) => outage(ctx, 'freeze'),
});
export const partition = defineScenario({
  ...common,
  id: 'cloud/pgw-partition',
  title: 'PGW cut off its network for 2 s: detected, recovered, sessions kept',
  run: (ctx) => outage(ctx, 'partition'),
});
