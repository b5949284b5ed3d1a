import { gtpv2cCause, findIe } from '../../harness/protocol/gtpv2c/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';
import { describeOutcome } from './describe-outcome.ts';

/**
 * When the APN's IPv6 pool has no /64 left, the PGW rejects with cause 84 "All dynamic addresses
 * are occupied" (TS 29.274 §8.4) instead of sharing a prefix, and a freed /64 is reused.
 * Needs an APN in the role tinyPool: its IPv6 pool holds few /64s (e.g. a /63 in targets/standins.yaml).
 */
export default defineScenario({
  id: 'core/s5-pool-exhaustion',
  title: 'S5/S8 IPv6 pool exhaustion gives cause 84, never a shared /64',
  covers: ['MNO-CORE'],
  tags: ['gtpv2c', 's5', 'session', 'pool'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const pgw = ctx.element('pgw');
    const { name: apnName, policy: apn } = ctx.apn(pgw, 'tinyPool');
    const poolLength = Number(apn.ipv6Pool.split('/')[1]);
    const capacity = 2 ** (64 - poolLength);
    ctx.expect('the tiny APN pool is small enough to exhaust', {
      expected: '≤ 16 /64s',
      observed: `${capacity} /64s in ${apn.ipv6Pool}`,
      ok: capacity <= 16,
    });
    const teids: number[] = [];
    const prefixes = new Set<string>();
    for (let i = 0; i < capacity; i++) {
      const { outcome } = await sgw.createSession(
        { imsi: `00101000000${String(100 + i).padStart(4, '0')}`, apn: apnName, pdnType: 'ipv6', daf: true },
        ctx.signal,
      );
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      const teid = res && findIe(res, 'f-teid', 1)?.teid;
      if (teid !== undefined) teids.push(teid);
      const v6 = res && findIe(res, 'paa')?.ipv6;
      if (v6) prefixes.add(v6.split(':').slice(0, 4).join(':'));
      if (
        !ctx.check(`session ${i + 1} of ${capacity} accepted`, {
          expected: gtpv2cCause(16),
          observed: res ? gtpv2cCause(findIe(res, 'cause')?.value) : describeOutcome(outcome),
          clause: 'TS 29.274 §8.4',
          element: 'pgw',
        })
      )
        return;
    }
    ctx.check('every session got its own /64', {
      expected: capacity,
      observed: prefixes.size,
      clause: 'TS 23.401 §5.3.1.2.2',
      element: 'pgw',
    });
    const { outcome } = await sgw.createSession(
      { imsi: '001010000009999', apn: apnName, pdnType: 'ipv6', daf: true },
      ctx.signal,
    );
    ctx.check('one more session: cause 84 All dynamic addresses are occupied', {
      expected: gtpv2cCause(84),
      observed:
        outcome.kind === 'response' ? gtpv2cCause(findIe(outcome.message, 'cause')?.value) : describeOutcome(outcome),
      clause: 'TS 29.274 §8.4',
      element: 'pgw',
    });
    await sgw.deleteSession(teids.pop()!, 5, ctx.signal);
    const again = await sgw.createSession(
      { imsi: '001010000009998', apn: apnName, pdnType: 'ipv6', daf: true },
      ctx.signal,
    );
    ctx.check('after a Delete Session the freed /64 is handed out again', {
      expected: gtpv2cCause(16),
      observed:
        again.outcome.kind === 'response'
          ? gtpv2cCause(findIe(again.outcome.message, 'cause')?.value)
          : describeOutcome(again.outcome),
      clause: 'TS 29.274 §7.2.10',
      element: 'pgw',
    });
  },
});
