import {
  connectionEstablishmentRate,
  connectionTableCapacity,
  connectionTearDownRate,
} from '../../traffic/stateful-natxy.ts';
import { line, rate } from './measure.ts';
import { Nat64StandinTester } from './nat64-standin-tester.ts';

/**
 * `bench nat64`: the RFC 9693 figures of the in-process NAT64 stand-in (stateful, RFC 6146) — the
 * maximum connection establishment rate (each step 4,000 new connections, validated by phase 2),
 * the tear-down rate and the connection table capacity — beside the baseline of the same run: the
 * rate at which the same tester pushes frames through connections that already exist (phase 2
 * traffic alone), i.e. what creating state costs over translating. In-process the "network" is a
 * function call, so every figure is CPU: loss only comes from a phase that could not be offered
 * at its rate, or from state the stand-in did not keep.
 */
const CONNECTIONS = 4000;

export async function benchNat64(): Promise<boolean> {
  process.stdout.write('nat64 (RFC 9693 stateful benchmarking of the in-process NAT64 stand-in, one thread)\n');
  const tester = new Nat64StandinTester();
  // Baseline: phase 2 alone, through CONNECTIONS existing bindings, as fast as it goes.
  await tester.clear();
  await tester.establish(CONNECTIONS, 1e6);
  let best = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const p2 = await tester.validate(1e7);
    const s = (performance.now() - t0) / 1000;
    if (p2.received === p2.sent) best = Math.max(best, p2.received / s);
  }
  const est = await connectionEstablishmentRate(tester, {
    connections: CONNECTIONS,
    minPps: 1000,
    maxPps: 2e6,
    validationPps: 1e6,
    repetitions: 5,
  });
  process.stdout.write(
    `  establishment: median of ${est.repetitions.length} searches, spread ${rate(est.spread.min)}–${rate(est.spread.max)}, ${est.trials.length} steps, ${est.stateLost} lost state\n`,
  );
  const ok = line('NAT64 stand-in connection establishments', est.throughputPps, 'frames on held state', best);
  const td = await connectionTearDownRate(tester, { connections: CONNECTIONS, ratePps: 1e6, validationPps: 1e6 });
  process.stdout.write(
    `NAT64 stand-in tear-down (RFC 9693 §4.5)       ${td.ratePerSecond === undefined ? 'below the clock' : rate(td.ratePerSecond)} (${CONNECTIONS} in ${(td.fullMs - td.emptyMs).toFixed(3)} ms; ${td.answeredAfter} answered afterwards)\n`,
  );
  const cap = await connectionTableCapacity(tester, {
    startConnections: 1024,
    maxConnections: 65_536,
    ratePps: 1e6,
    validationPps: 1e6,
    resolution: 0,
  });
  process.stdout.write(
    `NAT64 stand-in connection table (RFC 9693 §4.6) ${cap.atLeast ? '≥ ' : ''}${cap.capacity} connections (${cap.steps.length} steps)\n`,
  );
  return ok && td.answeredAfter === 0 && cap.capacity > 0;
}
