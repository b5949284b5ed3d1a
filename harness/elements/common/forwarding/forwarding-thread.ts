import { Worker } from 'node:worker_threads';
import { loadNative, type Remote, type UdpSocketLike } from '../../../net/udp-socket/index.ts';
import { FastPathWriter, newFastPathTable } from './fast-path-table.ts';
import { COUNTERS, DROPPED, ECHOED, FORWARDED, type FromWorker, type ToWorker } from './messages.ts';
import type { UdpEchoHosts } from './udp-echo-fast-path.ts';

/** How long a socket waits for the forwarding thread to bind or close it. */
const ANSWER_MS = 10_000;

/**
 * The main thread's side of the forwarding thread (forwarding-worker.ts): one worker per process,
 * started with the first user-plane socket and kept (unreferenced while no socket is open, so it
 * never holds the process). Each socket bound in it is a UdpSocketLike here: datagrams the worker's
 * fast path does not take arrive in `onMessage`, datagrams sent here leave from the worker's socket
 * (queued during a turn and handed over in one message).
 */
interface Shared {
  worker: Worker;
  ready: Promise<void>;
  sockets: Map<number, ForwardingSocket>;
  waiting: Map<number, (m: FromWorker) => void>;
  open: number;
}

let shared: Shared | undefined;
let nextId = 1;

function thread(): Shared {
  if (shared) return shared;
  // The lab image runs plain JavaScript bundles without tsx (containers/lab/bundle.mjs) and names
  // the worker's own bundle; elsewhere the TypeScript source is loaded through tsx.
  const bundled = process.env.V6HARNESS_FORWARDING_WORKER;
  const worker = bundled
    ? new Worker(bundled)
    : new Worker(new URL('../../../traffic/worker-bootstrap.js', import.meta.url), {
        workerData: { module: new URL('./forwarding-worker.ts', import.meta.url).href },
      });
  const s: Shared = {
    worker,
    sockets: new Map(),
    waiting: new Map(),
    open: 0,
    ready: new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', () => {
        worker.off('error', reject);
        resolve();
      });
    }),
  };
  worker.on('message', (m: FromWorker | 'ready') => {
    if (m === 'ready') return;
    const waiter = s.waiting.get(m.id);
    if (waiter && m.op !== 'received' && m.op !== 'sendFailed') {
      s.waiting.delete(m.id);
      waiter(m);
      return;
    }
    if (m.op === 'received') s.sockets.get(m.id)?.deliver(m);
    else if (m.op === 'sendFailed') s.sockets.get(m.id)?.onSendFailed(m.message);
  });
  const gone = (why: string) => {
    if (shared === s) shared = undefined;
    for (const [id, w] of s.waiting) w({ op: 'failed', id, message: `the forwarding thread ${why}` });
    s.waiting.clear();
    for (const sock of s.sockets.values()) sock.lost(`the forwarding thread ${why}`);
    s.sockets.clear();
  };
  worker.on('error', (err) => gone(`failed: ${err.message}`));
  worker.on('exit', (code) => gone(`exited (code ${code})`));
  s.ready.catch(() => {});
  shared = s;
  return s;
}

/**
 * Starts the thread now, unreferenced, if it is not running: its start (a module loader of its
 * own) then overlaps whatever the caller does before it opens a socket.
 */
export function prepareForwardingThread(): void {
  const s = thread();
  if (s.open === 0) s.worker.unref();
}

/**
 * Whether a user plane should bind its socket in the forwarding thread: unless the batched socket
 * is missing (V6HARNESS_UDP=dgram, no addon) or V6HARNESS_FORWARDING=main.
 */
export function forwardingThreadWanted(): boolean {
  return loadNative() !== null && process.env.V6HARNESS_FORWARDING !== 'main';
}

/** Ends the thread (its sockets are lost, their owners told); the next socket starts a new one. */
export async function terminateForwardingThread(): Promise<void> {
  const s = shared;
  if (s) await s.worker.terminate();
}

function ask(s: Shared, m: ToWorker): Promise<FromWorker> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      s.waiting.delete(m.id);
      resolve({ op: 'failed', id: m.id, message: `the forwarding thread did not answer '${m.op}' in ${ANSWER_MS} ms` });
    }, ANSWER_MS);
    s.waiting.set(m.id, (answer) => {
      clearTimeout(timer);
      resolve(answer);
    });
    s.worker.postMessage(m);
  });
}

const hold = (s: Shared, by: number) => {
  s.open += by;
  if (s.open > 0) s.worker.ref();
  else s.worker.unref();
};

export interface ForwardingSocketOptions {
  address: string;
  port: number;
  recvBufferSize: number;
  /** The in-process internet's echo, answered in the worker for the sessions in `table`. */
  echo?: UdpEchoHosts;
}

export class ForwardingSocket implements UdpSocketLike {
  readonly kind = 'mmsg' as const;
  /** The sessions the worker may answer for (fast-path-table.ts). */
  readonly table: FastPathWriter;
  private readonly counters: Float64Array;
  private bound?: { address: string; port: number };
  private closed = false;
  private queue: Buffer[] = [];
  private queuePorts: number[] = [];
  private queueAddresses: string[] = [];
  private queued = 0;

  private constructor(
    private readonly s: Shared,
    private readonly id: number,
    private readonly onMessage: (msg: Buffer, from: Remote) => void,
    readonly tableBuffer: SharedArrayBuffer,
    readonly countersBuffer: SharedArrayBuffer,
  ) {
    this.table = new FastPathWriter(tableBuffer);
    this.counters = new Float64Array(countersBuffer);
  }

  /** Binds in the forwarding thread; rejects as dgram's bind would (err.code EADDRINUSE...). */
  static async open(
    o: ForwardingSocketOptions,
    onMessage: (msg: Buffer, from: Remote) => void,
  ): Promise<ForwardingSocket> {
    const s = thread();
    hold(s, 1);
    try {
      await s.ready;
      const id = nextId++;
      const sock = new ForwardingSocket(
        s,
        id,
        onMessage,
        newFastPathTable(),
        new SharedArrayBuffer(COUNTERS * Float64Array.BYTES_PER_ELEMENT),
      );
      s.sockets.set(id, sock);
      const answer = await ask(s, {
        op: 'open',
        id,
        address: o.address,
        port: o.port,
        recvBufferSize: o.recvBufferSize,
        table: sock.tableBuffer,
        counters: sock.countersBuffer,
        echo: o.echo,
      });
      if (answer.op !== 'opened') {
        s.sockets.delete(id);
        const message = answer.op === 'failed' ? answer.message : `unexpected answer ${answer.op}`;
        throw Object.assign(new Error(message), { code: answer.op === 'failed' ? answer.code : undefined });
      }
      sock.bound = { address: o.address, port: answer.port };
      return sock;
    } catch (err) {
      hold(s, -1);
      throw err;
    }
  }

  address(): { address: string; port: number } {
    if (!this.bound) throw new Error('the forwarding socket is not bound');
    return this.bound;
  }

  /** G-PDUs the worker forwarded (answered) on its own. */
  get forwarded(): number {
    return this.counters[FORWARDED];
  }

  /** Of those, answers of the in-process internet's echo. */
  get echoed(): number {
    return this.counters[ECHOED];
  }

  get dropped(): number {
    return this.counters[DROPPED];
  }

  send(data: Uint8Array, port: number, address: string): void {
    if (this.closed) return;
    // Copied now: the caller may reuse its buffer, as with the batched socket.
    this.queue.push(Buffer.from(data));
    this.queuePorts.push(port);
    this.queueAddresses.push(address);
    this.queued += data.length;
    if (this.queue.length === 1) setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    if (this.closed || this.queue.length === 0) return;
    const data = new Uint8Array(this.queued);
    const lengths = new Int32Array(this.queue.length);
    let at = 0;
    for (let i = 0; i < this.queue.length; i++) {
      data.set(this.queue[i], at);
      lengths[i] = this.queue[i].length;
      at += lengths[i];
    }
    const m: ToWorker = {
      op: 'send',
      id: this.id,
      data,
      lengths,
      ports: this.queuePorts,
      addresses: this.queueAddresses,
    };
    this.queue = [];
    this.queuePorts = [];
    this.queueAddresses = [];
    this.queued = 0;
    this.s.worker.postMessage(m, [data.buffer, lengths.buffer]);
  };

  /** Datagrams the worker handed over, one by one to the handler (views it may keep). */
  deliver(m: Extract<FromWorker, { op: 'received' }>): void {
    if (this.closed) return;
    for (let k = 0; k < m.addresses.length; k++) {
      const at = m.meta[k * 3];
      const len = m.meta[k * 3 + 1];
      const msg = Buffer.from(m.data.buffer, m.data.byteOffset + at, len);
      const from: Remote = {
        address: m.addresses[k],
        family: m.families[k] === 6 ? 'IPv6' : 'IPv4',
        port: m.meta[k * 3 + 2],
        size: len,
      };
      this.onMessage(msg, from);
      if (this.closed) return;
    }
  }

  /** Told when the worker could not send datagrams the main thread queued (each one is dropped). */
  onSendFailed: (why: string) => void = () => {};

  /** Told when the worker died while this socket was open (nothing arrives or leaves any more). */
  onLost: (why: string) => void = () => {};

  /** The worker died: nothing more arrives or leaves. */
  lost(why: string): void {
    if (this.closed) return;
    this.closed = true;
    hold(this.s, -1);
    this.onLost(why);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.s.sockets.delete(this.id);
    try {
      await ask(this.s, { op: 'close', id: this.id });
    } finally {
      hold(this.s, -1);
    }
  }
}
