import { sourceAddressFor } from '../../harness/drivers/common/source-address.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { RadiusTransactionRate } from '../../harness/traffic/index.ts';
import { searchRequestRate } from './rate-kit.ts';
import { aaaSecret } from './radius-kit.ts';

type Params = {
  /** The declared minimum transaction rate, Accounting-Requests/s (the operator's figure for this AAA). */
  minTps?: number;
  /** The search's range, requests/s. */
  floorTps?: number;
  maxTps?: number;
  trialMs?: number;
  /** A transaction answered later than this failed (a NAS would already have retransmitted, RFC 2866 §2). */
  timeoutMs?: number;
  repetitions?: number;
  lossTolerance?: number;
};

/**
 * AAA accounting transaction rate with IPv6 attributes (MNO-BACKEND "AAA ... transaction rates";
 * TS 29.061 §16): Accounting-Request Interim-Update, each for a new session with its own /64
 * (Framed-IPv6-Prefix, Delegated-IPv6-Prefix, NAS-IPv6-Address, Framed-Interface-Id: RFC 3162,
 * RFC 4818), offered at a rate for a trial; a transaction counts when its Accounting-Response
 * comes within the timeout with a valid Response Authenticator (RFC 2866 §3). The rate is the
 * highest at which every transaction so completes (RFC 2544 §26.1 throughput, found by RFC 8219
 * §7.1's binary search); latency percentiles are those of the trial at that rate. Checks: the rate
 * is at least the declared minimum, and no answer had a bad authenticator.
 */
export default defineScenario<Params>({
  id: 'backend/radius-transaction-rate',
  title: 'AAA accounting transaction rate and latency with IPv6 attributes (RFC 2866, RFC 3162)',
  covers: ['MNO-BACKEND'],
  tags: ['radius', 'aaa', 'performance', 'load'],
  needs: ['aaa'],
  timeout: 120,
  async run(ctx) {
    const p = {
      minTps: 500,
      floorTps: 50,
      maxTps: 50_000,
      trialMs: 500,
      timeoutMs: 1000,
      repetitions: 1,
      lossTolerance: 0,
      ...ctx.params,
    };
    const aaa = ctx.element('aaa');
    const secret = aaaSecret(ctx, aaa);
    // Toward a real AAA, never more than the target's limits allow (CLOUD-HARM).
    const maxTps = Math.min(p.maxTps, aaa.sendLimit?.perSecond ?? Infinity);
    const local = await sourceAddressFor(aaa.address);
    const meter = new RadiusTransactionRate({
      server: { address: aaa.address, port: aaa.port },
      localAddress: local,
      secret,
      nasAddress: local.includes(':') ? local : '2001:db8::1',
      prefixBase: '2001:db8:3f00::/48',
      apn: 'internet',
      timeoutMs: p.timeoutMs,
      recorder: ctx.recorder,
    });
    await meter.open();
    try {
      const { rate, result, verdicts } = await searchRequestRate(ctx, {
        floor: p.floorTps,
        max: maxTps,
        lossTolerance: p.lossTolerance,
        repetitions: p.repetitions,
        metric: 'radius_transaction_rate',
        unit: 'transactions/s',
        latencyPrefix: 'radius',
        what: 'requests',
        trial: (rate) => meter.trial(rate, p.trialMs, ctx.signal),
      });
      ctx.check(`transaction rate with every Accounting-Request answered within ${p.timeoutMs} ms`, {
        expected: `≥ ${p.minTps} transactions/s`,
        observed:
          rate > 0
            ? `${rate} transactions/s`
            : `none (at ${Math.min(p.floorTps, maxTps)} requests/s ${((result.lossAtMinimum ?? 1) * 100).toFixed(1)} % were not answered in time)`,
        ok: rate >= p.minTps,
        clause: 'RFC 2544 §26.1, RFC 8219 §7.1 (declared minimum)',
        element: 'aaa',
      });
      ctx.check('every Accounting-Response carries a valid Response Authenticator', {
        expected: { 'bad-authenticator': 0 },
        observed: { 'bad-authenticator': verdicts['bad-authenticator'] ?? 0, answered: verdicts.answered ?? 0 },
        ok: !verdicts['bad-authenticator'] && (verdicts.answered ?? 0) > 0,
        clause: 'RFC 2866 §3',
        element: 'aaa',
      });
    } finally {
      await meter.close();
    }
  },
});
