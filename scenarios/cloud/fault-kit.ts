import { SgwS5Driver, recoveryOf } from '../../harness/drivers/sgw/index.ts';
import type { ElementControl } from '../../harness/lab/index.ts';
import { findIe } from '../../harness/protocol/gtpv2c/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { GRANTS_IPV6 } from '../core/session-checks.ts';

/**
 * What the cloud fault scenarios share: the fault injector of the docker lab, an Echo path monitor
 * that measures detection and recovery, and a batch of sessions to count what a fault cost.
 */
export function controlOf(ctx: ScenarioContext, element: string): ElementControl {
  const control = ctx.element(element).control;
  ctx.expect(`the lab can inject faults into ${element}`, {
    expected: 'fault injection',
    observed: control ? 'available' : 'not on this lab (the docker lab has it: --target targets/docker.yaml)',
    ok: !!control,
    element: 'lab',
  });
  return control!;
}

/**
 * The SGW's view of the S5/S8 path (TS 23.007 §20): an Echo Request every `intervalMs`, each given
 * T3 = `t3Ms` and no retransmission; the path is down after N3 = 3 unanswered Echos in a row, up
 * at the first answer (whose Recovery IE is kept).
 */
export class EchoPathMonitor {
  readonly sgw: SgwS5Driver;
  constructor(
    ctx: ScenarioContext,
    element: string,
    private readonly intervalMs = 100,
    t3Ms = 200,
  ) {
    this.sgw = new SgwS5Driver({
      pgw: ctx.element(element),
      recorder: ctx.recorder,
      timers: { t3ResponseMs: t3Ms, n3Requests: 0 },
    });
  }

  open(): Promise<unknown> {
    return this.sgw.open();
  }

  /** Milliseconds from `since` until the path is down (3 misses), or undefined after `withinMs`. */
  async down(since: number, withinMs: number, signal: AbortSignal): Promise<number | undefined> {
    let misses = 0;
    while (performance.now() - since < withinMs && !signal.aborted) {
      const echo = await this.sgw.echo(signal);
      misses = echo.kind === 'response' ? 0 : misses + 1;
      if (misses >= 3) return performance.now() - since;
      await new Promise((r) => setTimeout(r, this.intervalMs));
    }
    return undefined;
  }

  /** Milliseconds from `since` until an Echo is answered, with the answer's restart counter. */
  async up(
    since: number,
    withinMs: number,
    signal: AbortSignal,
  ): Promise<{ ms: number; restartCounter?: number } | undefined> {
    while (performance.now() - since < withinMs && !signal.aborted) {
      const echo = await this.sgw.echo(signal);
      if (echo.kind === 'response') return { ms: performance.now() - since, restartCounter: recoveryOf(echo.message) };
      await new Promise((r) => setTimeout(r, this.intervalMs));
    }
    return undefined;
  }

  close(): Promise<void> {
    return this.sgw.close();
  }
}

/**
 * The starting point every PGW fault scenario checks: the S5/S8 path answers Echo and `n` sessions
 * are set up. Returns the Echo answer (with its restart counter) and the sessions' PGW TEIDs.
 */
export async function beforeFault(
  ctx: ScenarioContext,
  monitor: EchoPathMonitor,
  sgw: SgwS5Driver,
  n: number,
  imsiBase: number,
): Promise<{ before?: { ms: number; restartCounter?: number }; teids: number[] }> {
  const before = await monitor.up(performance.now(), 2000, ctx.signal);
  ctx.expect('the S5/S8 path is up before the fault', {
    expected: 'Echo answered',
    observed: before ? `answered, restart counter ${before.restartCounter}` : 'no answer',
    ok: !!before,
    element: 'pgw',
  });
  const { teids } = await createSessions(ctx, sgw, n, imsiBase);
  ctx.expect(`${n} sessions before the fault`, { expected: n, observed: teids.length, element: 'pgw' });
  return { before, teids };
}

/** Creates `n` IPv6 sessions; returns the PGW TEIDs of those accepted. */
export async function createSessions(
  ctx: ScenarioContext,
  sgw: SgwS5Driver,
  n: number,
  imsiBase: number,
  apn = ctx.apn(ctx.element('pgw'), GRANTS_IPV6).name,
): Promise<{ teids: number[]; latenciesMs: number[] }> {
  const teids: number[] = [];
  const latenciesMs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const { outcome } = await sgw.createSession(
      { imsi: String(imsiBase + i).padStart(15, '0'), apn, pdnType: 'ipv6', daf: true },
      ctx.signal,
    );
    latenciesMs.push(performance.now() - t);
    const teid =
      outcome.kind === 'response' && findIe(outcome.message, 'cause')?.value === 16
        ? findIe(outcome.message, 'f-teid', 1)?.teid
        : undefined;
    if (teid !== undefined) teids.push(teid);
  }
  return { teids, latenciesMs };
}

/**
 * The same set-ups all at once (a burst, as an attach storm after an outage brings them): latency
 * of each from the burst's start, and when each answer came (ms after the start).
 */
export async function createSessionsAtOnce(
  ctx: ScenarioContext,
  sgw: SgwS5Driver,
  n: number,
  imsiBase: number,
  apn = ctx.apn(ctx.element('pgw'), GRANTS_IPV6).name,
): Promise<{ teids: number[]; latenciesMs: number[] }> {
  const t = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const { outcome } = await sgw.createSession(
        { imsi: String(imsiBase + i).padStart(15, '0'), apn, pdnType: 'ipv6', daf: true },
        ctx.signal,
      );
      return { outcome, ms: performance.now() - t };
    }),
  );
  const teids = outcomes.flatMap(({ outcome }) => {
    const teid =
      outcome.kind === 'response' && findIe(outcome.message, 'cause')?.value === 16
        ? findIe(outcome.message, 'f-teid', 1)?.teid
        : undefined;
    return teid === undefined ? [] : [teid];
  });
  return { teids, latenciesMs: outcomes.map((o) => o.ms) };
}

/** Deletes the sessions; returns how many the PGW still held (cause 16) and how many it had lost (cause 64). */
export async function deleteSessions(
  ctx: ScenarioContext,
  sgw: SgwS5Driver,
  teids: number[],
): Promise<{ held: number; lost: number; other: number }> {
  const out = { held: 0, lost: 0, other: 0 };
  for (const teid of teids) {
    const del = await sgw.deleteSession(teid, 5, ctx.signal);
    const cause = del.kind === 'response' ? findIe(del.message, 'cause')?.value : undefined;
    if (cause === 16) out.held++;
    else if (cause === 64) out.lost++;
    else out.other++;
  }
  return out;
}
