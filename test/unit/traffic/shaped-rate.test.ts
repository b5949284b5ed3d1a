import test from 'ava';
import { tbfArgs } from '../../../harness/lab/netns/veth-path.ts';
import { expectedGoodputMbps, tcpOverIpv6, udpOverIpv6, within } from '../../../harness/traffic/shaped-rate.ts';

test('tbf at 100 Mbit/s: TCP goodput over IPv6 with timestamps, MTU 1500, is 100 × 1428 / 1514', (t) => {
  const shape = tcpOverIpv6(1500, true);
  t.deepEqual(shape, { payload: 1428, headers: 86 });
  t.is(expectedGoodputMbps(100, shape).toFixed(3), '94.320');
  t.deepEqual(tcpOverIpv6(1500, false), { payload: 1440, headers: 74 });
});

test('tbf at 100 Mbit/s: 1400-octet UDP payloads over IPv6 give 100 × 1400 / 1462', (t) => {
  t.is(expectedGoodputMbps(100, udpOverIpv6(1400)).toFixed(3), '95.759');
});

test('within: ±3 % passes at the edge and fails beyond it, and in both directions', (t) => {
  t.true(within(97.1, 100, 0.03).ok);
  t.true(within(102.9, 100, 0.03).ok);
  t.false(within(96.9, 100, 0.03).ok);
  t.false(within(103.1, 100, 0.03).ok);
  // A path shaped to 50 Mbit/s is never taken for 100.
  t.false(within(expectedGoodputMbps(50, udpOverIpv6(1400)), expectedGoodputMbps(100, udpOverIpv6(1400)), 0.03).ok);
  t.false(within(Number.NaN, 100, 0.1).ok);
  t.false(within(100, 0, 0.1).ok);
});

test('tbf burst: at least rate/HZ for HZ = 100 (tc-tbf(8)), never below 10 frames', (t) => {
  t.deepEqual(tbfArgs('x', 100, 1500), [
    'qdisc',
    'replace',
    'dev',
    'x',
    'root',
    'tbf',
    'rate',
    '100mbit',
    'burst',
    '125000',
    'latency',
    '50ms',
  ]);
  t.is(tbfArgs('x', 1, 1500)[9], String(10 * 1514));
});
