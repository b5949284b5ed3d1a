import test from 'ava';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/**
 * The lab image's entry points as plain JavaScript (containers/lab/bundle.mjs, run at image build):
 * they build with the esbuild of package.json, run on this Node without tsx, and find the files
 * their modules locate relative to themselves (the RADIUS dictionary) where tsx would.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const out = join(root, 'dist', `lab-test-${process.pid}`);
const built = execa(process.execPath, ['containers/lab/bundle.mjs', out], { cwd: root, reject: false });
test.after.always(() => rmSync(out, { recursive: true, force: true }));

test('bundle.mjs compiles standin-main, real-main and healthcheck; they run under plain node', async (t) => {
  const b = await built;
  t.is(b.exitCode, 0, b.stderr);
  for (const e of ['standin-main', 'real-main', 'healthcheck']) t.true(existsSync(join(out, `${e}.mjs`)), e);
  // The health check of a port nobody answers on (9, discard): exit 1 after its 1 s wait, not a load error.
  const health = await execa(process.execPath, [join(out, 'healthcheck.mjs'), '::1', '2', '9'], {
    cwd: root,
    reject: false,
    timeout: 30_000,
  });
  t.is(health.exitCode, 1, health.stderr);
  t.is(health.stderr, '');
  // A stand-in the target does not have: the stand-in's own error, so every module loaded.
  const standin = await execa(process.execPath, [join(out, 'standin-main.mjs')], {
    cwd: root,
    reject: false,
    env: { V6H_ELEMENT: 'no-such-element' },
    timeout: 30_000,
  });
  t.not(standin.exitCode, 0);
  t.regex(standin.stderr, /V6H_CONFIG names no stand-in element "no-such-element"/);
  t.notRegex(readFileSync(join(out, 'standin-main.mjs'), 'utf8'), /\btsx\b/);
});

test("each module keeps its own import.meta.url: the AAA's RADIUS dictionary resolves in the source tree", async (t) => {
  const b = await built;
  t.is(b.exitCode, 0, b.stderr);
  const text = readFileSync(join(out, 'standin-main.mjs'), 'utf8');
  const dictionary = /new URL\("\.\/dictionary\.v6harness", "(file:[^"]+)"\)/.exec(text);
  t.truthy(dictionary, 'the RADIUS module reads its dictionary relative to its own URL');
  t.true(existsSync(fileURLToPath(new URL('./dictionary.v6harness', dictionary?.[1]))));
  t.notRegex(text, /import\.meta\.url/);
});
