import type { ExecutionContext } from 'ava';

/**
 * The one rule for a test whose precondition is missing (Docker, root, network namespaces, an
 * element such as kea or freeDiameter, the native addon): on a developer's machine the test is
 * skipped with the reason; in CI (CI set, as CI services set it) it is a failure, so a green CI run
 * proves the test ran. docker.ts, netns.ts, root.ts, native.ts and the interop tests go through it.
 */
export function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * True when the test may go on (`why` undefined). Otherwise records the skip, or in CI the failure
 * naming what must run, and returns false: the caller returns at once.
 */
export function needPrecondition(t: ExecutionContext, why: string | undefined, what: string): boolean {
  if (!why) return true;
  if (inCi()) t.fail(`${why} (CI is set: ${what} must run)`);
  else t.pass(`skipped: ${why}`);
  return false;
}
