import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';

/**
 * Ctrl-C while a lab is still starting (an open5gs core takes tens of seconds): the harness removes
 * what the lab made and exits within 2 s, but a container whose create request was already on its
 * way to the daemon appears after that. This sweeper, started detached, removes the run's
 * containers and networks (label v6harness.run) once the harness has exited, three times a second
 * apart, and ends: bounded (each docker call under `timeout 20`, the wait for the exit at 10 s).
 * It holds the lab's host locks meanwhile (copies of their pipes, host-lock.ts), so the next lab
 * cannot make its networks on the same subnets before these are gone, nor take these objects for
 * abandoned ones and race it. The docker CLI here, not dockerode: this process outlives the
 * harness and is a shell, not Node.
 */
export function sweepAfterExit(run: string, locks: readonly Writable[]): void {
  if (!/^[0-9a-z-]+$/.test(run)) throw new Error(`not a run id: ${run}`);
  const label = `label=v6harness.run=${run}`;
  const d = 'timeout 20 docker';
  const script = [
    `i=0; while kill -0 ${process.pid} 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done`,
    'for n in 1 2 3; do',
    `  c=$(${d} ps -aq --filter ${label}); [ -n "$c" ] && ${d} rm -f -v $c`,
    `  w=$(${d} network ls -q --filter ${label}); [ -n "$w" ] && ${d} network rm $w`,
    '  sleep 1',
    'done',
    'exit 0',
  ].join('\n');
  spawn('sh', ['-c', script], { detached: true, stdio: ['ignore', 'ignore', 'ignore', ...locks] }).unref();
}
