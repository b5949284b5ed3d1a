import { GTPV1C_CAUSE, type Gtpv1cMessage } from '../../protocol/gtpv1c/index.ts';

/** The TEIDs of a PDP context the SGSN holds (its own TEID-C and the GGSN's). */
interface Held {
  teidControl: number;
  ggsnTeidControl: number;
}

/**
 * The SGSN's answers to what a GGSN asks on its own (TS 29.060): Echo Response with our Recovery
 * (§7.2.2), Delete PDP Context Response (§7.3.6) with cause 128 for a context we hold and 192
 * "Non-existent" for one we do not (a restarted SGSN holds none). Every request is kept, with when
 * it came, so a scenario can say what the GGSN sent and wait for it.
 */
export class GgsnRequests {
  private readonly held = new Map<number, Held>();
  readonly received: { message: Gtpv1cMessage; at: number }[] = [];
  private readonly waiters = new Set<(m: Gtpv1cMessage) => boolean>();

  constructor(private readonly restartCounter: () => number) {}

  hold(ctx: Held): void {
    this.held.set(ctx.teidControl, ctx);
  }

  forget(ctx: Held): void {
    this.held.delete(ctx.teidControl);
  }

  forgetAll(): void {
    this.held.clear();
  }

  answer(m: Gtpv1cMessage): Gtpv1cMessage | undefined {
    this.received.push({ message: m, at: performance.now() });
    for (const w of this.waiters) if (w(m)) this.waiters.delete(w);
    if (m.type === 'echo-request')
      return {
        type: 'echo-response',
        teid: 0,
        sequence: m.sequence,
        ies: [{ ie: 'recovery', restartCounter: this.restartCounter() }],
      };
    if (m.type === 'delete-pdp-context-request') {
      const ctx = this.held.get(m.teid);
      if (ctx) this.held.delete(m.teid);
      return {
        type: 'delete-pdp-context-response',
        teid: ctx?.ggsnTeidControl ?? 0,
        sequence: m.sequence,
        ies: [{ ie: 'cause', value: ctx ? GTPV1C_CAUSE.REQUEST_ACCEPTED : GTPV1C_CAUSE.NON_EXISTENT }],
      };
    }
    return undefined;
  }

  /** The first request from now on that `match` accepts, or undefined after `ms`. */
  next(match: (m: Gtpv1cMessage) => boolean, ms: number, signal?: AbortSignal): Promise<Gtpv1cMessage | undefined> {
    return new Promise((resolve) => {
      const done = (m?: Gtpv1cMessage) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
        resolve(m);
      };
      const waiter = (m: Gtpv1cMessage) => {
        if (!match(m)) return false;
        done(m);
        return true;
      };
      const timer = setTimeout(() => done(), ms);
      const onAbort = () => done();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }
}
