#!/usr/bin/env node
// Entry point of the `v6harness` command: loads the TypeScript sources through tsx (no build step)
// and hands over to main.ts. Worker threads started by the harness register tsx the same way.
// `--version` is answered before tsx loads (tsx's loader alone costs more than the whole answer).
import { readFileSync } from 'node:fs';

if (process.argv[2] === '--version' && process.argv.length === 3) {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('./main.ts');
  const code = await main(process.argv.slice(2));
  // Interrupted (Ctrl-C): the partial results are written and the lab is down; what a stopped
  // scenario still holds (a socket, a timer, a worker) must not keep the process alive.
  if (code === 130) process.exit(code);
  process.exitCode = code;
  // The run is over and its results are written: whatever a failed element left behind (a socket
  // to a killed container, a worker) gets 2 s to close, then the process exits anyway.
  setTimeout(() => {
    process.stderr.write('v6harness: handles still open 2 s after the run ended; exiting anyway\n');
    process.exit(code);
  }, 2000).unref();
}
