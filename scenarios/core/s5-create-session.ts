import { gtpv2cCause, findIe } from '../../harness/protocol/gtpv2c/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from './describe-outcome.ts';
import { expectedPdn } from './expected-pdn.ts';
import { checkAcceptedSession } from './session-checks.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * Create Session over S5/S8 for each PDN type on the dual-stack APN (TS 29.274 §7.2.1/§7.2.2):
 * the cause, the PAA and the F-TEIDs the PGW answers with, judged against the APN policy the
 * target declares; then Delete Session frees it (§7.2.9/§7.2.10).
 */
export default defineScenario({
  id: 'core/s5-create-session',
  title: 'S5/S8 Create Session on the dual-stack APN',
  covers: ['MNO-CORE', 'MVNO-L2'],
  tags: ['gtpv2c', 's5', 'session'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  params: { pdn: ['ipv4', 'ipv6', 'ipv4v6'] },
  async run(ctx, { sgw }) {
    const pgw = ctx.element('pgw');
    const { name: apnName, policy: apn } = ctx.apn(pgw, 'dualStack');
    const { outcome, sgwTeid } = await sgw.createSession(
      { imsi: '001010000000001', apn: apnName, pdnType: ctx.params.pdn, daf: true, pco: ['dns-ipv6', 'dns-ipv4'] },
      ctx.signal,
    );
    ctx.expect('PGW answers the Create Session Request', {
      expected: 'create-session-response',
      observed: describeOutcome(outcome),
      ok: outcome.kind === 'response' && outcome.message.type === 'create-session-response',
      clause: 'TS 29.274 §7.2.2, §7.6',
      element: 'pgw',
    });
    if (outcome.kind !== 'response') return;
    const res = outcome.message;
    ctx.metric('session_setup', outcome.rttMs, 'ms');
    ctx.check('response is addressed to the SGW TEID', {
      expected: sgwTeid,
      observed: res.teid,
      clause: 'TS 29.274 §5.5.2',
      element: 'pgw',
    });
    const want = expectedPdn(ctx.params.pdn, true, apn);
    ctx.check('cause', {
      expected: gtpv2cCause(want.cause),
      observed: gtpv2cCause(findIe(res, 'cause')?.value),
      clause: 'TS 29.274 §8.4, TS 23.401 §5.3.1.1',
      element: 'pgw',
    });
    if (!want.granted) return;
    checkAcceptedSession(ctx, res, want.granted, apn);
    const pgwTeid = findIe(res, 'f-teid', 1)?.teid;
    if (pgwTeid === undefined) return;
    const del = await sgw.deleteSession(pgwTeid, 5, ctx.signal);
    ctx.checkMatch(
      'Delete Session Response, cause 16',
      { type: 'delete-session-response', teid: sgwTeid },
      del.kind === 'response' ? del.message : describeOutcome(del),
      { clause: 'TS 29.274 §7.2.10', element: 'pgw' },
    );
    ctx.check('Delete Session cause', {
      expected: gtpv2cCause(16),
      observed: del.kind === 'response' ? gtpv2cCause(findIe(del.message, 'cause')?.value) : describeOutcome(del),
      clause: 'TS 29.274 §7.2.10',
      element: 'pgw',
    });
  },
});
