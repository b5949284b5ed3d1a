import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/**
 * Ctrl-C in the middle of a run (issue 16 item 7): starts `v6harness run ARGS`, sends SIGINT once
 * the run has gone `afterMs` into its first scenario, and measures how long the process takes to
 * exit. Everything the run starts carries a tag in its environment, so that what is left behind
 * (processes; the lab's containers and namespaces carry the harness's pid) can be found afterwards.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');

export interface Interrupted {
  exitCode: number | undefined;
  /** Seconds from SIGINT to exit. */
  exitS: number;
  /** `node -e 0` just before, seconds: how slow the machine is right now. */
  calibrationS: number;
  stdout: string;
  stderr: string;
  /** Processes still alive with the run's tag in their environment. */
  leftProcesses: string[];
  pid: number;
}

/** `node -e 0`, the median of three, seconds: how slow the machine is right now. */
export async function nodeStartS(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await execa(process.execPath, ['-e', '0']);
    times.push((performance.now() - t0) / 1000);
  }
  return times.sort((a, b) => a - b)[1];
}

/** Pids whose environment holds `tag` (processes the run started, wherever they were re-parented). */
export function processesTagged(tag: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(tag)) {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim();
        out.push(`${pid} ${cmd}`);
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

export async function interruptRun(args: string[], afterMs: number): Promise<Interrupted> {
  const calibrationS = await nodeStartS();
  const tag = `V6H_INTERRUPT_TEST=${randomBytes(6).toString('hex')}`;
  const [k, v] = tag.split('=');
  const child = execa(process.execPath, [bin, 'run', ...args], {
    cwd: root,
    reject: false,
    env: { CI: '1', [k]: v },
    timeout: 600_000,
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('scenario(s)')) resolve();
    });
    child.on('exit', () => reject(new Error(`the run ended before it started: ${out}`)));
  });
  await new Promise((r) => setTimeout(r, afterMs));
  const t0 = performance.now();
  child.kill('SIGINT');
  // A run that stays alive (what this guards against) is killed after a generous wait: a failure, not a hang.
  const killer = setTimeout(() => child.kill('SIGKILL'), 1000 * (exitBudgetS(calibrationS) + 10));
  const r = await child;
  clearTimeout(killer);
  const exitS = (performance.now() - t0) / 1000;
  // Orphans would have been re-parented by now; give them a moment to show up.
  await new Promise((r) => setTimeout(r, 200));
  return {
    exitCode: r.exitCode,
    exitS,
    calibrationS,
    stdout: r.stdout,
    stderr: r.stderr,
    leftProcesses: processesTagged(tag),
    pid: child.pid!,
  };
}

/** The 2 s of the contract, plus what a busy machine adds (judged against `node -e 0` right now). */
export function exitBudgetS(calibrationS: number): number {
  return 2 + 4 * calibrationS;
}
