import { createSocket, type Socket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { createLab } from '../../harness/lab/index.ts';
import { noRecorder } from '../../harness/net/pcap/index.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';

/**
 * The in-process stand-ins of targets/standins.yaml, run in a process of their own and left up,
 * so that a target can point at them as `kind: external` elements: the user's path (target init →
 * check → run) tried against elements we know. `startStandinServer` starts it and returns where
 * each element listens; run directly, it prints that as one JSON line and serves until SIGTERM.
 */
export interface Served {
  address: string;
  port: number;
  userPlanePort?: number;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const { target } = loadTarget();
  const lab = createLab(target);
  // GTP-U port 2152 stays free for the harness: toward an external element the drivers receive there,
  // since a real element sends its G-PDUs to 2152 (TS 29.281 §4.4.2.3), and on one host the element
  // and the harness cannot both hold it. Held while the stand-ins start, they take another port.
  const held = await Promise.all(
    (['udp6', 'udp4'] as const).map(
      (type) =>
        new Promise<Socket | undefined>((resolve) => {
          const s = createSocket(type);
          s.once('error', () => resolve(undefined));
          s.bind(2152, type === 'udp6' ? '::1' : '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const session = await lab.open(names, { signal: new AbortController().signal, recorder: noRecorder });
  for (const s of held) s?.close();
  const out: Record<string, Served> = {};
  for (const [name, e] of session.elements)
    out[name] = { address: e.address, port: e.port, ...(e.userPlanePort ? { userPlanePort: e.userPlanePort } : {}) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  const stop = async () => {
    await session.close();
    await lab.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  setInterval(() => undefined, 1 << 30);
}

export async function startStandinServer(
  names: readonly string[],
): Promise<{ elements: Record<string, Served>; stop: () => Promise<void> }> {
  const child: ResultPromise = execa(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...names], {
    reject: false,
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(buf.split('\n')[0]);
    });
    void child.then((r) => reject(new Error(`the stand-in server ended: ${r.stderr}`)));
  });
  return {
    elements: JSON.parse(line) as Record<string, Served>,
    stop: async () => {
      child.kill('SIGTERM');
      await child;
    },
  };
}
