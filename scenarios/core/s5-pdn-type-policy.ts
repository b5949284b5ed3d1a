import { findIe, gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from './describe-outcome.ts';
import { expectedPdn, PDN_TYPE_NUMBER } from './expected-pdn.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * The PGW enforces the APN's PDN type policy (TS 23.401 §5.3.1.1): IPv4v6 on a single-family APN
 * → cause 18 and that family; IPv4v6 without DAF or on a single-address-bearer APN → cause 19;
 * a family the APN does not offer → cause 83. An element that grants IPv6 on an APN declared
 * IPv4-only fails here even though its session "worked".
 */
const CASES = {
  'v4v6-on-v4-only': { role: 'ipv4Only', pdn: 'ipv4v6', daf: true },
  'v4v6-on-v6-only': { role: 'ipv6Only', pdn: 'ipv4v6', daf: true },
  'v4v6-without-daf': { role: 'dualStack', pdn: 'ipv4v6', daf: false },
  'v6-on-v4-only': { role: 'ipv4Only', pdn: 'ipv6', daf: true },
  'v4-on-v6-only': { role: 'ipv6Only', pdn: 'ipv4', daf: true },
} as const;

export default defineScenario({
  id: 'core/s5-pdn-type-policy',
  title: 'S5/S8 PDN type policy: causes 18, 19 and 83',
  covers: ['MNO-CORE', 'MNO-TERM'],
  tags: ['gtpv2c', 's5', 'session', 'pdn-type'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  params: { case: Object.keys(CASES) as (keyof typeof CASES)[] },
  async run(ctx, { sgw }) {
    const c = CASES[ctx.params.case];
    const pgw = ctx.element('pgw');
    const { name: apnName, policy: apn } = ctx.apn(pgw, c.role);
    const { outcome } = await sgw.createSession(
      { imsi: '001010000000002', apn: apnName, pdnType: c.pdn, daf: c.daf },
      ctx.signal,
    );
    ctx.expect('PGW answers the Create Session Request', {
      expected: 'create-session-response',
      observed: describeOutcome(outcome),
      ok: outcome.kind === 'response',
      clause: 'TS 29.274 §7.2.2',
      element: 'pgw',
    });
    if (outcome.kind !== 'response') return;
    const want = expectedPdn(c.pdn, c.daf, apn);
    ctx.check(
      `cause for ${c.pdn} on APN ${apnName} (declared ${apn.pdnTypes}${apn.singleAddressBearersOnly ? ', single address bearers only' : ''}), DAF ${c.daf ? 'set' : 'not set'}`,
      {
        expected: gtpv2cCause(want.cause),
        observed: gtpv2cCause(findIe(outcome.message, 'cause')?.value),
        clause: 'TS 23.401 §5.3.1.1, TS 29.274 §8.4',
        element: 'pgw',
      },
    );
    const paa = findIe(outcome.message, 'paa');
    ctx.check('granted PDN type', {
      expected: want.granted ? PDN_TYPE_NUMBER[want.granted] : 'no PAA (rejected)',
      observed: paa ? paa.pdnType : 'no PAA (rejected)',
      clause: 'TS 29.274 §8.14',
      element: 'pgw',
    });
    const pgwTeid = findIe(outcome.message, 'f-teid', 1)?.teid;
    if (pgwTeid !== undefined) await sgw.deleteSession(pgwTeid, 5, ctx.signal);
  },
});
