import { sourceAddressFor } from '../../harness/drivers/common/source-address.ts';
import { synthesize } from '../../harness/protocol/dns/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { DnsQueryRate, type DnsTrial } from '../../harness/traffic/index.ts';
import { searchRequestRate } from './rate-kit.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

type Params = {
  /** The declared minimum query rate, queries/s (the operator's figure for this resolver). */
  minQps?: number;
  /** The search's range, queries/s. */
  floorQps?: number;
  maxQps?: number;
  trialMs?: number;
  /** RFC 8219 §9.2: a query answered later than this failed. */
  timeoutMs?: number;
  repetitions?: number;
  lossTolerance?: number;
};

/**
 * DNS64 query rate over IPv6 (MNO-BACKEND "DNS servers ... transaction rates and latencies";
 * RFC 8219 §9, dns64perf-style): AAAA queries for names that have only an A record — each name
 * new (`<n>.` under the target's A-only wildcard), so nothing comes from cache and every answer is
 * synthesized — offered at a rate for a trial, counting the answers that arrive within the timeout
 * holding exactly the wildcard's A under the declared Pref64 (RFC 6147 §5.1.6, RFC 6052 §2.2).
 * The rate is the highest at which every query is so answered (RFC 8219 §7.1 binary search over
 * trials); latency percentiles are those of the trial at that rate. Checks: the rate is at least
 * the declared minimum, and no answer was anything but the expected synthesis.
 */
export default defineScenario<Params>({
  id: 'backend/dns64-query-rate',
  title: 'DNS64 query rate and latency over IPv6, every answer synthesized (RFC 8219 §9)',
  covers: ['MNO-BACKEND', 'MNO-GATEWAY'],
  tags: ['dns64', 'rfc8219', 'performance', 'load'],
  needs: ['dns64'],
  timeout: 120,
  async run(ctx) {
    const p = {
      minQps: 500,
      floorQps: 50,
      maxQps: 20_000,
      trialMs: 500,
      timeoutMs: 1000,
      repetitions: 1,
      lossTolerance: 0,
      ...ctx.params,
    };
    const el = ctx.element('dns64');
    const { nat64Prefix, names } = ctx.gateway();
    const { name: zone, ipv4 } = names.aOnlyWildcard;
    const expected = ipv6Text(synthesize(nat64Prefix, ipv4));
    // Toward a real resolver, never more than the target's limits allow (CLOUD-HARM).
    const maxQps = Math.min(p.maxQps, el.sendLimit?.perSecond ?? Infinity);
    const tester = new DnsQueryRate({
      server: { address: el.address, port: el.port },
      localAddress: await sourceAddressFor(el.address),
      zone,
      expected,
      timeoutMs: p.timeoutMs,
      recorder: ctx.recorder,
      recordFirst: 20,
    });
    await tester.open();
    let firstInvalid: DnsTrial['firstInvalid'];
    try {
      const { rate, result, verdicts } = await searchRequestRate(ctx, {
        floor: p.floorQps,
        max: maxQps,
        lossTolerance: p.lossTolerance,
        repetitions: p.repetitions,
        metric: 'dns64_query_rate',
        unit: 'queries/s',
        latencyPrefix: 'dns64',
        what: 'q',
        trial: async (rate) => {
          const t = await tester.trial(rate, p.trialMs, ctx.signal);
          firstInvalid ??= t.firstInvalid;
          return t;
        },
      });
      ctx.check(`query rate with every AAAA synthesized within ${p.timeoutMs} ms`, {
        expected: `≥ ${p.minQps} queries/s`,
        observed:
          rate > 0
            ? `${rate} queries/s`
            : `none (at ${Math.min(p.floorQps, maxQps)} queries/s ${((result.lossAtMinimum ?? 1) * 100).toFixed(1)} % of queries failed)`,
        ok: rate >= p.minQps,
        clause: 'RFC 8219 §9 (declared minimum)',
        element: 'dns64',
      });
      const wrong = Object.entries(verdicts).filter(([k]) => k !== 'synthesized' && k !== 'late' && k !== 'unmatched');
      ctx.check(`every answer is ${ipv4} synthesized under ${nat64Prefix} (${expected})`, {
        expected: { synthesized: verdicts.synthesized ?? 0 },
        observed: wrong.length
          ? {
              ...Object.fromEntries(wrong),
              synthesized: verdicts.synthesized ?? 0,
              ...(firstInvalid ? { first: `${firstInvalid.name}: ${firstInvalid.verdict}` } : {}),
            }
          : { synthesized: verdicts.synthesized ?? 0 },
        ok: wrong.length === 0 && (verdicts.synthesized ?? 0) > 0,
        clause: 'RFC 6147 §5.1.6, RFC 6052 §2.2',
        element: 'dns64',
      });
    } finally {
      await tester.close();
    }
  },
});
