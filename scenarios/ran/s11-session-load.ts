import { defineScenario } from '../../harness/runner/scenario.ts';
import { GRANTS_IPV6, namedApn } from '../core/session-checks.ts';
import { executorOf, peerOf, runLoadScenario } from '../core/session-load-kit.ts';

/**
 * Attach/detach load on S11 as an MME would offer it (TS 23.401 §5.3.2.1, §5.3.8.2): Create
 * Session through the SGW to the PGW, then Delete Session, at the requested arrival rate over
 * worker threads. The setup latency is the SGW's and the PGW's together.
 */
export default defineScenario({
  id: 'ran/s11-session-load',
  title: 'S11 session load: Create/Delete Session through the SGW at a requested arrival rate',
  covers: ['MNO-RAN', 'MNO-CORE'],
  tags: ['gtpv2c', 's11', 'load', 'perf'],
  needs: ['pgw', 'sgw'],
  timeout: 60,
  async run(ctx) {
    const sgw = ctx.element('sgw');
    const pgw = ctx.element('pgw');
    const named = executorOf(ctx.params).apn;
    if (named !== undefined) namedApn(ctx, pgw.name, pgw.apns, named);
    const apn = named ?? ctx.apn(pgw, GRANTS_IPV6).name;
    await runLoadScenario(ctx, { interface: 's11', sgw: peerOf(sgw), pgwAddress: pgw.address, apn }, sgw);
  },
});
