import { S6aClient, describeS6aOutcome, type S6aOutcome } from '../../harness/drivers/mme/index.ts';
import type { ElementEndpoint, Subscriber } from '../../harness/lab/index.ts';
import type { Plmn } from '../../harness/protocol/common/plmn.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';

/** What the backend scenarios share: finding declared subscribers, and an MME's S6a association with the HSS. */
export function plmnOf(text: string): Plmn {
  const [mcc, mnc] = text.split('-');
  return { mcc, mnc };
}

export const homePlmnOf = (hss: ElementEndpoint): string => hss.homePlmn ?? '001-01';

/** The first declared subscriber that fits, or the scenario ends saying what the target lacks. */
export function declaredSubscriber(
  ctx: ScenarioContext,
  hss: ElementEndpoint,
  what: string,
  fits: (s: Subscriber, imsi: string) => boolean,
): { imsi: string; subscriber: Subscriber } {
  const found = Object.entries(hss.subscribers ?? {}).find(([imsi, s]) => fits(s, imsi));
  ctx.expect(`target declares ${what}`, {
    expected: `a subscriber under elements.${hss.name}.subscribers: ${what}`,
    observed: found ? 'declared' : `none (declared: ${Object.keys(hss.subscribers ?? {}).length} subscriber(s))`,
    ok: found !== undefined,
  });
  return { imsi: found![0], subscriber: found![1] };
}

/** Connects to the HSS as an MME would and expects the CEA's DIAMETER_SUCCESS (RFC 6733 §5.3.2). */
export async function associate(ctx: ScenarioContext, hss: ElementEndpoint): Promise<S6aClient> {
  const s6a = new S6aClient({ hss, recorder: ctx.recorder, realm: hss.diameterRealm });
  let cea: S6aOutcome;
  try {
    cea = await s6a.open(ctx.signal);
  } catch (e) {
    cea = { kind: 'closed', reason: e instanceof Error ? e.message : String(e) };
  }
  const ok = cea.kind === 'answer' && cea.result.kind === 'result-code' && cea.result.code === 2001;
  if (!ok) await s6a.close();
  ctx.expect('S6a capabilities exchange: CEA with DIAMETER_SUCCESS', {
    expected: 'Capabilities-Exchange-Answer Result-Code 2001',
    observed: describeS6aOutcome(cea),
    ok,
    clause: 'RFC 6733 §5.3.2, TS 29.272 §7.1.8',
    element: hss.name,
  });
  return s6a;
}

export const ulaSuccess = (o: S6aOutcome): boolean =>
  o.kind === 'answer' && o.result.kind === 'result-code' && o.result.code === 2001;
