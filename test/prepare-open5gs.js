// The open5gs image of test/containers/open5gs.test.ts (SGW-C, SGW-U, SMF, UPF built from the
// pinned source archive, containers/open5gs/build-image.sh), built by test/run.js before its passes,
// outside the tests' timeouts: the build takes minutes, a test file's timeout is 5. The archive is
// found as test/helpers/open5gs-archive.ts finds it (V6H_OPEN5GS_ARCHIVE, else shared/vendor/open5gs/
// beside the repository or an ancestor). A second call with the same inputs only re-tags the image.
// Nothing here fails the run: without Docker, the archive or a successful build, the test that needs
// the image says why (a failure when CI is set).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = 'open5gs-8f25f3b-with-subprojects.tar.xz';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function archive() {
  if (process.env.V6H_OPEN5GS_ARCHIVE) return process.env.V6H_OPEN5GS_ARCHIVE;
  for (let dir = root; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dirname(dir), 'shared', 'vendor', 'open5gs', NAME);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function prepareOpen5gs() {
  const say = (s) => process.stdout.write(`# prepare: ${s}\n`);
  const file = archive();
  if (!file || !existsSync(file)) return say(`no open5gs archive (${NAME}): the open5gs image is not built`);
  if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0)
    return say('docker is not available: the open5gs image is not built');
  const started = Date.now();
  for (const [script, ...rest] of [['containers/build-base-image.sh'], ['containers/open5gs/build-image.sh', file]]) {
    const r = spawnSync('sh', [join(root, script), ...rest], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    for (const line of `${r.stdout}${r.stderr}`.trim().split('\n').filter(Boolean)) say(line);
    if (r.status !== 0) return say(`${script} failed (exit ${r.status}): the open5gs image is not built`);
  }
  say(`open5gs image ready in ${Math.round((Date.now() - started) / 1000)} s`);
}
