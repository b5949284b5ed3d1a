import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { dockerApi, dockerReason } from './docker-api.ts';

/**
 * What the lab does to a running container, through Docker's Engine API (dockerode): run a
 * command in it, read its log, signal, stop, pause, limit and wait for it, and copy a file out.
 * Each failure names the container and carries the daemon's own message, as the CLI's did.
 */
const short = (id: string) => id.slice(0, 12);

function fail(what: string, id: string) {
  return (e: unknown): never => {
    throw new Error(`docker ${what} ${short(id)}: ${dockerReason(e)}`);
  };
}

/**
 * A container's output without a TTY arrives multiplexed: frames of an 8-octet header (stream
 * 1 stdout, 2 stderr; length as uint32 big-endian at octet 4) and their payload (Engine API,
 * "Attach to a container", Stream format).
 */
export function demultiplex(buf: Buffer): { stdout: string; stderr: string; both: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const both: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buf.length) {
    const size = buf.readUInt32BE(at + 4);
    const payload = buf.subarray(at + 8, at + 8 + size);
    (buf[at] === 2 ? err : out).push(payload);
    both.push(payload);
    at += 8 + size;
  }
  const text = (b: Buffer[]) => Buffer.concat(b).toString('utf8');
  return { stdout: text(out), stderr: text(err), both: text(both) };
}

async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks);
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `cmd` in the container and waits for it; `timeoutMs` bounds the wait (the command may run on). */
export async function execIn(id: string, cmd: string[], timeoutMs = 60_000): Promise<ExecResult> {
  const c = dockerApi().getContainer(id);
  const exec = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true }).catch(fail('exec', id));
  const stream = await exec.start({ hijack: true, stdin: false }).catch(fail('exec', id));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const output = await Promise.race([
    collect(stream),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        stream.destroy();
        reject(new Error(`docker exec ${short(id)}: ${cmd.join(' ')} did not end within ${timeoutMs / 1000} s`));
      }, timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  const { ExitCode } = await exec.inspect().catch(fail('exec', id));
  const { stdout, stderr } = demultiplex(output);
  return { exitCode: ExitCode ?? -1, stdout, stderr };
}

/** `sh -c script` in the container; its stdout, or an error with what it said when it fails. */
export async function shellIn(id: string, script: string): Promise<string> {
  const r = await execIn(id, ['sh', '-c', script]);
  if (r.exitCode !== 0)
    throw new Error(
      `docker exec ${short(id)}: exit ${r.exitCode}: ${(r.stderr || r.stdout).trim().split('\n').at(-1)}`,
    );
  return r.stdout.trim();
}

/** The container's log (stdout and stderr, as `docker logs` joins them), from `since` on. */
export async function logsOf(id: string, since?: Date): Promise<string> {
  const buf = (await dockerApi()
    .getContainer(id)
    .logs({
      stdout: true,
      stderr: true,
      follow: false,
      // "seconds.nanoseconds", as the CLI sends it (a plain fraction would be read as nanoseconds).
      ...(since ? { since: sinceStamp(since) as unknown as number } : {}),
    })
    .catch(fail('logs', id))) as Buffer;
  // In the order the container wrote it, as `docker logs` shows it.
  return demultiplex(buf).both.trim();
}

function sinceStamp(d: Date): string {
  const ms = d.getTime();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1_000_000).padStart(9, '0')}`;
}

export const signal = (id: string, sig = 'SIGKILL'): Promise<void> =>
  dockerApi()
    .getContainer(id)
    .kill({ signal: sig })
    .then(() => undefined, fail('kill', id));
export const startAgain = (id: string): Promise<void> =>
  dockerApi()
    .getContainer(id)
    .start()
    .then(() => undefined, fail('start', id));
export const pause = (id: string): Promise<void> =>
  dockerApi()
    .getContainer(id)
    .pause()
    .then(() => undefined, fail('pause', id));
export const unpause = (id: string): Promise<void> =>
  dockerApi()
    .getContainer(id)
    .unpause()
    .then(() => undefined, fail('unpause', id));
/** CPUs the container may use (`undefined`: no limit), as `docker update --cpus`. */
export const limitCpus = (id: string, cpus?: number): Promise<void> =>
  dockerApi()
    .getContainer(id)
    .update({ NanoCpus: cpus === undefined ? 0 : Math.round(cpus * 1e9) })
    .then(() => undefined, fail('update', id));

/** Resolves with the exit code once the container stops (a long-poll of the daemon). */
export async function exitOf(id: string): Promise<number> {
  const r = (await dockerApi().getContainer(id).wait().catch(fail('wait', id))) as { StatusCode: number };
  return r.StatusCode;
}

/** The container's main process, as the host sees it (for nsenter). */
export async function pidOf(id: string): Promise<string> {
  const info = await dockerApi().getContainer(id).inspect().catch(fail('inspect', id));
  return String(info.State.Pid);
}

/**
 * Copies one file out of the container to `dest` (the API hands it over as a tar archive), streamed
 * to disk: a capture of a throughput run can be gigabytes, more than a Buffer holds.
 */
export async function copyOut(id: string, path: string, dest: string): Promise<void> {
  const archive = (await dockerApi().getContainer(id).getArchive({ path }).catch(fail('cp', id))) as Readable;
  const tar = extract();
  let found = false;
  let failed: unknown;
  tar.on('entry', (header, body, next) => {
    if (header.type !== 'file' || found) {
      body.on('end', () => next());
      body.resume();
      return;
    }
    found = true;
    pipeline(body, createWriteStream(dest)).then(
      () => next(),
      (e: unknown) => {
        failed = e;
        next();
      },
    );
  });
  archive.pipe(tar);
  await new Promise<void>((resolve, reject) => {
    tar.on('finish', resolve);
    tar.on('error', reject);
    archive.on('error', reject);
  });
  if (failed)
    throw new Error(`docker cp ${short(id)}:${path} → ${dest}: ${(failed as Error).message ?? String(failed)}`);
  if (!found) throw new Error(`docker cp ${short(id)}:${path}: no such file in the archive`);
}
