import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import type { MeterOptions } from './meter-process.ts';

/**
 * Starts one end of a measurement (meter-process.ts) as a child process, inside network
 * namespace `netns` when given (`ip netns exec`, which needs root), on CPU `cpu` when given
 * (`taskset -c`). Resolves once it is ready.
 */
export interface MeterChild<R> {
  ready: { port?: number };
  result: Promise<R>;
  kill(): void;
}

const entry = fileURLToPath(new URL('./meter-process.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

export async function startMeter<R>(
  options: MeterOptions,
  at: { netns?: string; cpu?: number } = {},
  timeoutMs = 60_000,
): Promise<MeterChild<R>> {
  let command = [process.execPath, '--import', 'tsx', entry, JSON.stringify(options)];
  if (at.cpu !== undefined) command = ['taskset', '-c', String(at.cpu), ...command];
  if (at.netns) command = ['ip', 'netns', 'exec', at.netns, ...command];
  const [cmd, ...args] = command;
  const child = execa(cmd, args, {
    cwd: root,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    stderr: 'pipe',
    timeout: timeoutMs,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const lines = createInterface({ input: child.stdout! });
  let onReady!: (r: { port?: number }) => void;
  let onResult!: (r: R) => void;
  let onError!: (e: Error) => void;
  const ready = new Promise<{ port?: number }>((res, rej) => {
    onReady = res;
    onError = rej;
  });
  const result = new Promise<R>((res, rej) => {
    onResult = res;
    const fail = onError;
    onError = (e) => {
      fail(e);
      rej(e);
    };
  });
  result.catch(() => {});
  lines.on('line', (line) => {
    let m: { ready?: { port?: number }; result?: R; error?: string };
    try {
      m = JSON.parse(line) as typeof m;
    } catch {
      return;
    }
    if (m.ready) onReady(m.ready);
    else if (m.result) onResult(m.result);
    else if (m.error) onError(new Error(`${options.mode}: ${m.error}`));
  });
  void child.then((r) =>
    onError(
      new Error(
        `${options.mode} ended without a result (${r.exitCode ?? r.signal}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
      ),
    ),
  );
  return { ready: await ready, result, kill: () => void child.kill() };
}
