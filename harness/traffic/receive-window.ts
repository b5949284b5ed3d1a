import { performance } from 'node:perf_hooks';

/**
 * The interval a receiver measures over: it opens `warmupMs` after the first arrival (so
 * connection set-up, TCP slow start and a shaper's initial bucket of tokens stay outside it) and
 * closes `durationMs` later. Both edges are taken at an arrival (the time and the counts of the
 * last one before the timer fired), so the rate is bytes between two arrivals over the time
 * between them, whatever the timers' own delay.
 */
export interface WindowResult {
  bytes: number;
  packets: number;
  seconds: number;
  /** The `mark` the owner kept (e.g. the highest sequence number) at each edge. */
  markAtStart: number;
  markAtEnd: number;
  /** How long before the window closed the last arrival came (large: the traffic had stopped). */
  idleAtEndMs: number;
}

export class ReceiveWindow {
  bytes = 0;
  packets = 0;
  /** Free for the owner: read at both edges (a UDP receiver keeps its highest sequence here). */
  mark = -1;
  private lastAt = 0;
  private start?: { at: number; bytes: number; packets: number; mark: number };
  private resolve!: (r: WindowResult) => void;
  readonly done: Promise<WindowResult>;

  constructor(
    private readonly warmupMs: number,
    private readonly durationMs: number,
  ) {
    this.done = new Promise((r) => (this.resolve = r));
  }

  /** Hot path: one call per read or per batch of datagrams; no allocation. */
  count(bytes: number, packets: number): void {
    if (this.lastAt === 0) setTimeout(this.open, this.warmupMs);
    this.bytes += bytes;
    this.packets += packets;
    this.lastAt = performance.now();
  }

  private readonly open = (): void => {
    this.start = { at: this.lastAt, bytes: this.bytes, packets: this.packets, mark: this.mark };
    setTimeout(this.close, this.durationMs);
  };

  private readonly close = (): void => {
    const s = this.start!;
    this.resolve({
      bytes: this.bytes - s.bytes,
      packets: this.packets - s.packets,
      seconds: (this.lastAt - s.at) / 1000,
      markAtStart: s.mark,
      markAtEnd: this.mark,
      idleAtEndMs: performance.now() - this.lastAt,
    });
  };
}
