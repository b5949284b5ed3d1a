// The lab image v6harness/lab:latest (containers/build-images.sh), built once by test/run.js before
// its passes. Every docker test file's precondition (test/helpers/docker.ts) would otherwise run
// build-images.sh itself: a cached rebuild still sends the whole build context (node_modules and
// the Node binary, about 330 MB) to the daemon, 10-25 s a file, 13 files a run. Built here, the
// image is named to the test processes by V6HARNESS_LAB_IMAGE, which docker.ts then only inspects
// (the docker lab's default image is the same tag). A name the caller set is left alone, and so is
// a failed build: each docker test then tries the build itself and says why it failed (a failure
// when CI is set). Nothing here fails the run.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGE = 'v6harness/lab:latest';

export function prepareLab() {
  const say = (s) => process.stdout.write(`# prepare: ${s}\n`);
  if (process.env.V6HARNESS_LAB_IMAGE)
    return say(`lab image: ${process.env.V6HARNESS_LAB_IMAGE} (V6HARNESS_LAB_IMAGE)`);
  if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0)
    return say('docker is not available: the lab image is not built');
  const started = Date.now();
  const r = spawnSync('sh', [join(root, 'containers/build-images.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    const last = `${r.stdout}${r.stderr}`.trim().split('\n').at(-1);
    return say(`containers/build-images.sh failed (exit ${r.status}: ${last}): each docker test builds it itself`);
  }
  process.env.V6HARNESS_LAB_IMAGE = IMAGE;
  say(`lab image ${IMAGE} ready in ${Math.round((Date.now() - started) / 1000)} s`);
}
