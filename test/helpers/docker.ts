import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import { execa } from 'execa';

/**
 * The docker precondition of the container test files: Docker answers and the lab images build
 * (containers/build-images.sh, with the layer cache). Without it a test is skipped with the reason,
 * except in CI (CI set), where container tests must run: there it is a failure.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

export async function dockerProblem(): Promise<string | undefined> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false });
  if (info.exitCode !== 0) return `docker is not available: ${(info.stderr || info.stdout || 'no docker command').trim().split('\n')[0]}`;
  const build = await execa(join(root, 'containers/build-images.sh'), [], { reject: false, timeout: 900_000 });
  if (build.exitCode !== 0) return `containers/build-images.sh failed: ${build.stderr.trim().split('\n').at(-1)}`;
  return undefined;
}

/** True when the test may go on; otherwise records the skip (or, in CI, the failure). */
export function needDocker(t: ExecutionContext, why: string | undefined): boolean {
  if (!why) return true;
  if (process.env.CI) t.fail(`${why} (CI is set: container tests must run)`);
  else t.pass(`skipped: ${why}`);
  return false;
}
