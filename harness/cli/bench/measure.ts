/**
 * Runs `fn` in batches until `minMs` has passed and returns operations per second. Every result
 * is printed next to a baseline measured in the same process, as a ratio (ARCHITECTURE.md,
 * "Performance, by design").
 */
export function opsPerSecond(fn: (iterations: number) => void, minMs = 1000): number {
  // Warm-up for a fixed time, so the optimizing JIT tier has compiled the hot path before the
  // clock starts: the result is the steady-state rate, not the interpreter's.
  const warmUntil = performance.now() + minMs / 4;
  while (performance.now() < warmUntil) fn(1000);
  let iterations = 1000;
  let elapsed = 0;
  let done = 0;
  const start = performance.now();
  while (elapsed < minMs) {
    fn(iterations);
    done += iterations;
    elapsed = performance.now() - start;
    if (elapsed < minMs / 10) iterations *= 2;
  }
  return (done / elapsed) * 1000;
}

export function rate(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M/s`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} k/s`;
  return `${v.toFixed(1)} /s`;
}

export function line(name: string, value: number, baselineName: string, baseline: number, target?: number): boolean {
  const ok = target === undefined || value >= target;
  process.stdout.write(
    `${name.padEnd(44)} ${rate(value).padStart(11)}   baseline ${baselineName}: ${rate(baseline).padStart(11)}   ratio ${(value / baseline).toFixed(3)}` +
      `${target !== undefined ? `   target ≥ ${rate(target)} ${ok ? 'met' : 'NOT MET'}` : ''}\n`,
  );
  return ok;
}
