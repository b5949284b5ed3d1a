import test from 'ava';
import { Nat64StandinTester } from '../../../harness/cli/bench/nat64-standin-tester.ts';
import { STATE_TABLE_LIMIT } from '../../../harness/elements/nat64/nat64.ts';
import {
  connectionEstablishmentRate,
  connectionTableCapacity,
  connectionTearDownRate,
  tupleAt,
  type PhaseResult,
  type StatefulNatTester,
} from '../../../harness/traffic/stateful-natxy.ts';

/** A model DUT: establishes at most `maxRate` new connections/s, holds at most `table`, loses state above `stateRate`. */
function modelDut(o: { maxRate: number; table: number; stateRate?: number }): StatefulNatTester & { clears: number } {
  let held = 0;
  let lastRate = 0;
  return {
    clears: 0,
    async establish(n: number, rate: number): Promise<PhaseResult> {
      lastRate = rate;
      held = Math.min(n, o.table);
      return { sent: n, received: rate <= o.maxRate ? n : Math.floor((n * o.maxRate) / rate), offeredPps: rate };
    },
    async validate(): Promise<PhaseResult> {
      const kept = o.stateRate !== undefined && lastRate > o.stateRate ? Math.floor(held / 2) : held;
      return { sent: held === o.table ? Math.max(held, 0) : held, received: kept };
    },
    async clear() {
      this.clears++;
      held = 0;
    },
  };
}

test('tupleAt enumerates every port pair once, in a scrambled order', (t) => {
  const src = { first: 1024, last: 1123 };
  const dst = { first: 80, last: 89 };
  const seen = new Set<string>();
  const first: number[] = [];
  for (let k = 0; k < 1000; k++) {
    const { srcPort, dstPort } = tupleAt(k, src, dst);
    t.true(srcPort >= 1024 && srcPort <= 1123 && dstPort >= 80 && dstPort <= 89);
    seen.add(`${srcPort}/${dstPort}`);
    if (k < 5) first.push(srcPort);
  }
  t.is(seen.size, 1000);
  t.notDeepEqual(first, [1024, 1025, 1026, 1027, 1028]);
});

test('connection establishment rate: the binary search finds the model DUT rate, emptying the table before each step', async (t) => {
  const dut = modelDut({ maxRate: 30_000, table: 1e6 });
  const r = await connectionEstablishmentRate(dut, {
    connections: 1000,
    minPps: 1000,
    maxPps: 100_000,
    validationPps: 1000,
  });
  t.true(r.throughputPps <= 30_000 && r.throughputPps >= 0.98 * 30_000, `${r.throughputPps}`);
  t.is(dut.clears, r.trials.length);
  t.is(r.stateLost, 0);
});

test('connection establishment rate: frames that pass without leaving state fail the step (phase 2 validation)', async (t) => {
  const dut = modelDut({ maxRate: 1e9, table: 1e6, stateRate: 20_000 });
  const r = await connectionEstablishmentRate(dut, {
    connections: 1000,
    minPps: 1000,
    maxPps: 100_000,
    validationPps: 1000,
  });
  t.true(r.throughputPps <= 20_000 && r.throughputPps >= 0.98 * 20_000, `${r.throughputPps}`);
  t.true(r.stateLost > 0);
});

test('table capacity: doubling then bisection lands on the table size; "at least" when the tester runs out first', async (t) => {
  const small = await connectionTableCapacity(modelDut({ maxRate: 1e9, table: 3000 }), {
    startConnections: 256,
    maxConnections: 1 << 20,
    ratePps: 10_000,
    validationPps: 10_000,
  });
  t.true(small.capacity <= 3000 && small.capacity >= 2970, `${small.capacity}`);
  t.false(small.atLeast);
  const big = await connectionTableCapacity(modelDut({ maxRate: 1e9, table: 1e9 }), {
    startConnections: 256,
    maxConnections: 4096,
    ratePps: 10_000,
    validationPps: 10_000,
  });
  t.deepEqual([big.capacity, big.atLeast], [4096, true]);
});

test('the NAT64 stand-in: capacity is its binding table, and the state-table-limit fault shows only in phase 2', async (t) => {
  const opts = { startConnections: 500, maxConnections: 8192, ratePps: 1e6, validationPps: 1e6, resolution: 0 };
  const good = await connectionTableCapacity(new Nat64StandinTester(), opts);
  t.is(good.capacity, 4096);
  const capped = new Nat64StandinTester('2001:db8:64::/96', new Set(['nat64-state-table-limit']));
  const broken = await connectionTableCapacity(capped, opts);
  t.is(broken.capacity, STATE_TABLE_LIMIT);
  // Phase 1 alone would not have seen it: every frame of the failing steps reached the Responder.
  const failing = broken.steps.filter((s) => !s.passed);
  t.true(failing.length > 0);
  t.is(capped.nat.counters.untranslatable, 0);
});

test('the NAT64 stand-in: tear-down empties the table (nothing answers afterwards) and gives a rate', async (t) => {
  const tester = new Nat64StandinTester();
  const r = await connectionTearDownRate(tester, { connections: 4000, ratePps: 200_000, validationPps: 200_000 });
  t.is(r.answeredAfter, 0);
  t.is(tester.nat.bindings, 0);
  t.true(r.fullMs >= 0 && r.emptyMs >= 0);
  // After the tear-down, new connections work again: phase 1 through, phase 2 answered, each at its port.
  const p1 = await tester.establish(2000, 100_000);
  t.deepEqual([p1.sent, p1.received], [2000, 2000]);
  const p2 = await tester.validate(100_000);
  t.deepEqual([p2.sent, p2.received], [2000, 2000]);
});
