import test from 'ava';
import { failures, runAgainstFaulty, runScenarios } from '../helpers/run-scenarios.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { targetSchema } from '../../harness/lab/index.ts';
import { Pgw } from '../../harness/elements/pgw/index.ts';

/**
 * The session-load scenarios (issue "Performance") pass against the correct stand-ins at a modest
 * rate and fail, naming the element and the cause, against stand-ins that are silent, reject under
 * load or answer late. Rates are modest and judged as ratios, and the tests run one at a time: the
 * CI machine is loaded.
 */
const modest = { rate: 100, duration: '2s' };
const params = (id: string, extra: Record<string, string | number> = {}) => ({ [id]: { ...modest, ...extra } });

test.serial('every session-load scenario passes against the correct stand-ins', async (t) => {
  const ids = [
    'core/s5-session-load',
    'ran/s11-session-load',
    'core/gn-session-load',
    'core/sxb-session-load',
    'core5g/n4-session-load',
  ];
  for (const id of ids) {
    const [r] = await runScenarios(id, loadTarget().target, 30, params(id));
    t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
    const metric = (n: string) => r.metrics.find((m) => m.name === n)?.value;
    t.is(metric('session_rate_requested'), 100);
    t.true(metric('session_rate_achieved')! >= 90, `${id}: ${metric('session_rate_achieved')}`);
    t.is(metric('failures'), 0);
    for (const p of ['setup_latency_p50', 'setup_latency_p95', 'setup_latency_p99'])
      t.true(metric(p)! > 0, `${id} ${p}`);
  }
});

test.serial('a PGW that never answers session messages: S5/S8 load fails with every setup timed out', async (t) => {
  const [r] = await runAgainstFaulty(
    'pgw',
    'core/s5-session-load',
    ['silent-sessions'],
    30,
    params('core/s5-session-load'),
  );
  t.is(r.status, 'failed');
  t.is(r.element, 'pgw');
  const f = failures(r);
  t.regex(
    f[0],
    /^sessions\/s achieved ≥ 90 % of requested: expected "≥ 90 sessions\/s \(90 % of 100 requested\)", observed "0 sessions\/s \(0 of 200 set up; 0 arrivals dropped/,
  );
  t.is(f[1], 'no session setup or release failed at pgw: expected {}, observed {"Create Session: timeout":200}');
});

test.serial(
  'a PGW that answers 250 ms late carries fewer sessions/s than requested when in-flight is capped: arrivals dropped, no failure',
  async (t) => {
    const [r] = await runAgainstFaulty(
      'pgw',
      'core/s5-session-load',
      ['slow-sessions'],
      30,
      params('core/s5-session-load', { maxInFlight: 10 }),
    );
    t.is(r.status, 'failed');
    t.is(r.element, 'pgw');
    const bad = r.checks.filter((c) => !c.ok);
    t.deepEqual(
      bad.map((c) => c.name),
      ['sessions/s achieved ≥ 90 % of requested'],
    );
    // 10 cycles in flight of 2 × 250 ms each: about 20 setups/s of the 100 asked for.
    const achieved = r.metrics.find((m) => m.name === 'session_rate_achieved')!.value;
    t.true(achieved < 50, String(achieved));
    t.true(r.metrics.find((m) => m.name === 'dropped')!.value > 100);
    t.true(r.metrics.find((m) => m.name === 'setup_latency_p50')!.value >= 250);
  },
);

test.serial('a silent SGW: S11 attach load fails with timeouts, naming the SGW', async (t) => {
  const [r] = await runAgainstFaulty('sgw', 'ran/s11-session-load', ['silent'], 30, params('ran/s11-session-load'));
  t.is(r.status, 'failed');
  t.is(r.element, 'sgw');
  t.true(
    failures(r).includes(
      'no session setup or release failed at sgw: expected {}, observed {"Create Session: timeout":200}',
    ),
    failures(r).join('\n'),
  );
});

test.serial('a GGSN whose overload control trips at 100/s rejects PDP contexts at 300/s with cause 199', async (t) => {
  const [r] = await runAgainstFaulty(
    'ggsn',
    'core/gn-session-load',
    ['low-overload-threshold'],
    30,
    params('core/gn-session-load', { rate: 300 }),
  );
  t.is(r.status, 'failed');
  t.is(r.element, 'ggsn');
  const check = r.checks.find((c) => c.name === 'no session setup or release failed at ggsn')!;
  t.false(check.ok);
  const observed = check.observed as Record<string, number>;
  t.deepEqual(Object.keys(observed), ['Create PDP Context: cause 199 (0xC7) No resources available']);
  t.true(observed['Create PDP Context: cause 199 (0xC7) No resources available'] > 100, JSON.stringify(observed));
});

test.serial('a silent PGW-U: Sxb load fails with every Session Establishment timed out', async (t) => {
  const [r] = await runAgainstFaulty('pgw-u', 'core/sxb-session-load', ['silent'], 30, params('core/sxb-session-load'));
  t.is(r.status, 'failed');
  t.is(r.element, 'pgw-u');
  t.true(
    failures(r).includes(
      'no session setup or release failed at pgw-u: expected {}, observed {"Session Establishment: timeout":200}',
    ),
    failures(r).join('\n'),
  );
});

test.serial(
  'the N4 session load passes against the UPF stand-in and names a silent UPF with its timeouts',
  async (t) => {
    const id = 'core5g/n4-session-load';
    const [ok] = await runAgainstFaulty('upf', id, [], 30, params(id));
    t.is(ok.status, 'passed', `${failures(ok).join('; ')} ${ok.error ?? ''}`);
    t.is(ok.metrics.find((m) => m.name === 'failures')?.value, 0);
    const [r] = await runAgainstFaulty('upf', id, ['silent'], 30, params(id));
    t.is(r.status, 'failed');
    t.is(r.element, 'upf');
    t.true(
      failures(r).includes(
        'no session setup or release failed at upf: expected {}, observed {"Session Establishment: timeout":200}',
      ),
      failures(r).join('\n'),
    );
  },
);

test.serial(
  "toward an external PGW the load keeps the target's message ceiling: a gentle default rate passes, a rate beyond it is refused with the fix",
  async (t) => {
    const pgw = new Pgw({
      address: '::1',
      restartCounter: 1,
      faults: [],
      apns: {
        internet: {
          pdnTypes: 'ipv6',
          singleAddressBearersOnly: false,
          prefer: 'ipv6',
          ipv6Pool: '2001:db8:100::/40',
          ipv4Pool: '198.51.100.0/24',
          dnsIpv6: [],
          dnsIpv4: [],
          mtu: 1400,
        },
      },
    });
    await pgw.start();
    try {
      const target = targetSchema.parse({
        name: 'external pgw',
        provider: 'external',
        limits: { messagesPerSecond: 50 },
        elements: {
          pgw: {
            kind: 'external',
            address: '::1',
            port: pgw.endpoint.port,
            apns: { internet: { pdnTypes: 'ipv6', ipv6Pool: '2001:db8:100::/40' } },
          },
        },
      });
      const [gentle] = await runScenarios('core/s5-session-load', target, 30, {
        'core/s5-session-load': { duration: '2s' },
      });
      t.is(gentle.status, 'passed', failures(gentle).join('\n') + (gentle.error ?? ''));
      // Two messages per cycle, 80 % of 50 messages/s.
      t.is(gentle.metrics.find((m) => m.name === 'session_rate_requested')?.value, 20);
      const [greedy] = await runScenarios('core/s5-session-load', target, 30, {
        'core/s5-session-load': { rate: 100, duration: '2s' },
      });
      t.is(greedy.status, 'failed');
      t.deepEqual(failures(greedy), [
        'the target\'s message ceiling toward pgw carries the requested load: expected "≥ 200 messages/s (two per cycle)", observed "50 messages/s (raise limits.messagesPerSecond in the target)"',
      ]);
    } finally {
      await pgw.stop();
    }
  },
);
