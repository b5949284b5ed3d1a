import type { ElementEndpoint } from '../../harness/lab/types.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';

/** How long the SMF has, after the UE's PDU Session Release Complete, to notify the AMF. */
const NOTIFY_WITHIN_MS = 5000;

/**
 * After a UE-requested PDU session release, the SMF tells the AMF the SM context is released:
 * Nsmf_PDUSession_SMContextStatusNotify with resourceStatus RELEASED (TS 23.502 §4.3.4.2 step 11,
 * TS 29.502 §5.2.2.5). Judged where the lab can read what the AMF received (the AMF stand-in in
 * process, relaying to an SMF stand-in or to an external SMF); elsewhere the check is not made.
 */
export async function checkReleasedNotify(
  ctx: ScenarioContext,
  at: string,
  amf: ElementEndpoint,
  sm: string,
  supi: string,
  pduSessionId: number,
  before: number,
): Promise<void> {
  const read = amf.smContextStatus;
  if (!read || sm === 'amf') return;
  const mine = (all: readonly { supi: string; pduSessionId: number; resourceStatus: string }[]) =>
    all.filter((n) => n.supi === supi && n.pduSessionId === pduSessionId).slice(before);
  const until = Date.now() + NOTIFY_WITHIN_MS;
  let got = mine(await read());
  while (got.length === 0 && Date.now() < until && !ctx.signal.aborted) {
    await new Promise((r) => setTimeout(r, 50));
    got = mine(await read());
  }
  ctx.check(`${at}: SmContextStatusNotify RELEASED to the AMF after the release`, {
    expected: 'resourceStatus RELEASED',
    observed: got.length
      ? got.map((n) => `resourceStatus ${n.resourceStatus}`).join(', ')
      : `none within ${NOTIFY_WITHIN_MS / 1000} s`,
    ok: got.some((n) => n.resourceStatus === 'RELEASED'),
    clause: 'TS 23.502 §4.3.4.2 step 11, TS 29.502 §5.2.2.5',
    element: sm,
  });
}

/** How many notifications the AMF holds for this PDU session now (the later ones are the release's). */
export async function notifyCount(amf: ElementEndpoint, supi: string, pduSessionId: number): Promise<number> {
  const all = (await amf.smContextStatus?.()) ?? [];
  return all.filter((n) => n.supi === supi && n.pduSessionId === pduSessionId).length;
}
