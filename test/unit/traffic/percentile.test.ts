import test from 'ava';
import fc from 'fast-check';
import * as hdr from 'hdr-histogram-js';
import { median, percentile, percentiles } from '../../../harness/traffic/percentile.ts';

/** The one percentile helper for exact values: nearest rank, agreeing with hdr-histogram-js. */
test('nearest rank: the smallest value with at least p % at or below it; 0 for none', (t) => {
  const q = percentiles([15, 20, 35, 40, 50]);
  t.deepEqual([q(0), q(5), q(30), q(40), q(50), q(100)], [15, 15, 20, 20, 35, 50]);
  t.is(percentile([], 99), 0);
  t.is(percentile([7], 1), 7);
});

test('agrees with hdr-histogram-js getValueAtPercentile on integers it stores exactly (fast-check)', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 300 }),
      fc.integer({ min: 1, max: 100 }),
      (xs, p) => {
        const h = hdr.build({
          lowestDiscernibleValue: 1,
          highestTrackableValue: 1_000_000,
          numberOfSignificantValueDigits: 5,
        });
        for (const x of xs) h.recordValue(x);
        t.is(percentile(xs, p), h.getValueAtPercentile(p));
        h.destroy();
      },
    ),
  );
});

test('median of odd and even counts', (t) => {
  t.is(median([3, 1, 2]), 2);
  t.is(median([4, 1, 2, 3]), 2.5);
  t.true(Number.isNaN(median([])));
});
