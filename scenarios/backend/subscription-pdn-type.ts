import { gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { choosePdnType, describeS6aOutcome, s11Session, type SubscribedType } from '../../harness/drivers/mme/index.ts';
import { esmAnswer } from '../../harness/drivers/mme/esm-cause.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { mmeS11 } from '../../harness/runner/fixtures.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { associate, declaredSubscriber, homePlmnOf, plmnOf, ulaSuccess } from './s6a-kit.ts';

/**
 * Subscriber data drives the PDN type (MNO-BACKEND; TS 23.401 §5.3.1.1, TS 29.272 §7.3.62): a
 * dual-stack UE attaches in its home PLMN; the MME reads the subscription over S6a (Update
 * Location, TS 29.272 §5.2.1.1) and asks the PGW for the PDN type the subscription allows on an
 * APN the PGW grants IPv4v6 on, so the subscription alone decides. The HSS must send the
 * declared PDN type, and the UE must end with the PDN type that follows from it.
 */
const ENDS_WITH: Record<SubscribedType, 'ipv4' | 'ipv6' | 'ipv4v6'> = {
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  ipv4v6: 'ipv4v6',
  'ipv4-or-ipv6': 'ipv6',
};
const PDN_TYPE = { 1: 'ipv4', 2: 'ipv6', 3: 'ipv4v6' } as const;

export default defineScenario({
  id: 'backend/subscription-pdn-type',
  title: 'The subscribed PDN type (S6a) decides the PDN type a dual-stack UE ends with',
  covers: ['MNO-BACKEND', 'TRANSITION'],
  tags: ['s6a', 'diameter', 'hss', 'pdn-type', 's11'],
  needs: ['hss', 'sgw', 'pgw'],
  fixtures: { mme: mmeS11() },
  params: { subscribed: ['ipv4', 'ipv6', 'ipv4v6', 'ipv4-or-ipv6'] },
  timeout: 30,
  async run(ctx, { mme }) {
    const { subscribed } = ctx.params;
    const hss = ctx.element('hss');
    const pgw = ctx.element('pgw');
    const { name: apn, policy } = ctx.apn(pgw, 'dualStack');
    ctx.expect(`the PGW grants IPv4v6 on APN ${apn}, so only the subscription limits the PDN type`, {
      expected: 'ipv4v6',
      observed: policy.pdnTypes,
    });
    const { imsi } = declaredSubscriber(
      ctx,
      hss,
      `a subscriber with PDN type ${subscribed} on APN ${apn}`,
      (s) => s.apns[apn]?.pdnType === subscribed,
    );
    const s6a = await associate(ctx, hss);
    try {
      const ula = await s6a.updateLocation(imsi, plmnOf(homePlmnOf(hss)), ctx.signal);
      ctx.expect('Update Location Answer: DIAMETER_SUCCESS in the home PLMN', {
        expected: 'Update-Location-Answer Result-Code 2001',
        observed: describeS6aOutcome(ula),
        ok: ulaSuccess(ula),
        clause: 'TS 29.272 §5.2.1.1.3, §7.2.4',
        element: 'hss',
      });
      if (ula.kind === 'answer') ctx.metric('ula_rtt', Number(ula.rttMs.toFixed(2)), 'ms');
      const conf = ula.kind === 'answer' ? ula.subscription?.apns.find((a) => a.apn === apn) : undefined;
      const hssRight = ctx.check(`Subscription-Data: APN-Configuration for ${apn} carries PDN-Type ${subscribed}`, {
        expected: subscribed,
        observed: conf?.pdnType ?? `no APN-Configuration with Service-Selection ${apn}`,
        clause: 'TS 29.272 §7.3.35, §7.3.62',
        element: 'hss',
      });
      const fromHss = conf && !conf.pdnType.startsWith('unknown') ? (conf.pdnType as SubscribedType) : undefined;
      if (!fromHss) return;
      // TS 23.401 §5.3.1.1: the MME sets the PDN type from the UE's request and the subscription.
      const choice = choosePdnType('ipv4v6', fromHss);
      if (choice.kind === 'reject') return;
      const { outcome } = await mme.createSession(
        { imsi, apn, pdnType: choice.pdnType, daf: choice.daf, pgwAddress: pgw.address },
        ctx.signal,
      );
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      ctx.expect(`Create Session Response for ${choice.pdnType}`, {
        expected: 'create-session-response',
        observed: res?.type ?? describeOutcome(outcome),
        element: 'sgw',
        clause: 'TS 29.274 §7.2.2',
      });
      const s = s11Session(res!);
      const granted = s.paa ? PDN_TYPE[s.paa.pdnType as 1 | 2 | 3] : undefined;
      const answer = esmAnswer(choice.pdnType, s.cause ?? 0, granted);
      const esmCause = choice.esmCause ?? answer.esmCause;
      ctx.fact('subscribed', subscribed);
      ctx.fact('PDN type from the HSS', fromHss);
      ctx.fact('MME asks the PGW for', choice.pdnType);
      ctx.fact('UE ends with', answer.kind === 'accepted' ? answer.granted : 'no PDN connection');
      ctx.fact('ESM cause to the UE', esmCause ? `#${esmCause}` : 'none');
      ctx.check('the PDN type the UE ends with follows the subscription', {
        expected: ENDS_WITH[subscribed],
        observed: answer.kind === 'accepted' ? answer.granted : `no PDN connection (GTP cause ${gtpv2cCause(s.cause)})`,
        clause: 'TS 23.401 §5.3.1.1, TS 29.272 §7.3.62',
        element: hssRight ? 'pgw' : 'hss',
      });
      if (s.sgwS11Teid !== undefined && answer.kind === 'accepted')
        await mme.deleteSession(s.sgwS11Teid, 5, ctx.signal);
    } finally {
      await s6a.close();
    }
  },
});
