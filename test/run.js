#!/usr/bin/env node
// Runs every ava test (TAP output, so the counts are exact) and closes with the line CI reads:
// "N passed, N failed". A run in which no test executed fails.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ava = fileURLToPath(new URL('../node_modules/ava/entrypoints/cli.mjs', import.meta.url));
const child = spawn(process.execPath, [ava, '--tap', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });
const counts = { pass: 0, fail: 0, skip: 0, todo: 0, tests: 0 };
let okLines = 0;
let notOkLines = 0;
createInterface({ input: child.stdout }).on('line', (line) => {
  process.stdout.write(`${line}\n`);
  const m = /^# (pass|fail|skip|todo|tests)\s+(\d+)/.exec(line);
  if (m) counts[m[1]] = Number(m[2]);
  else if (/^ok \d+/.test(line)) okLines++;
  else if (/^not ok \d+/.test(line)) notOkLines++;
});
child.on('close', (code, signal) => {
  const passed = Math.max(counts.pass, okLines - counts.skip);
  const failed = Math.max(counts.fail, notOkLines);
  const ran = passed + failed;
  if (ran === 0) process.stdout.write('test/run.js: no test ran — that is a failure\n');
  process.stdout.write(`${passed} passed, ${failed} failed${counts.skip ? `, ${counts.skip} skipped` : ''}\n`);
  process.exit(ran === 0 || failed > 0 || code !== 0 || signal ? 1 : 0);
});
