import { defineScenario } from '../../harness/runner/scenario.ts';
import { executorOf, peerOf, runLoadScenario } from '../core/session-load-kit.ts';
import { dnnOf } from './n4-kit.ts';

/**
 * N4 session load as an SMF would offer it to a UPF (TS 29.244 §7.5.2/§7.5.6; issue 20: session
 * load over N4 alone): after one Association Setup per thread, the Session Establishment of an
 * IPv6 PDU session (its /64 from the DNN's pool, the N3 F-TEID chosen by the UPF) then Session
 * Deletion, at the requested arrival rate over worker threads (suite params as the other loads:
 * executor, rate, duration, threads, minRateRatio; `apn` names the DNN).
 */
export default defineScenario({
  id: 'core5g/n4-session-load',
  title: 'N4 session load: PFCP Session Establishment/Deletion of PDU sessions at a requested arrival rate',
  covers: ['MNO-CORE', 'MEASURE'],
  tags: ['pfcp', 'n4', '5gs', 'upf', 'load', 'perf'],
  needs: ['upf'],
  timeout: 60,
  async run(ctx) {
    const upf = ctx.element('upf');
    const dnn = executorOf(ctx.params).apn ?? 'internet';
    const policy = dnnOf(ctx, upf, dnn);
    await runLoadScenario(ctx, { interface: 'n4', upf: peerOf(upf), dnn, ipv6Pool: policy.ipv6Pool }, upf);
  },
});
