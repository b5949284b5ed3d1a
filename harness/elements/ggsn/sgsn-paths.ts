import { encode, findIe, type Gtpv1cMessage } from '../../protocol/gtpv1c/index.ts';
import type { GgsnFault } from './faults.ts';
import type { PdpContextTable } from './pdp-contexts.ts';

/**
 * The GGSN's side of its GTP-C paths to SGSNs (TS 29.060 §7.2; TS 23.007 §18):
 * - each SGSN's restart counter, from the Recovery IE of its requests and Echo Responses; a changed
 *   counter means the SGSN restarted and lost its PDP contexts, so the GGSN deletes the ones of that
 *   path: locally, and with a Delete PDP Context Request toward the SGSN (§7.3.5);
 * - an Echo Request every `echoIntervalS` on each path in use (§7.2.1), whose Echo Response's
 *   Recovery is noted the same way; no answer after N3-REQUESTS is a path failure, logged;
 * - the GGSN's own requests, retransmitted after T3-RESPONSE up to N3-REQUESTS times (§7.6).
 */
export interface SgsnPathsOptions {
  table: PdpContextTable;
  faults: ReadonlySet<GgsnFault>;
  send: (bytes: Buffer, to: { address: string; port: number }) => void;
  restartCounter: () => number;
  /** Seconds between Echo Requests on a path in use; undefined = none sent. */
  echoIntervalS?: number;
  log?: (line: string) => void;
  t3ResponseMs?: number;
  n3Requests?: number;
}

interface Pending {
  settle: (m: Gtpv1cMessage | undefined) => void;
}

export class SgsnPaths {
  private readonly counters = new Map<string, number>();
  private readonly pending = new Map<number, Pending>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private echoTimer?: NodeJS.Timeout;
  private nextSequence = 1 + Math.floor(Math.random() * 0x7fff);
  readonly stats = { echoRequests: 0, restartsDetected: 0, deleteRequests: 0, pathFailures: 0 };

  constructor(private readonly o: SgsnPathsOptions) {}

  private stopped = false;

  start(): void {
    this.stopped = false;
    if (!this.o.echoIntervalS || this.o.faults.has('no-echo') || this.echoTimer) return;
    this.echoTimer = setInterval(() => this.echoAll(), this.o.echoIntervalS * 1000);
    this.echoTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.echoTimer);
    this.echoTimer = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const p of this.pending.values()) p.settle(undefined);
    this.pending.clear();
  }

  /** Forgets every path (the GGSN restarted). */
  clear(): void {
    this.counters.clear();
  }

  /**
   * TS 23.007 §18: the Recovery of a message on `path`. A value other than the one noted before
   * means the SGSN restarted: the path's PDP contexts are deleted. Returns how many.
   */
  noteRecovery(path: string, restartCounter: number): number {
    const before = this.counters.get(path);
    this.counters.set(path, restartCounter);
    if (before === undefined || before === restartCounter || this.o.faults.has('ignore-sgsn-restart')) return 0;
    this.stats.restartsDetected++;
    const contexts = this.o.table.ofPath(path);
    this.o.log?.(
      `SGSN ${path} restarted (Recovery ${before} → ${restartCounter}): ${contexts.length} PDP context(s) deleted`,
    );
    for (const c of contexts) {
      this.o.table.release(c);
      this.stats.deleteRequests++;
      void this.request(
        {
          type: 'delete-pdp-context-request',
          teid: c.sgsnTeidControl,
          ies: [
            { ie: 'teardown-ind', teardown: true },
            { ie: 'nsapi', nsapi: c.nsapi },
          ],
        },
        c.sgsn,
      );
    }
    return contexts.length;
  }

  /** A response from an SGSN; true when it answers one of the GGSN's requests. */
  response(m: Gtpv1cMessage): boolean {
    const p = this.pending.get(m.sequence);
    if (!p) return false;
    p.settle(m);
    return true;
  }

  /** §7.2.1: one Echo Request on each path in use. */
  private echoAll(): void {
    for (const [path, to] of this.o.table.paths()) void this.echo(path, to);
  }

  private async echo(path: string, to: { address: string; port: number }): Promise<void> {
    this.stats.echoRequests++;
    const res = await this.request({ type: 'echo-request', teid: 0, ies: [] }, to);
    if (!res) {
      if (this.stopped) return; // the GGSN stopped, not the path
      this.stats.pathFailures++;
      this.o.log?.(`path to SGSN ${path}: no Echo Response (path failure, TS 29.060 §7.2.1)`);
      return;
    }
    const rc = findIe(res, 'recovery');
    if (rc) this.noteRecovery(path, rc.restartCounter);
  }

  /** Sends a request and waits for its response (T3-RESPONSE, N3-REQUESTS; §7.6). */
  private request(
    m: Omit<Gtpv1cMessage, 'sequence'>,
    to: { address: string; port: number },
  ): Promise<Gtpv1cMessage | undefined> {
    const sequence = this.nextSequence;
    this.nextSequence = this.nextSequence >= 0xffff ? 1 : this.nextSequence + 1;
    const bytes = encode({ ...m, sequence });
    const t3 = this.o.t3ResponseMs ?? 1000;
    let left = this.o.n3Requests ?? 2;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (res: Gtpv1cMessage | undefined) => {
        if (timer) {
          clearTimeout(timer);
          this.timers.delete(timer);
        }
        this.pending.delete(sequence);
        resolve(res);
      };
      const attempt = () => {
        this.o.send(bytes, to);
        timer = setTimeout(() => {
          this.timers.delete(timer!);
          if (left-- > 0) attempt();
          else settle(undefined);
        }, t3);
        timer.unref();
        this.timers.add(timer);
      };
      this.pending.set(sequence, { settle });
      attempt();
    });
  }
}
