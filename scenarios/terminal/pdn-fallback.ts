import { gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { s11Session } from '../../harness/drivers/mme/index.ts';
import { esmAnswer, type EsmAnswer, type PdnFamily } from '../../harness/drivers/mme/esm-cause.ts';
import { connect, heldFamilies } from '../../harness/drivers/ue/pdn-fallback.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { expectedPdn } from '../core/expected-pdn.ts';
import { useIpv6, useIpv6Fixtures } from './use-ipv6.ts';
import type { ApnRole } from '../../harness/lab/index.ts';

/**
 * Terminal PDN type fallback (MNO-TERM; TS 24.301 §6.5.1.3-§6.5.1.4; RFC 7849 C_REC#6/#9/#10):
 * a UE with a given profile attaches through the SGW to the PGW on an APN with a declared policy.
 * Network side: every GTP cause is what the declared policy demands (TS 23.401 §5.3.1.1).
 * Terminal side: the UE ends with the PDN connections a conforming UE ends with, sends no request
 * for a family the network ruled out (#50/#51), and uses IPv6 when it was granted (SLAAC + echo).
 * The `ue` parameter selects a broken terminal to show the scenario catches it.
 */
const CASES = {
  'dual-stack-on-dual-stack-apn': { request: 'ipv4v6', role: 'dualStack', held: ['ipv4v6'], requests: 1 },
  'dual-stack-on-ipv4-only-apn': { request: 'ipv4v6', role: 'ipv4Only', held: ['ipv4'], requests: 1 },
  'dual-stack-on-ipv6-only-apn': { request: 'ipv4v6', role: 'ipv6Only', held: ['ipv6'], requests: 1 },
  'dual-stack-on-single-address-apn': { request: 'ipv4v6', role: 'singleAddress', held: ['ipv6', 'ipv4'], requests: 2 },
  'ipv6-only-on-dual-stack-apn': { request: 'ipv6', role: 'dualStack', held: ['ipv6'], requests: 1 },
  'ipv6-only-on-ipv4-only-apn': { request: 'ipv6', role: 'ipv4Only', held: [], requests: 1 },
} as const satisfies Record<string, { request: PdnFamily; role: ApnRole; held: PdnFamily[]; requests: number }>;

export default defineScenario({
  id: 'terminal/pdn-fallback',
  title: 'UE PDN type fallback on #50/#51/#52: the network answers by policy, the UE ends where it should',
  covers: ['MNO-TERM', 'TRANSITION'],
  tags: ['gtpv2c', 's11', 'nas', 'pdn-type', 'terminal'],
  needs: ['pgw', 'sgw'],
  fixtures: useIpv6Fixtures(),
  params: { case: Object.keys(CASES) as (keyof typeof CASES)[], ue: ['conforming'] },
  timeout: 30,
  async run(ctx, fx) {
    const { mme } = fx;
    const c = CASES[ctx.params.case];
    const pgw = ctx.element('pgw');
    const sgw = ctx.element('sgw');
    const { name: apnName, policy: apn } = ctx.apn(pgw, c.role);
    const open: { sgwS11Teid: number; family: PdnFamily; res: Parameters<typeof useIpv6>[2] }[] = [];
    let ebi = 5;
    const network = async (requested: PdnFamily): Promise<EsmAnswer> => {
      // A Rel-9+ MME sets DAF for a UE that asked for IPv4v6 (TS 29.274 §8.12).
      const { outcome } = await mme.createSession(
        { imsi: '001010000002001', apn: apnName, pdnType: requested, daf: true, pgwAddress: pgw.address, ebi: ebi++ },
        ctx.signal,
      );
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      ctx.expect(`Create Session Response for ${requested}`, {
        expected: 'create-session-response',
        observed: res?.type ?? describeOutcome(outcome),
        element: 'sgw',
        clause: 'TS 29.274 §7.2.2',
      });
      const s = s11Session(res!);
      const want = expectedPdn(requested, true, apn);
      ctx.check(
        `network: cause for ${requested} on APN ${apnName} (declared ${apn.pdnTypes}${apn.singleAddressBearersOnly ? ', single address bearers only' : ''})`,
        {
          expected: gtpv2cCause(want.cause),
          observed: gtpv2cCause(s.cause),
          clause: 'TS 23.401 §5.3.1.1, TS 29.274 §8.4',
          element: 'pgw',
        },
      );
      const granted = s.paa ? ({ 1: 'ipv4', 2: 'ipv6', 3: 'ipv4v6' } as const)[s.paa.pdnType as 1 | 2 | 3] : undefined;
      const answer = esmAnswer(requested, s.cause ?? 0, granted);
      if (answer.kind === 'accepted' && s.sgwS11Teid !== undefined)
        open.push({ sgwS11Teid: s.sgwS11Teid, family: answer.granted, res: res! });
      return answer;
    };
    const release = async () => {
      const last = open.pop();
      if (last) await mme.deleteSession(last.sgwS11Teid, 5, ctx.signal);
    };
    const attempts = await connect({ request: c.request, behaviour: ctx.params.ue }, network, release);
    const transcript = attempts.map(
      (a) =>
        `${a.requested} → ${a.answer.kind}${a.answer.kind === 'accepted' ? ` ${a.answer.granted}` : ''}${a.answer.esmCause ? ` #${a.answer.esmCause}` : ''}${a.released ? ' (released by the UE)' : ''}`,
    );
    ctx.log(`UE ${ctx.params.ue}: ${transcript.join('; ')}`);
    ctx.check('terminal: PDN connections held at the end', {
      expected: c.held,
      observed: heldFamilies(attempts),
      clause: 'TS 24.301 §6.5.1.3, §6.5.1.4; RFC 7849 C_REC#9',
      element: 'ue',
    });
    ctx.check('terminal: PDN connectivity requests sent', {
      expected: c.requests,
      observed: attempts.length,
      clause: 'RFC 7849 C_REC#10 (no retry loops)',
      element: 'ue',
    });
    const ruledOut = new Set<string>();
    const violations: string[] = [];
    for (const a of attempts) {
      if ((a.requested !== 'ipv4' && ruledOut.has('ipv6')) || (a.requested !== 'ipv6' && ruledOut.has('ipv4')))
        violations.push(`${a.requested} after #${ruledOut.has('ipv6') ? 50 : 51}`);
      if (a.answer.esmCause === 50) ruledOut.add('ipv6');
      if (a.answer.esmCause === 51) ruledOut.add('ipv4');
    }
    ctx.check('terminal: no request for a family the network ruled out (#50/#51)', {
      expected: [],
      observed: violations,
      clause: 'TS 24.301 §6.5.1.3, §6.5.1.4',
      element: 'ue',
    });
    const v6 = open.find((o) => o.family !== 'ipv4');
    if (c.held.some((f) => f !== 'ipv4')) {
      const used = v6 ? await useIpv6(ctx, fx, v6.res, sgw, apn.probeIpv6) : 'no IPv6-capable PDN connection held';
      ctx.check('terminal: IPv6 is used when granted (SLAAC, then echo)', {
        expected: 'echo reply over IPv6',
        observed: used,
        clause: 'RFC 7849 C_REC#1',
        element: 'ue',
      });
    }
    for (const o of open) await mme.deleteSession(o.sgwS11Teid, 5, ctx.signal);
  },
});
