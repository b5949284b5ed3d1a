import test from 'ava';
import { judgeShaped, ladderRates, rungOk, type ShapedRuns } from '../../../harness/traffic/accuracy.ts';

/** The accuracy judgement's pure parts (test/perf/accuracy.test.ts runs them on a real path). */
const path = {
  senderNs: 'a',
  receiverNs: 'b',
  senderAddress: '::1',
  receiverAddress: '::2',
  mtu: 1500,
  tcpTimestamps: true,
};
// tbf 200 Mbit/s lets through 188.64 Mbit/s of TCP goodput and 191.51 of UDP (shaped-rate.ts).
const runs = (udp: number[], udpStarved: number[]): ShapedRuns => ({ tcp: [188.6], udp, udpStarved });

test('ladder: 100 Mbit/s and ¼, ½ of the capability, rounded, none within 20 % of a lower one', (t) => {
  t.deepEqual(ladderRates(2000), [100, 500, 1000]);
  t.deepEqual(ladderRates(233), [60, 100]);
  t.deepEqual(ladderRates(30), [10, 20, 100]);
});

test('a rung above the anchor whose UDP runs were all starved by the kernel and came out low is not judged', (t) => {
  const j = judgeShaped(runs([170, 175], [1200, 40]), 200, path, { anchor: false });
  t.false(j.udp.agreement.ok);
  t.regex(j.udp.notJudged ?? '', /kernel dropped 1200\/40 datagrams/);
  t.true(rungOk({ shaperMbps: 200, runs: runs([170, 175], [1200, 40]), ...j }));
});

test('the excuse never covers the anchor, a run without drops, or a figure above the known rate', (t) => {
  const anchor = judgeShaped(runs([170], [1200]), 200, path, { anchor: true });
  t.is(anchor.udp.notJudged, undefined);
  t.false(rungOk({ shaperMbps: 200, runs: runs([170], [1200]), ...anchor }));
  const clean = judgeShaped(runs([170, 175], [1200, 0]), 200, path, { anchor: false });
  t.is(clean.udp.notJudged, undefined);
  t.false(rungOk({ shaperMbps: 200, runs: runs([170, 175], [1200, 0]), ...clean }));
  const high = judgeShaped(runs([210], [5]), 200, path, { anchor: false });
  t.is(high.udp.notJudged, undefined);
  t.false(high.udp.agreement.ok);
});

test('met within 3 % of what the shaper lets through; a meter 10 % off is not', (t) => {
  t.true(judgeShaped(runs([191.5], [0]), 200, path).udp.agreement.ok);
  t.true(judgeShaped(runs([191.5], [0]), 200, path).tcp.agreement.ok);
  t.false(judgeShaped(runs([191.5 * 1.1], [0]), 200, path).udp.agreement.ok);
  t.false(judgeShaped(runs([191.5], [0]), 220, path).udp.agreement.ok);
});
