import type { ExecutionContext } from 'ava';
import { needPrecondition } from './precondition.ts';

/**
 * The precondition of tests that make network namespaces and shapers (root, `ip netns`, tc):
 * without it a test is skipped with the reason, except in CI (CI set), where it must run: there
 * it is a failure. The same pattern as docker.ts.
 */
export function needNetns(t: ExecutionContext, why: string | undefined): boolean {
  return needPrecondition(t, why, 'the accuracy checks');
}
