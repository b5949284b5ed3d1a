import { PgwCSxDriver } from '../../harness/drivers/pgw-c/index.ts';
import { findIe, type PfcpMessage } from '../../harness/protocol/pfcp/index.ts';
import type { Outcome } from '../../harness/drivers/common/gtp-transactions.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { controlOf } from './fault-kit.ts';
import { GRANTS_IPV6 } from '../core/session-checks.ts';

/**
 * The user-plane function alone fails (CLOUD-CORE-FUNCTIONS: switching, apart from control): the
 * PGW-U's container crashes and comes back while the harness plays the PGW-C. Detection by PFCP
 * Heartbeat (TS 29.244 §6.2.2; 3 unanswered, T1 200 ms), recovery at the first answer, which must
 * carry a new Recovery Time Stamp (TS 23.007 §19A: how the CP function learns the UP function lost
 * its sessions); the sessions are gone (Session Deletion: cause 65) and come back after a new
 * Association Setup.
 */
const SESSIONS = 5;
const causeOf = (o: Outcome<PfcpMessage>) => (o.kind === 'response' ? findIe(o.message, 'cause')?.value : undefined);
const stampOf = (o: Outcome<PfcpMessage>) =>
  o.kind === 'response' ? findIe(o.message, 'recovery-time-stamp')?.seconds : undefined;

export default defineScenario({
  id: 'cloud/pgw-u-crash-restart',
  title: 'PGW-U crash and restart: detected by PFCP Heartbeat, new Recovery Time Stamp, sessions re-established',
  covers: ['CLOUD-RESILIENCE', 'CLOUD-CORE-FUNCTIONS'],
  tags: ['cloud', 'fault', 'pfcp'],
  needs: ['pgw-u'],
  timeout: 90,
  async run(ctx) {
    const control = controlOf(ctx, 'pgw-u');
    const networkInstance = ctx.apn(ctx.element('pgw-u'), GRANTS_IPV6).name;
    const cp = new PgwCSxDriver({
      pgwU: ctx.element('pgw-u'),
      recorder: ctx.recorder,
      timers: { t3ResponseMs: 200, n3Requests: 0 },
    });
    const local = await cp.open();
    try {
      ctx.expect('Association Setup accepted before the fault', {
        expected: 1,
        observed: causeOf(await cp.associate(ctx.signal)),
        clause: 'TS 29.244 §7.4.4.2',
        element: 'pgw-u',
      });
      const before = stampOf(await cp.heartbeat(ctx.signal));
      const establish = async (base: number) => {
        const seids: bigint[] = [];
        for (let i = 0; i < SESSIONS; i++) {
          const { outcome } = await cp.establish(
            {
              uePrefix: `2001:db8:600:${(base + i).toString(16)}::`,
              networkInstance,
              downlink: { teid: 0x0e000000 + base + i, address: local.address },
            },
            ctx.signal,
          );
          const seid =
            causeOf(outcome) === 1 && outcome.kind === 'response' ? findIe(outcome.message, 'f-seid')?.seid : undefined;
          if (seid !== undefined) seids.push(seid);
        }
        return seids;
      };
      const seids = await establish(0x100);
      ctx.expect(`${SESSIONS} sessions before the fault`, {
        expected: SESSIONS,
        observed: seids.length,
        element: 'pgw-u',
      });
      const t0 = performance.now();
      await control.kill();
      ctx.fact('fault', 'PGW-U container killed (SIGKILL) by the lab');
      let misses = 0;
      let detect: number | undefined;
      while (detect === undefined && performance.now() - t0 < 10_000) {
        misses = (await cp.heartbeat(ctx.signal)).kind === 'response' ? 0 : misses + 1;
        if (misses >= 3) detect = performance.now() - t0;
        else await new Promise((r) => setTimeout(r, 100));
      }
      ctx.check('the PGW-U failure is detected (3 Heartbeats unanswered)', {
        expected: 'detected',
        observed: detect === undefined ? 'never' : `after ${detect.toFixed(0)} ms`,
        ok: detect !== undefined,
        clause: 'TS 29.244 §6.2.2, TS 23.007 §20',
        element: 'lab',
      });
      // The Recovery Time Stamp counts seconds: the restart must fall in another second.
      await new Promise((r) => setTimeout(r, Math.max(0, 1100 - (performance.now() - t0))));
      const t1 = performance.now();
      await control.start();
      let after: number | undefined;
      let recover: number | undefined;
      while (recover === undefined && performance.now() - t1 < 30_000) {
        const hb = await cp.heartbeat(ctx.signal);
        if (hb.kind === 'response') {
          recover = performance.now() - t1;
          after = stampOf(hb);
        } else await new Promise((r) => setTimeout(r, 100));
      }
      ctx.expect('the PGW-U answers Heartbeat again', {
        expected: 'Heartbeat Response',
        observed: recover === undefined ? 'no answer within 30 s' : `after ${recover.toFixed(0)} ms`,
        ok: recover !== undefined,
        element: 'pgw-u',
      });
      ctx.check('the restarted PGW-U reports a new Recovery Time Stamp', {
        expected: `≠ ${before}`,
        observed: after,
        ok: after !== undefined && after !== before,
        clause: 'TS 23.007 §19A, TS 29.244 §6.2.2',
        element: 'pgw-u',
      });
      let lost = 0;
      for (const seid of seids) if (causeOf(await cp.delete(seid, ctx.signal)) === 65) lost++;
      ctx.check('pre-crash sessions are gone (Session Deletion: context not found)', {
        expected: SESSIONS,
        observed: lost,
        clause: 'TS 23.007 §19A, TS 29.244 §7.2.2.4.2',
        element: 'pgw-u',
      });
      ctx.expect('a new Association Setup is accepted', {
        expected: 1,
        observed: causeOf(await cp.associate(ctx.signal)),
        clause: 'TS 29.244 §6.2.6',
        element: 'pgw-u',
      });
      const again = await establish(0x200);
      ctx.check('sessions are re-established after recovery', {
        expected: SESSIONS,
        observed: again.length,
        element: 'pgw-u',
      });
      if (detect !== undefined) ctx.metric('detect_ms', detect, 'ms');
      ctx.metric('recover_ms', recover!, 'ms');
      ctx.metric('sessions_lost', lost, 'sessions');
      ctx.metric('sessions_reestablished', again.length, 'sessions');
      for (const seid of again) await cp.delete(seid, ctx.signal);
    } finally {
      await cp.close();
    }
  },
});
