import type { ExecutionContext } from 'ava';
import { needPrecondition } from './precondition.ts';

/**
 * Tests that open raw sockets need root (CAP_NET_RAW). Without it a test is skipped with the
 * reason, except in CI (CI set), where that is a failure: CI runs as root and must prove it ran.
 */
export function needRoot(t: ExecutionContext, what: string): boolean {
  if (process.getuid?.() === 0) return true;
  return needPrecondition(t, `${what} needs root (raw sockets)`, what);
}
