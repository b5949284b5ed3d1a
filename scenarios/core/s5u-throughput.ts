import { defineScenario } from '../../harness/runner/scenario.ts';
import { throughputScenario, type ThroughputParams } from './throughput-run.ts';
import { openUserPlaneLoad } from './user-plane-load.ts';

/**
 * Throughput of the PGW's user plane (RFC 2544 §26.1, with the search and the reporting of RFC
 * 8219 §7.1): the highest rate of G-PDUs into S5/S8-U, spread over one flow per UE, at which every
 * packet comes back — up the tunnel, out of SGi to the IPv6-only host's echo service (RFC 862),
 * down the tunnel. Latency (round trip, RFC 2544 §26.2) is reported at the throughput rate. Trial
 * length and repetitions are parameters: RFC 2544 §24 asks for 60 s trials and RFC 8219 §7.1 for
 * 20 repetitions; a nightly run chooses shorter ones and says so in its suite file.
 * The echo host is the harness's, not the DUT's: where the harness reaches it directly, its own
 * zero-loss rate is measured first (echo-host-ceiling.ts) and bounds the search, and a host that
 * cannot echo even the lowest rate fails the scenario naming the harness, never the PGW
 * (throughput-run.ts).
 */
export default defineScenario<ThroughputParams>({
  id: 'core/s5u-throughput',
  title: 'S5/S8-U zero-loss throughput through the PGW and back (RFC 2544 / RFC 8219 binary search)',
  covers: ['MNO-CORE', 'IOT-QOS'],
  tags: ['gtpu', 's5', 'sgi', 'user-plane', 'load', 'throughput'],
  needs: ['pgw'],
  params: { innerLength: [64, 1500] },
  timeout: 300,
  run: (ctx) =>
    throughputScenario(ctx, ctx.params, (ues) => openUserPlaneLoad(ctx, ues, '0010130'), {
      element: 'pgw',
      through: 'PGW',
      iface: 'S5/S8-U',
      metricIface: 's5u',
    }),
});
