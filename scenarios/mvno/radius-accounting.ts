import { findIe, gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import {
  checkAccountingStart,
  checkAccountingStop,
  settledRecords,
  accountingReader,
  type AccountedSession,
} from './accounting-checks.ts';

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

export default defineScenario({
  id: 'mvno/radius-accounting',
  title: 'RADIUS accounting Start/Stop with Framed-IPv6-Prefix for IPv6 and IPv4v6 sessions, checked at the AAA',
  covers: ['MVNO-L2', 'MNO-BACKEND'],
  tags: ['radius', 'gtpv2c', 's5', 'accounting'],
  needs: ['aaa', 'pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const aaa = ctx.element('aaa');
    const pgw = ctx.element('pgw');
    const read = accountingReader(ctx, aaa);
    const { name: apnName, policy: apn } = ctx.apn(pgw, 'dualStack');
    const sessions: AccountedSession[] = [];
    for (const s of SESSIONS) {
      const { outcome } = await sgw.createSession(
        { imsi: s.imsi, msisdn: s.msisdn, apn: apnName, pdnType: s.family, daf: true },
        ctx.signal,
      );
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      const paa = res && findIe(res, 'paa');
      const pgwTeid = res && findIe(res, 'f-teid', 1)?.teid;
      ctx.expect(`${s.family} session accepted`, {
        expected: `cause ${gtpv2cCause(16)} with a PAA`,
        observed: res
          ? `cause ${gtpv2cCause(findIe(res, 'cause')?.value)}, PAA ${paa?.ipv6 ?? 'without IPv6'}`
          : describeOutcome(outcome),
        ok: paa?.ipv6 !== undefined && pgwTeid !== undefined,
        clause: 'TS 29.274 §7.2.2',
        element: 'pgw',
      });
      sessions.push({
        ...s,
        apn: apnName,
        prefix: `${withInterfaceId(paa!.ipv6!, '::')}/64`,
        ...(paa?.ipv4 ? { ipv4: paa.ipv4 } : {}),
        teid: pgwTeid!,
        ...(apn.prefixDelegation ? { delegatedLength: apn.prefixDelegation } : {}),
      });
    }
    for (const s of sessions) await sgw.deleteSession(s.teid, 5, ctx.signal);
    const all = await settledRecords(ctx, read, sessions.length);
    ctx.log(
      `AAA ${aaa.kind === 'real' ? '(freeradius detail) ' : ''}received ${all.length} accounting record(s): ${all.map((r) => `${r.statusType} ${r.sessionId ?? '?'} ${r.framedIpv6Prefix ?? 'no IPv6 prefix'}`).join('; ')}`,
    );
    ctx.metric('accounting_records', all.length, 'records');
    for (const s of sessions) {
      const start = checkAccountingStart(ctx, s, all);
      if (start) checkAccountingStop(ctx, s, start, all);
    }
  },
});
