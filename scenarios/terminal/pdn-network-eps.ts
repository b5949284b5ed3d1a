import { s11Session } from '../../harness/drivers/mme/index.ts';
import { esmAnswer, type EsmAnswer, type PdnFamily } from '../../harness/drivers/mme/esm-cause.ts';
import type { ApnPolicy } from '../../harness/lab/target.ts';
import { gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { expectedPdn } from '../core/expected-pdn.ts';
import type { AccessPeers } from './access.ts';
import type { PdnNetwork } from './pdn-network.ts';
import { useIpv6 } from './use-ipv6.ts';

/**
 * EPS: the MME's Create Session Requests through the SGW to the PGW on the APN (DAF set for an
 * IPv4v6 request, TS 29.274 §8.12); every GTP cause is what the declared policy demands (TS 23.401
 * §5.3.1.1) and becomes the ESM cause the UE sees (esm-cause.ts, TS 29.274 Annex C).
 */
export function epsNetwork(
  ctx: ScenarioContext,
  peers: Extract<AccessPeers, { access: 'eps' }>,
  apnName: string,
  apn: ApnPolicy,
): PdnNetwork {
  const { mme } = peers;
  const pgw = ctx.element('pgw');
  const sgw = ctx.element('sgw');
  const open: { sgwS11Teid: number; family: PdnFamily; res: Parameters<typeof useIpv6>[2] }[] = [];
  let ebi = 5;
  return {
    connection: 'PDN connection',
    async request(requested: PdnFamily): Promise<EsmAnswer> {
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
    },
    async releaseLast() {
      const last = open.pop();
      if (last) await mme.deleteSession(last.sgwS11Teid, 5, ctx.signal);
    },
    async useIpv6(probe) {
      const v6 = open.find((o) => o.family !== 'ipv4');
      return {
        observed: v6 ? await useIpv6(ctx, peers, v6.res, sgw, probe) : 'no IPv6-capable PDN connection held',
        element: 'ue',
      };
    },
    async close() {
      for (const o of open.splice(0)) await mme.deleteSession(o.sgwS11Teid, 5, ctx.signal);
    },
  };
}
