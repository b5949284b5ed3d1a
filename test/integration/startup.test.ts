import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Start-up (issue 16 item 8): `--version` and `list` answer fast, and an in-process run never
 * loads testcontainers (about 700 modules; the docker lab imports it when it first opens). Times
 * are judged against `node -e 0` measured in the same test, never against an absolute budget: the
 * machine may be busy, and then all three are slow together.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const preload = join(root, 'test/helpers/loaded-modules.cjs');

async function seconds(args: string[], env: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  const r = await execa(process.execPath, args, { cwd: root, reject: false, env: { CI: '1', ...env } });
  if (r.exitCode !== 0) throw new Error(`${args.join(' ')}: exit ${r.exitCode}\n${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('--version and list take a small multiple of `node -e 0`', async (t) => {
  const node: number[] = [];
  const version: number[] = [];
  const list: number[] = [];
  // Interleaved, so a burst of load elsewhere hits all three alike; the median of five.
  for (let i = 0; i < 5; i++) {
    node.push(await seconds(['-e', '0']));
    version.push(await seconds([bin, '--version']));
    list.push(await seconds([bin, 'list']));
  }
  const [n, v, l] = [median(node), median(version), median(list)];
  t.log(
    `node -e 0 ${n.toFixed(3)} s, --version ${v.toFixed(3)} s (×${(v / n).toFixed(1)}), list ${l.toFixed(3)} s (×${(l / n).toFixed(1)})`,
  );
  // --version reads package.json and nothing else (before this, it loaded every command: ×25).
  t.true(v < 2 * n + 0.05, `--version ${v.toFixed(3)} s against node -e 0 ${n.toFixed(3)} s`);
  // list imports every scenario module through tsx; on an idle machine (node -e 0 ≈ 50 ms) ×15 is 0.75 s.
  t.true(l < 15 * n, `list ${l.toFixed(3)} s against node -e 0 ${n.toFixed(3)} s`);
});

test('list and an in-process run do not load testcontainers', async (t) => {
  const dir = tempDir('startup');
  for (const [name, args] of [
    ['list', ['list']],
    ['run', ['run', '--grep', 'core/s5-echo-restart-counter', '--report-dir', join(dir, 'report')]],
  ] as const) {
    const out = join(dir, `${name}.modules`);
    await seconds(['--require', preload, bin, ...args], { V6H_LOADED_MODULES: out });
    t.true(existsSync(out), `${name}: the preload wrote its list`);
    const modules = readFileSync(out, 'utf8').split('\n');
    t.true(
      modules.some((m) => m.includes('/node_modules/')),
      `${name}: the list holds packages at all (${modules.length} modules)`,
    );
    t.deepEqual(
      modules.filter((m) => m.includes('/node_modules/testcontainers/')).slice(0, 3),
      [],
      `${name} loaded testcontainers`,
    );
  }
});
