import { gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import {
  type MmeS11Driver,
  choosePdnType,
  describeS6aOutcome,
  s11Session,
  type S6aOutcome,
  type SubscribedType,
} from '../../harness/drivers/mme/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import type { ElementEndpoint } from '../../harness/lab/index.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { associate, declaredSubscriber, homePlmnOf, plmnOf, ulaSuccess } from './s6a-kit.ts';
import { mmeS11 } from '../../harness/runner/fixtures.ts';

/**
 * Roaming restriction in the subscriber data (MNO-BACKEND "roaming profile"; TS 29.272
 * §5.2.1.1.3): a visited MME sends Update Location with its Visited-PLMN-Id. A subscriber allowed
 * in that PLMN gets DIAMETER_SUCCESS with its APN configuration and then a (home-routed) PDN
 * connection; one who is not gets Experimental-Result DIAMETER_ERROR_ROAMING_NOT_ALLOWED (5004,
 * §7.4.3) and no session, as the MME rejects the attach (TS 23.401 §5.3.2.1); an IMSI the HSS does
 * not know gets DIAMETER_ERROR_USER_UNKNOWN (5001).
 */
type Case = 'allowed-visitor' | 'restricted-visitor' | 'unknown-subscriber';

export default defineScenario({
  id: 'backend/roaming-restriction',
  title: 'Roaming restriction in the HSS: 5004 and no session where not allowed, the APN configuration where allowed',
  covers: ['MNO-BACKEND', 'MNO-TERM'],
  tags: ['s6a', 'diameter', 'hss', 'roaming'],
  needs: ['hss', 'sgw', 'pgw'],
  fixtures: { mme: mmeS11() },
  params: { case: ['allowed-visitor', 'restricted-visitor', 'unknown-subscriber'] satisfies Case[] },
  timeout: 30,
  async run(ctx, { mme }) {
    const hss = ctx.element('hss');
    const home = homePlmnOf(hss);
    // The visited PLMN: one a declared subscriber may roam in.
    const roamer = declaredSubscriber(
      ctx,
      hss,
      `a subscriber allowed to roam in a PLMN other than the home PLMN ${home}`,
      (s) => Array.isArray(s.roaming) && s.roaming.some((p) => p !== home),
    );
    const visited = (roamer.subscriber.roaming as string[]).find((p) => p !== home)!;
    ctx.fact('visited PLMN', visited);
    const c = ctx.params.case;
    const who =
      c === 'allowed-visitor'
        ? roamer
        : c === 'restricted-visitor'
          ? declaredSubscriber(
              ctx,
              hss,
              `a subscriber not allowed in ${visited}`,
              (s) => s.roaming !== 'any' && !s.roaming.includes(visited),
            )
          : { imsi: unknownImsi(hss), subscriber: undefined };
    const s6a = await associate(ctx, hss);
    try {
      const ula = await s6a.updateLocation(who.imsi, plmnOf(visited), ctx.signal);
      ctx.fact('Update Location', describeS6aOutcome(ula));
      if (c === 'allowed-visitor') {
        ctx.expect(`Update Location from ${visited}: DIAMETER_SUCCESS`, {
          expected: 'Update-Location-Answer Result-Code 2001',
          observed: describeS6aOutcome(ula),
          ok: ulaSuccess(ula),
          clause: 'TS 29.272 §5.2.1.1.3, §7.2.4',
          element: 'hss',
        });
        const declared = Object.entries(who.subscriber!.apns).map(([apn, a]) => `${apn}: ${a.pdnType}`);
        const got = ula.kind === 'answer' ? (ula.subscription?.apns ?? []).map((a) => `${a.apn}: ${a.pdnType}`) : [];
        ctx.check('Subscription-Data carries the declared APN configurations (Service-Selection: PDN-Type)', {
          expected: declared,
          observed: got,
          clause: 'TS 29.272 §7.3.2, §7.3.34, §7.3.35',
          element: 'hss',
        });
        const first =
          ula.kind === 'answer'
            ? ula.subscription?.apns.find((a) => a.contextId === ula.subscription?.defaultContextId)
            : undefined;
        const session =
          first && !first.pdnType.startsWith('unknown')
            ? await attach(ctx, mme, who.imsi, first.apn, first.pdnType as SubscribedType)
            : 'no default APN configuration to attach on';
        ctx.check(`a PDN connection on the default APN is set up for the allowed roamer`, {
          expected: 'session set up',
          observed: session,
          ok: session.startsWith('session set up'),
          clause: 'TS 23.401 §5.3.2.1, §4.3.8.1 (home-routed)',
          element: session.startsWith('no default') ? 'hss' : 'pgw',
        });
        return;
      }
      const code = c === 'restricted-visitor' ? 5004 : 5001;
      const label = c === 'restricted-visitor' ? 'DIAMETER_ERROR_ROAMING_NOT_ALLOWED' : 'DIAMETER_ERROR_USER_UNKNOWN';
      ctx.check(`Update Location from ${visited}: Experimental-Result ${label}`, {
        expected: `Update-Location-Answer Experimental-Result 10415/${code}`,
        observed: describeS6aOutcome(ula),
        ok: isExperimental(ula, code),
        clause: 'TS 29.272 §5.2.1.1.3, §7.4.3',
        element: 'hss',
      });
      ctx.check('the answer carries no Subscription-Data', {
        expected: 'none',
        observed:
          ula.kind === 'answer' && ula.subscription ? `${ula.subscription.apns.length} APN configuration(s)` : 'none',
        clause: 'TS 29.272 §5.2.1.1.3',
        element: 'hss',
      });
      // The MME attaches only on DIAMETER_SUCCESS (TS 23.401 §5.3.2.1): what a success here would let through.
      const conf = ula.kind === 'answer' && ulaSuccess(ula) ? ula.subscription?.apns[0] : undefined;
      const session =
        conf && !conf.pdnType.startsWith('unknown')
          ? await attach(ctx, mme, who.imsi, conf.apn, conf.pdnType as SubscribedType)
          : 'attach rejected, no Create Session sent';
      ctx.check('no session for the subscriber', {
        expected: 'attach rejected, no Create Session sent',
        observed: session,
        clause: 'TS 29.272 §5.2.1.1.3, TS 23.401 §5.3.2.1',
        element: 'hss',
      });
    } finally {
      await s6a.close();
    }
  },
});

function isExperimental(o: S6aOutcome, code: number): boolean {
  return (
    o.kind === 'answer' && o.result.kind === 'experimental' && o.result.vendorId === 10415 && o.result.code === code
  );
}

/** An IMSI of the home PLMN that no declared subscriber has. */
function unknownImsi(hss: ElementEndpoint): string {
  const [mcc, mnc] = homePlmnOf(hss).split('-');
  for (let n = 9_999_999; ; n--) {
    const imsi = `${mcc}${mnc}${String(n).padStart(15 - mcc.length - mnc.length, '9')}`;
    if (!hss.subscribers?.[imsi]) return imsi;
  }
}

/** The visited MME attaches the UE home-routed: Create Session through the SGW to the home PGW. */
async function attach(
  ctx: ScenarioContext,
  mme: MmeS11Driver,
  imsi: string,
  apn: string,
  subscribed: SubscribedType,
): Promise<string> {
  const pgw = ctx.element('pgw');
  const choice = choosePdnType('ipv4v6', subscribed);
  if (choice.kind === 'reject') return `rejected by the MME (#${choice.esmCause})`;
  const { outcome } = await mme.createSession(
    { imsi, apn, pdnType: choice.pdnType, daf: choice.daf, pgwAddress: pgw.address },
    ctx.signal,
  );
  if (outcome.kind !== 'response') return `no Create Session Response: ${describeOutcome(outcome)}`;
  const s = s11Session(outcome.message);
  if (s.cause === undefined || s.cause < 16 || s.cause > 63 || s.sgwS11Teid === undefined)
    return `Create Session rejected with cause ${gtpv2cCause(s.cause)}`;
  await mme.deleteSession(s.sgwS11Teid, 5, ctx.signal);
  return `session set up on ${apn} (${choice.pdnType}, cause ${gtpv2cCause(s.cause)}${s.paa?.ipv6 ? `, ${s.paa.ipv6}/${s.paa.prefixLength}` : ''}${s.paa?.ipv4 ? `, ${s.paa.ipv4}` : ''})`;
}
