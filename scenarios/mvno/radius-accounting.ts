import { findIe } from '../../harness/protocol/gtpv2c/index.ts';
import { SgwS5Driver } from '../../harness/drivers/sgw/index.ts';
import { withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { apnOf } from '../core/session-checks.ts';

/**
 * RADIUS accounting of IPv6 PDN connections, checked at the AAA (MVNO-L2: the MVNO's PGW and AAA;
 * TS 29.061 §16, RFC 2866): the harness, as the MNO's SGW, sets up an IPv6 and an IPv4v6 session
 * and releases them; the AAA must have an Accounting-Request Start carrying the session's /64 as
 * Framed-IPv6-Prefix (RFC 3162 §2.3; TS 29.061 §16.4.2) — and Framed-IP-Address for IPv4v6 — and
 * a Stop with the same Acct-Session-Id (RFC 2866 §5.5). Records are matched by prefix, as an
 * operator's billing would: the session id is the PGW's own.
 */
export default defineScenario({
  id: 'mvno/radius-accounting',
  title: 'RADIUS accounting Start/Stop with Framed-IPv6-Prefix for IPv6 and IPv4v6 sessions, checked at the AAA',
  covers: ['MVNO-L2', 'MNO-BACKEND'],
  tags: ['radius', 'gtpv2c', 's5', 'accounting'],
  needs: ['aaa', 'pgw'],
  async run(ctx) {
    const aaa = ctx.element('aaa');
    const pgw = ctx.element('pgw');
    apnOf(ctx, pgw, 'internet');
    ctx.expect('the lab can read the AAA\'s accounting records', { expected: 'records readable', observed: aaa.accountingRecords ? 'records readable' : `not for a ${aaa.kind} AAA (run it as a stand-in, or read its detail log)`, ok: aaa.accountingRecords !== undefined });
    const sgw = new SgwS5Driver({ pgw, recorder: ctx.recorder });
    await sgw.open();
    const sessions: { family: 'ipv6' | 'ipv4v6'; prefix: string; ipv4?: string; pgwTeid: number }[] = [];
    try {
      for (const [i, family] of (['ipv6', 'ipv4v6'] as const).entries()) {
        const { outcome } = await sgw.createSession({ imsi: `00101000000091${i}`, apn: 'internet', pdnType: family, daf: true }, ctx.signal);
        const res = outcome.kind === 'response' ? outcome.message : undefined;
        const paa = res && findIe(res, 'paa');
        const pgwTeid = res && findIe(res, 'f-teid', 1)?.teid;
        ctx.expect(`${family} session accepted`, { expected: 'cause 16 with a PAA', observed: res ? `cause ${findIe(res, 'cause')?.value}, PAA ${paa?.ipv6 ?? 'without IPv6'}` : describeOutcome(outcome), ok: paa?.ipv6 !== undefined && pgwTeid !== undefined, clause: 'TS 29.274 §7.2.2', element: 'pgw' });
        sessions.push({ family, prefix: withInterfaceId(paa!.ipv6!, '::'), ...(paa?.ipv4 ? { ipv4: paa.ipv4 } : {}), pgwTeid: pgwTeid! });
      }
      for (const s of sessions) await sgw.deleteSession(s.pgwTeid, 5, ctx.signal);
    } finally {
      await sgw.close();
    }
    // Accounting is sent as the sessions come and go; give the last Stop a moment to arrive.
    const records = aaa.accountingRecords!;
    for (let i = 0; i < 40 && records().filter((r) => r.statusType === 'Stop').length < sessions.length; i++) await new Promise((r) => setTimeout(r, 50));
    const all = records();
    ctx.log(`AAA received ${all.length} accounting record(s): ${all.map((r) => `${r.statusType} ${r.sessionId ?? '?'} ${r.framedIpv6Prefix ?? 'no IPv6 prefix'}`).join('; ')}`);
    for (const s of sessions) {
      const start = all.find((r) => r.statusType === 'Start' && r.framedIpv6Prefix === `${s.prefix}/64`);
      const anyStart = all.filter((r) => r.statusType === 'Start');
      ctx.check(`${s.family} session: Accounting Start carries Framed-IPv6-Prefix ${s.prefix}/64`, {
        expected: `${s.prefix}/64`,
        observed: start ? start.framedIpv6Prefix : anyStart.length ? `Start records with: ${anyStart.map((r) => r.framedIpv6Prefix ?? 'no Framed-IPv6-Prefix').join(', ')}` : 'no Accounting Start at all',
        ok: start !== undefined,
        clause: 'RFC 3162 §2.3, TS 29.061 §16.4.2',
        element: 'pgw',
      });
      if (!start) continue;
      ctx.check(`${s.family} session: Called-Station-Id is the APN`, { expected: 'internet', observed: start.calledStationId ?? 'absent', clause: 'TS 29.061 §16.4.7', level: 'SHOULD', element: 'pgw' });
      if (s.ipv4) ctx.check(`${s.family} session: Framed-IP-Address ${s.ipv4}`, { expected: s.ipv4, observed: start.framedIpAddress ?? 'absent', clause: 'RFC 2865 §5.8, TS 29.061 §16.4.2', element: 'pgw' });
      const stop = all.find((r) => r.statusType === 'Stop' && r.sessionId !== undefined && r.sessionId === start.sessionId);
      ctx.check(`${s.family} session: Accounting Stop with the same Acct-Session-Id`, { expected: start.sessionId ?? 'a session id', observed: stop ? stop.sessionId : 'no matching Stop', ok: stop !== undefined, clause: 'RFC 2866 §5.5', element: 'pgw' });
    }
  },
});
