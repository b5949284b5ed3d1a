import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { parse } from 'yaml';
import { targetSchema, type Target } from '../../harness/lab/index.ts';
import { needPrecondition } from './precondition.ts';

/**
 * The docker precondition of the container test files: Docker answers and the lab images build
 * (containers/build-images.sh, with the layer cache; or the prebuilt image V6HARNESS_LAB_IMAGE names). Without it a test is skipped with the reason,
 * except in CI (CI set), where container tests must run: there it is a failure.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

export async function dockerProblem(): Promise<string | undefined> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false });
  if (info.exitCode !== 0)
    return `docker is not available: ${(info.stderr || info.stdout || 'no docker command').trim().split('\n')[0]}`;
  // A prebuilt lab image named by V6HARNESS_LAB_IMAGE (the docker lab runs that one) is used as is.
  const prebuilt = process.env.V6HARNESS_LAB_IMAGE;
  if (prebuilt) {
    const inspect = await execa('docker', ['image', 'inspect', prebuilt], { reject: false });
    return inspect.exitCode === 0 ? undefined : `V6HARNESS_LAB_IMAGE names ${prebuilt}, which docker does not have`;
  }
  const build = await execa(join(root, 'containers/build-images.sh'), [], { reject: false, timeout: 900_000 });
  if (build.exitCode !== 0) return `containers/build-images.sh failed: ${build.stderr.trim().split('\n').at(-1)}`;
  return undefined;
}

/** True when the test may go on; otherwise records the skip (or, in CI, the failure). */
export function needDocker(t: ExecutionContext, why: string | undefined): boolean {
  return needPrecondition(t, why, 'container tests');
}

/** targets/docker.yaml, validated: the docker lab the container tests run against. */
export function dockerTarget(): Target {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  return targetSchema.parse(parse(readFileSync(join(root, 'targets/docker.yaml'), 'utf8')));
}
