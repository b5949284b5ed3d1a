import test from 'ava';
import { executorSchema, type Executor } from '../../../harness/traffic/session-load/index.ts';
import { dispatchLive } from '../../../harness/traffic/session-load/dispatch.ts';
import {
  baseTimeOf,
  integral,
  LiveControl,
  LiveView,
  liveBuffer,
  rateAt,
} from '../../../harness/traffic/session-load/live.ts';
import { arrivals } from '../../../harness/traffic/session-load/arrivals.ts';
import { VirtualClock } from '../../helpers/virtual-clock.ts';

/**
 * Live rate control (issue "Performance, wave 2", item 4) on virtual time: a rate change, a pause
 * and a resume take effect for every thread at the instant they are made; with nothing changed the
 * live dispatcher keeps the executor's own schedule exactly.
 */
type Open = Extract<Executor, { executor: 'constant-arrival-rate' | 'ramping-arrival-rate' }>;
const open = (e: object) => executorSchema.parse(e) as Open;

test('base times are the executor schedule, indexable: the same instants arrivals() yields, Infinity past the last', (t) => {
  for (const e of [
    open({ executor: 'constant-arrival-rate', rate: 30, durationMs: 1000 }),
    open({
      executor: 'ramping-arrival-rate',
      startRate: 10,
      stages: [
        { target: 50, durationMs: 1000 },
        { target: 0, durationMs: 500 },
      ],
    }),
  ]) {
    const all = [...arrivals(e)];
    t.true(all.length > 10);
    all.forEach((x, g) => t.true(Math.abs(baseTimeOf(e, g) - x) < 1e-6, `${e.executor} arrival ${g}`));
    t.is(baseTimeOf(e, all.length), Number.POSITIVE_INFINITY);
    // The integral at an arrival's time counts the arrivals before it.
    all.forEach((x, g) => t.true(Math.abs(integral(e, x) - g) < 1e-6));
  }
  const ramp = open({ executor: 'ramping-arrival-rate', startRate: 0, stages: [{ target: 100, durationMs: 1000 }] });
  t.is(rateAt(ramp, 500), 50 / 1000);
});

/** Runs two threads' shares against one live buffer, making `changes` at their virtual times. */
async function runLive(e: Open, changes: [number, (c: LiveControl) => void][]) {
  const clock = new VirtualClock();
  const buffer = liveBuffer(2);
  const control = new LiveControl(buffer, e, 1, () => clock.now());
  const starts: number[] = [];
  const thread = (index: number) =>
    dispatchLive(
      e,
      { index, of: 2 },
      new LiveView(buffer, index),
      1000,
      async () => {
        starts.push(clock.now());
        await clock.until(clock.now() + 5);
      },
      clock,
    );
  const operator = (async () => {
    for (const [at, change] of changes) {
      await clock.until(at);
      change(control);
    }
  })();
  const [a, b] = await clock.run(Promise.all([thread(0), thread(1), operator]));
  const count = (from: number, to: number) => starts.filter((s) => s >= from && s < to).length;
  return { a, b, control, count, starts };
}

test('with nothing changed, the live dispatcher starts exactly the executor schedule', async (t) => {
  const e = open({ executor: 'constant-arrival-rate', rate: 100, durationMs: 2000 });
  const { a, b, starts, control } = await runLive(e, []);
  t.is(a.started + b.started, 200);
  t.deepEqual(
    starts.sort((x, y) => x - y),
    [...arrivals(e)],
  );
  t.false(control.changed);
});

test('a rate change, a pause and a resume take effect when made, for every thread together', async (t) => {
  const e = open({ executor: 'constant-arrival-rate', rate: 100, durationMs: 2000 });
  const { count, control } = await runLive(e, [
    [500, (c) => c.setRate(400)],
    [1000, (c) => c.pause()],
    [1500, (c) => c.resume()],
  ]);
  t.is(count(0, 500), 50);
  t.is(count(500, 1000), 200);
  t.is(count(1000, 1500), 0);
  t.is(count(1500, 2000), 200);
  t.is(count(2000, 1e9), 0, 'nothing starts after the window');
  t.true(control.changed);
  t.deepEqual(control.rateChanges, [
    [0.5, 400],
    [1, 0],
    [1.5, 400],
  ]);
  t.deepEqual(control.totals(), { started: 450, dropped: 0, setups: 0, completed: 0, failed: 0, inFlight: 0 });
});

test('a pause on a ramp resumes at the rate it was paused at, not jumping ahead by the paused time', async (t) => {
  const e = open({ executor: 'ramping-arrival-rate', startRate: 0, stages: [{ target: 200, durationMs: 2000 }] });
  const { count } = await runLive(e, [
    [1000, (c) => c.pause()],
    [1500, (c) => c.resume()],
  ]);
  // By 1 s the ramp (0 → 100/s) has made 50 arrivals due; after the pause it goes on at 100/s.
  t.is(count(0, 1000), 50);
  t.is(count(1000, 1500), 0);
  t.is(count(1500, 2000), 50);
});

test('rates given to a segment are its own share: the control block holds the global rate', (t) => {
  const e = open({ executor: 'constant-arrival-rate', rate: 100, durationMs: 2000 });
  const buffer = liveBuffer(1);
  const c = new LiveControl(buffer, e, 2, () => 0);
  t.is(c.currentRate(), 50, 'one of two segments is asked for half of 100/s');
  c.setRate(30);
  t.is(c.currentRate(), 30);
  // Global arrival g is due at g / 60 per ms: this segment's 30/s is half of the global 60/s.
  t.true(Math.abs(new LiveView(buffer, 0).dueAt(60, 0) - 1000) < 1e-9);
  t.throws(() => c.setRate(-1), { message: /rate must be ≥ 0/ });
});
