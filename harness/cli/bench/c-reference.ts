import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/**
 * `bench gtpu`'s C reference (c/gtpu-reference.c): compiled with the system cc into a temporary
 * directory at bench time, removed afterwards. Its sender is the same G-PDU stream as the
 * generator from a plain sendmmsg loop, its receiver a recvmmsg counter.
 */
export interface CReference {
  binary: string;
  dispose(): Promise<void>;
}

export interface CSendResult {
  sent: number;
  seconds: number;
  /** User + system CPU seconds of the sending process. */
  cpuSeconds: number;
  userSeconds: number;
}

export interface CReceiveResult {
  received: number;
  malformed: number;
  /** First to last arrival. */
  seconds: number;
}

const SOURCE = fileURLToPath(new URL('./c/gtpu-reference.c', import.meta.url));

/** Compiles the reference; a string says why it could not be (no cc, a compile error). */
export async function buildCReference(): Promise<CReference | string> {
  const dir = await mkdtemp(join(tmpdir(), 'v6h-bench-'));
  const binary = join(dir, 'gtpu-reference');
  const cc = process.env.CC ?? 'cc';
  const r = await execa(cc, ['-O2', '-Wall', '-o', binary, SOURCE], { reject: false });
  if (r.failed) {
    await rm(dir, { recursive: true, force: true });
    const why = String(r.stderr ?? '') || String(r.message ?? '');
    return `${cc} -O2 ${SOURCE} failed: ${why.split('\n').slice(0, 3).join(' ')}`;
  }
  return { binary, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** The reference sender for `seconds` to address:port (GSO: runs of 64 datagrams per message). */
export async function cSend(
  ref: CReference,
  o: {
    address: string;
    port: number;
    seconds: number;
    gso: boolean;
    batch: number;
    flows: number;
    innerLength: number;
  },
): Promise<CSendResult> {
  const args = [o.address, o.port, o.seconds, o.gso ? 1 : 0, o.batch, o.flows, o.innerLength].map(String);
  const r = await execa(ref.binary, ['send', ...args], { reject: false, timeout: (o.seconds + 10) * 1000 });
  const m = /^sent (\d+) seconds ([\d.]+) cpu ([\d.]+) user ([\d.]+)$/m.exec(String(r.stdout ?? ''));
  if (!m) throw new Error(`the C reference sender failed: ${String(r.stderr ?? '') || String(r.message ?? '')}`);
  return { sent: Number(m[1]), seconds: Number(m[2]), cpuSeconds: Number(m[3]), userSeconds: Number(m[4]) };
}

/** A running reference receiver on address (a port the kernel picks); stop() ends it and counts. */
export interface CReceiver {
  port: number;
  stop(): Promise<CReceiveResult>;
}

export function cReceiver(ref: CReference, address: string): Promise<CReceiver> {
  const child: ChildProcess = spawn(ref.binary, ['recv', address], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let started = false;
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const fail = () => reject(new Error(`the C reference receiver did not start: ${err.trim() || 'no output'}`));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      if (!started) fail();
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^port (\d+)$/m.exec(out);
      if (!m || started) return;
      started = true;
      clearTimeout(timer);
      resolve({
        port: Number(m[1]),
        stop: async () => {
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
          await exited;
          clearTimeout(kill);
          const r = /^received (\d+) malformed (\d+) seconds ([\d.]+)$/m.exec(out);
          if (!r) throw new Error(`the C reference receiver gave no count: ${err.trim() || out.trim()}`);
          return { received: Number(r[1]), malformed: Number(r[2]), seconds: Number(r[3]) };
        },
      });
    });
  });
}
