import type { ElementEndpoint } from '../../harness/lab/types.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';

type N16Records = Awaited<ReturnType<NonNullable<ElementEndpoint['n16']>>>;

/** How long the N16 records of a release have to show up after the UE's release is answered. */
const RECORDED_WITHIN_MS = 2000;

/**
 * What the lab can read of N16 for one PDU session of a home-routed UE: the H-SMF's own records
 * where it runs as a stand-in, else the V-SMF's (either side saw the whole exchange); undefined
 * when neither is readable (two external SMFs): then the N16 checks are not made.
 */
async function recordsOf(
  hsmf: ElementEndpoint,
  vsmf: ElementEndpoint,
  imsi: string,
  pduSessionId: number,
): Promise<N16Records | undefined> {
  const read = hsmf.n16 ?? vsmf.n16;
  if (!read) return undefined;
  return (await read()).filter((r) => r.pduSessionId === pduSessionId && r.supi.endsWith(imsi));
}

/**
 * Which SMF decided a rejected home-routed PDU session: the H-SMF when its answer to the N16
 * Create was the reject (TS 29.502 §5.2.2.7.3: 4xx with PduSessionCreateError and the 5GSM cause
 * the V-SMF puts in the Establishment Reject), else the V-SMF.
 */
export async function rejectedBy(
  hsmf: ElementEndpoint,
  vsmf: ElementEndpoint,
  imsi: string,
  pduSessionId: number,
): Promise<{ element: 'hsmf' | 'vsmf'; why: string }> {
  const create = (await recordsOf(hsmf, vsmf, imsi, pduSessionId))?.findLast((r) => r.op === 'create');
  if (create && create.status >= 300)
    return {
      element: 'hsmf',
      why: `the H-SMF answered N16 Create ${create.status}${create.n1smCause ? ` with n1smCause ${create.n1smCause}` : ''}`,
    };
  return { element: 'vsmf', why: create ? `the H-SMF answered N16 Create ${create.status}` : 'no N16 Create seen' };
}

/**
 * After a UE-requested release of a home-routed session (TS 23.502 §4.3.4.3): the V-SMF forwarded
 * it to the H-SMF (step 1a: Nsmf_PDUSession_Update with requestIndication UE_REQ_PDU_SES_REL and
 * the Release Request's IEs in n1SmInfoFromUe, TS 29.502 §5.2.2.8.2), and the H-SMF released
 * (steps 2-3: its Update to the V-SMF with the release and the Release Command's 5GSM cause,
 * §5.2.2.8.3). Judged where the lab can read either SMF's N16 records.
 */
export async function checkHomeRelease(
  ctx: ScenarioContext,
  hsmf: ElementEndpoint,
  vsmf: ElementEndpoint,
  imsi: string,
  pduSessionId: number,
): Promise<void> {
  const until = Date.now() + RECORDED_WITHIN_MS;
  let recs = await recordsOf(hsmf, vsmf, imsi, pduSessionId);
  if (!recs) return;
  const released = (rs: N16Records) => rs.some((r) => r.op === 'vsmf-update' && r.status < 300);
  while (!released(recs) && Date.now() < until && !ctx.signal.aborted) {
    await new Promise((r) => setTimeout(r, 50));
    recs = (await recordsOf(hsmf, vsmf, imsi, pduSessionId)) ?? [];
  }
  const update = recs.findLast((r) => r.op === 'update');
  ctx.check("the V-SMF forwards the UE's release to the H-SMF (Nsmf_PDUSession_Update)", {
    expected: 'requestIndication UE_REQ_PDU_SES_REL with n1SmInfoFromUe',
    observed: update
      ? `requestIndication ${update.requestIndication ?? 'none'}${update.n1SmInfo ? ' with n1SmInfoFromUe' : ' without n1SmInfoFromUe'}`
      : `no Update; N16: ${recs.map((r) => `${r.op} ${r.status}`).join(', ') || 'nothing'}`,
    ok: update?.requestIndication === 'UE_REQ_PDU_SES_REL' && update.n1SmInfo === true,
    clause: 'TS 23.502 §4.3.4.3 step 1a, TS 29.502 §5.2.2.8.2',
    element: 'vsmf',
  });
  if (update?.requestIndication !== 'UE_REQ_PDU_SES_REL') return;
  const back = recs.findLast((r) => r.op === 'vsmf-update');
  ctx.check("the H-SMF releases its PDU session and tells the V-SMF (its Update with the Release Command's cause)", {
    expected: 'Update answered 2xx, then requestIndication UE_REQ_PDU_SES_REL or NW_REQ_PDU_SES_REL with n1smCause',
    observed: `Update answered ${update.status}${
      back
        ? `, then requestIndication ${back.requestIndication ?? 'none'}${back.n1smCause ? ` with n1smCause ${back.n1smCause}` : ' without n1smCause'} (answered ${back.status})`
        : `, then no Update from the H-SMF within ${RECORDED_WITHIN_MS / 1000} s`
    }`,
    ok:
      update.status < 300 &&
      back !== undefined &&
      back.status < 300 &&
      (back.requestIndication === 'UE_REQ_PDU_SES_REL' || back.requestIndication === 'NW_REQ_PDU_SES_REL') &&
      back.n1smCause !== undefined,
    clause: 'TS 23.502 §4.3.4.3 steps 2-3, TS 29.502 §5.2.2.8.3',
    element: 'hsmf',
  });
}
