import { findIe } from '../../harness/protocol/gtpv2c/index.ts';
import { SgwS5Driver } from '../../harness/drivers/sgw/index.ts';
import { withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import type { ElementEndpoint } from '../../harness/lab/index.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { apnOf } from '../core/session-checks.ts';
import { checkAccountingStart, checkAccountingStop, type AccountedSession } from './accounting-checks.ts';

/**
 * RADIUS accounting of IPv6 PDN connections, checked at the AAA (MVNO-L2: the MVNO's PGW and AAA;
 * TS 29.061 §16, RFC 2866): the harness, as the MNO's SGW, sets up an IPv6 and an IPv4v6 session
 * and releases them; the AAA must have an Accounting-Request Start carrying the session's /64 as
 * Framed-IPv6-Prefix (RFC 3162 §2.3; TS 29.061 §16.4.3) — and Framed-IP-Address for IPv4v6 — and a
 * Stop with the same Acct-Session-Id and prefix (RFC 2866 §5.5; TS 29.061 §16.4.4). Records are
 * matched by prefix, as an operator's billing would: the session id is the PGW's own. The AAA is
 * read through the lab: the AAA stand-in's list, or freeradius's `detail` file in the docker lab.
 */
const SESSIONS = [
  { family: 'ipv6', imsi: '001010000000910', msisdn: '819012340910' },
  { family: 'ipv4v6', imsi: '001010000000911', msisdn: '819012340911' },
] as const;

/** How long the AAA may take to have the last Stop (RFC 2866 §2: the NAS retransmits after a second or so). */
const SETTLE_MS = 4000;

export default defineScenario({
  id: 'mvno/radius-accounting',
  title: 'RADIUS accounting Start/Stop with Framed-IPv6-Prefix for IPv6 and IPv4v6 sessions, checked at the AAA',
  covers: ['MVNO-L2', 'MNO-BACKEND'],
  tags: ['radius', 'gtpv2c', 's5', 'accounting'],
  needs: ['aaa', 'pgw'],
  async run(ctx) {
    const aaa = ctx.element('aaa');
    const pgw = ctx.element('pgw');
    const read = aaa.accountingRecords;
    if (!read) ctx.skip(`the lab cannot read the accounting records of a ${aaa.kind} AAA at ${aaa.address} (run it as a stand-in or in the docker lab, or look for Framed-IPv6-Prefix in its own log)`);
    const apn = apnOf(ctx, pgw, 'internet');
    const sgw = new SgwS5Driver({ pgw, recorder: ctx.recorder });
    await sgw.open();
    const sessions: AccountedSession[] = [];
    try {
      for (const s of SESSIONS) {
        const { outcome } = await sgw.createSession({ imsi: s.imsi, msisdn: s.msisdn, apn: 'internet', pdnType: s.family, daf: true }, ctx.signal);
        const res = outcome.kind === 'response' ? outcome.message : undefined;
        const paa = res && findIe(res, 'paa');
        const pgwTeid = res && findIe(res, 'f-teid', 1)?.teid;
        ctx.expect(`${s.family} session accepted`, { expected: 'cause 16 with a PAA', observed: res ? `cause ${findIe(res, 'cause')?.value}, PAA ${paa?.ipv6 ?? 'without IPv6'}` : describeOutcome(outcome), ok: paa?.ipv6 !== undefined && pgwTeid !== undefined, clause: 'TS 29.274 §7.2.2', element: 'pgw' });
        sessions.push({ ...s, apn: 'internet', prefix: `${withInterfaceId(paa!.ipv6!, '::')}/64`, ...(paa?.ipv4 ? { ipv4: paa.ipv4 } : {}), pgwTeid: pgwTeid!, ...(apn.prefixDelegation ? { delegatedLength: apn.prefixDelegation } : {}) });
      }
      for (const s of sessions) await sgw.deleteSession(s.pgwTeid, 5, ctx.signal);
    } finally {
      await sgw.close();
    }
    const all = await settledRecords(ctx, read!, sessions.length);
    ctx.log(`AAA ${aaa.kind === 'real' ? '(freeradius detail) ' : ''}received ${all.length} accounting record(s): ${all.map((r) => `${r.statusType} ${r.sessionId ?? '?'} ${r.framedIpv6Prefix ?? 'no IPv6 prefix'}`).join('; ')}`);
    ctx.metric('accounting_records', all.length, 'records');
    for (const s of sessions) {
      const start = checkAccountingStart(ctx, s, all);
      if (start) checkAccountingStop(ctx, s, start, all);
    }
  },
});

/** The AAA's records once a Stop for every session is there, or when SETTLE_MS has passed. */
async function settledRecords(ctx: ScenarioContext, read: NonNullable<ElementEndpoint['accountingRecords']>, sessions: number) {
  const until = Date.now() + SETTLE_MS;
  let all = await read();
  while (all.filter((r) => r.statusType === 'Stop').length < sessions && Date.now() < until && !ctx.signal.aborted) {
    await new Promise((r) => setTimeout(r, 100));
    all = await read();
  }
  return all;
}
