#!/usr/bin/env node
// Runs every ava test (TAP output, so the counts are exact) and closes with the line CI reads:
// "N passed, N failed". A run in which no test executed fails.
//
// Before the passes, the open5gs image of test/containers/open5gs.test.ts is built once (prepare-open5gs.js).
// Four passes: first every test but test/external, test/containers and test/perf (ava runs those
// files side by side); then test/external one file at a time (see below); then test/containers one file at a time: each lab holds the machine's fixed lab subnets
// (host-lock.ts), so container files side by side wait for each other inside their scenarios'
// timeouts, and a CPU-starvation scenario beside them measures them; then test/perf alone, one file
// at a time: tests that measure rates and delays (the accuracy comparison with iperf3 on a
// CPU-bound path, the nightly baselines, session load, the throughput search, the control loop,
// and the container gateway suite with its iperf3 thresholds through the firewall and tayga).
// Beside other tests they would be disturbed, and would disturb the container tests' own
// throughput thresholds.
// Arguments (files, --match ...) go to every pass; given file arguments, a pass runs only the
// files of its own folder among them.
import { readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { prepareOpen5gs } from './prepare-open5gs.js';

const ava = fileURLToPath(new URL('../node_modules/ava/entrypoints/cli.mjs', import.meta.url));
const testDir = fileURLToPath(new URL('./', import.meta.url));
const perfDir = fileURLToPath(new URL('./perf/', import.meta.url));

// Every failed test's line with the head of its diagnostics (message, values; no stack), printed
// again just above the closing line (CI shows a log's head and tail), and each pass's wall time.
const notOkLines = [];
const DETAIL_LINES = 14;
const passTimes = [];

function runAva(args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ava, '--tap', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const counts = { pass: 0, fail: 0, skip: 0, ok: 0, notOk: 0 };
    // The YAML block of the last "not ok" line: collected until its closing "...".
    let detail;
    createInterface({ input: child.stdout }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      if (detail && /^(ok|not ok) \d+/.test(line)) detail = undefined;
      if (detail) {
        if (/^\s*\.\.\.$/.test(line)) detail = undefined;
        else if (/^\s+at:/.test(line))
          detail.length = DETAIL_LINES; // the stack: not repeated
        else if (!/^\s*---$/.test(line) && detail.length < DETAIL_LINES) {
          detail.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
          notOkLines.push(`  ${detail.at(-1)}`);
        }
        return;
      }
      const m = /^# (pass|fail|skip)\s+(\d+)/.exec(line);
      if (m) counts[m[1]] = Number(m[2]);
      else if (/^ok \d+/.test(line)) counts.ok++;
      else if (/^not ok \d+/.test(line)) {
        counts.notOk++;
        notOkLines.push(line);
        detail = [];
      }
    });
    child.on('close', (code, signal) => {
      passTimes.push(
        `${((Date.now() - started) / 1000).toFixed(0)} s  ${args.filter((a) => a.startsWith('test/')).join(' ')}`,
      );
      resolve({
        passed: Math.max(counts.pass, counts.ok - counts.skip),
        failed: Math.max(counts.fail, counts.notOk),
        skipped: counts.skip,
        broken: code !== 0 || signal !== null,
      });
    });
  });
}

const args = process.argv.slice(2);
// Files and folders, told from flags and the values of flags that take one (--match X).
const VALUED = new Set(['--match', '-m', '--timeout', '-T', '--concurrency', '-c', '--node-arguments']);
const files = [];
const flags = [];
for (let i = 0; i < args.length; i++) {
  if (VALUED.has(args[i])) flags.push(args[i], args[++i]);
  else if (args[i].startsWith('-')) flags.push(args[i]);
  else files.push(args[i]);
}
const perfFiles = readdirSync(perfDir)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/perf/${f}`);
const under = (dir) => (f) => f.replace(/^\.\//, '').startsWith(`test/${dir}`);
const isPerf = under('perf');
const isContainer = under('containers');
// test/external: our stand-ins served in a process of their own and pointed at as a user's elements.
// One file at a time, after the main pass: toward an external element the drivers receive G-PDUs on
// port 2152 (where a real element sends them), which an in-process lab beside them may hold.
const isExternal = under('external');
const externalFiles = files.filter(isExternal);
const mainFiles = files.filter((f) => !isPerf(f) && !isContainer(f) && !isExternal(f));
const containerFiles = files.filter(isContainer);
// The whole run: every folder of test/ with tests but these two.
const mainDirs = readdirSync(testDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !['perf', 'containers', 'external', 'helpers', 'fixtures'].includes(d.name))
  .map((d) => `test/${d.name}`);
const runs = [];
// Before any pass: the open5gs image the container pass needs (minutes to build, once).
if (files.length === 0 || containerFiles.some((f) => f.includes('open5gs'))) prepareOpen5gs();
if (files.length === 0 || mainFiles.length > 0)
  runs.push(await runAva([...(files.length === 0 ? mainDirs : mainFiles), ...flags]));
if (files.length === 0 || externalFiles.length > 0)
  runs.push(
    await runAva(['--concurrency', '1', ...(files.length === 0 ? ['test/external'] : externalFiles), ...flags]),
  );
if (files.length === 0 || containerFiles.length > 0)
  runs.push(
    await runAva(['--concurrency', '1', ...(files.length === 0 ? ['test/containers'] : containerFiles), ...flags]),
  );
// The whole run measures every perf file; asked by name, a perf file gets the flags too.
const perf = files.length === 0 ? perfFiles.map((f) => [f]) : files.filter(isPerf).map((f) => [f, ...flags]);
for (const f of perf) runs.push(await runAva(['--serial', ...f]));
const total = runs.reduce(
  (s, r) => ({
    passed: s.passed + r.passed,
    failed: s.failed + r.failed,
    skipped: s.skipped + r.skipped,
    broken: s.broken || r.broken,
  }),
  { passed: 0, failed: 0, skipped: 0, broken: false },
);
const ran = total.passed + total.failed;
process.stdout.write(`# time per pass:\n${passTimes.map((l) => `#   ${l}`).join('\n')}\n`);
if (notOkLines.length > 0) process.stdout.write(`# failed:\n${notOkLines.map((l) => `#   ${l}`).join('\n')}\n`);
if (ran === 0) process.stdout.write('test/run.js: no test ran — that is a failure\n');
process.stdout.write(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`,
);
process.exit(ran === 0 || total.failed > 0 || total.broken ? 1 : 0);
