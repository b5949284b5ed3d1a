import type { ExecutionContext } from 'ava';

/**
 * Tests that open raw sockets need root (CAP_NET_RAW). Without it a test is skipped with the
 * reason, except in CI (CI set), where that is a failure: CI runs as root and must prove it ran.
 */
export function needRoot(t: ExecutionContext, what: string): boolean {
  if (process.getuid?.() === 0) return true;
  const why = `${what} needs root (raw sockets)`;
  if (process.env.CI) t.fail(`${why}; CI is set, so it must run`);
  else t.pass(`skipped: ${why}`);
  return false;
}
