import { mmeS11 } from '../../harness/runner/fixtures.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { throughputScenario, type ThroughputParams } from '../core/throughput-run.ts';
import { openS1uLoad } from './s1u-load.ts';

/**
 * Throughput of the user plane behind S1-U (RFC 2544 §26.1, the search and reporting of RFC 8219
 * §7.1), as the RAN offers it: UEs attached over S11 (s1u-load.ts), G-PDUs into the SGW's S1-U,
 * relayed by the SGW on S5/S8-U to the PGW, out of SGi to the IPv6-only host's echo (RFC 862) and
 * back down both tunnels (TS 23.401 §4.4.3.3; TS 29.281 §5.1). The highest rate at which every
 * packet comes back, with the round trip at that rate — the SGW's and the PGW's together, judged
 * on the SGW (the element the eNodeB and MME face). The echo host's own ceiling is measured first
 * where the lab runs the hosts (throughput-run.ts), so neither element is blamed for the harness's
 * limit. Parameters as core/s5u-throughput.
 */
export default defineScenario<ThroughputParams, { mme: ReturnType<typeof mmeS11> }>({
  id: 'ran/s1u-throughput',
  title: 'S1-U zero-loss throughput through the SGW and PGW and back (RFC 2544 / RFC 8219 binary search)',
  covers: ['MNO-RAN', 'MNO-CORE'],
  tags: ['gtpu', 's11', 's1u', 'sgi', 'user-plane', 'load', 'throughput'],
  needs: ['pgw', 'sgw'],
  params: { innerLength: [64, 1500] },
  fixtures: { mme: mmeS11() },
  timeout: 300,
  run: (ctx, { mme }) =>
    throughputScenario(ctx, ctx.params, (ues) => openS1uLoad(ctx, mme, ues, '0010140'), {
      element: 'sgw',
      through: 'SGW and PGW',
      iface: 'S1-U',
      metricIface: 's1u',
    }),
});
