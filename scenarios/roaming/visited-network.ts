import { gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { Address6 } from 'ip-address';
import { s11Session } from '../../harness/drivers/mme/index.ts';
import { ESM, esmAnswer, type EsmAnswer, type PdnFamily } from '../../harness/drivers/mme/esm-cause.ts';
import { connect, heldFamilies } from '../../harness/drivers/ue/pdn-fallback.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { useIpv6, useIpv6Fixtures } from '../terminal/use-ipv6.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * A UE roaming in a visited network (MNO-TERM "when roaming"; RFC 7445; TS 23.401 §5.3.1.1;
 * RFC 7849 C_REC#6): the visited MME/SGW is one of three kinds — supports IPv4v6 and sets DAF
 * (Rel-9+); does not set DAF (Rel-8); supports IPv4 only (pre-Rel-9: it asks the PGW for IPv4
 * whatever the UE asked, and refuses IPv6 itself with #50) — and the PDN connection is either
 * home-routed over S8 to the home PGW or broken out locally at a visited PGW. For each, the
 * scenario records which PDN types the UE ends with, whether IPv6 works end to end, and the
 * causes on the way, and checks them against what the standards make of that combination.
 */
type Visited = 'dual-stack' | 'no-daf' | 'ipv4-only';
type Ue = 'ipv4v6' | 'ipv6';

/** What TS 23.401 §5.3.1.1 and TS 24.301 §6.5.1 make of each combination (APN internet, IPv4v6 at both PGWs). */
const EXPECTED: Record<Visited, Record<Ue, { held: PdnFamily[]; ipv6: boolean }>> = {
  'dual-stack': { ipv4v6: { held: ['ipv4v6'], ipv6: true }, ipv6: { held: ['ipv6'], ipv6: true } },
  // Without DAF the PGW answers cause 19 (#52): a second PDN connection for IPv4 follows.
  'no-daf': { ipv4v6: { held: ['ipv6', 'ipv4'], ipv6: true }, ipv6: { held: ['ipv6'], ipv6: true } },
  'ipv4-only': { ipv4v6: { held: ['ipv4'], ipv6: false }, ipv6: { held: [], ipv6: false } },
};

export default defineScenario({
  id: 'roaming/visited-network',
  title: 'Roaming: visited MME/SGW kind × UE profile × breakout → PDN types and IPv6 reachability',
  covers: ['MNO-TERM', 'TRANSITION', 'MNO-CORE'],
  tags: ['gtpv2c', 's8', 's11', 'roaming', 'pdn-type', 'matrix:roaming'],
  needs: ['pgw', 'vpgw', 'sgw'],
  fixtures: useIpv6Fixtures(),
  params: {
    visited: ['dual-stack', 'no-daf', 'ipv4-only'],
    ue: ['ipv4v6', 'ipv6'],
    breakout: ['home-routed', 'local'],
  },
  timeout: 30,
  async run(ctx, fx) {
    const { mme } = fx;
    const { visited, ue, breakout } = ctx.params;
    const pgw = ctx.element(breakout === 'home-routed' ? 'pgw' : 'vpgw');
    const sgw = ctx.element('sgw');
    const { name: apnName, policy: apn } = ctx.apn(pgw, 'dualStack');
    const causes: string[] = [];
    const open: { teid: number; family: PdnFamily; res: Parameters<typeof useIpv6>[2] }[] = [];
    let ebi = 5;
    const network = async (asked: PdnFamily): Promise<EsmAnswer> => {
      // The visited MME's part (TS 23.401 §5.3.1.1): an IPv4-only network never asks for IPv6.
      if (visited === 'ipv4-only' && asked === 'ipv6') {
        causes.push('ipv6: refused by the visited MME (#50)');
        return { kind: 'rejected', esmCause: ESM.PDN_TYPE_IPV4_ONLY_ALLOWED };
      }
      const requested: PdnFamily = visited === 'ipv4-only' ? 'ipv4' : asked;
      const { outcome } = await mme.createSession(
        {
          imsi: '001010000003001',
          apn: apnName,
          pdnType: requested,
          daf: visited === 'dual-stack',
          pgwAddress: pgw.address,
          ebi: ebi++,
        },
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
      causes.push(`${requested}: GTP cause ${gtpv2cCause(s.cause)}`);
      const granted = s.paa ? ({ 1: 'ipv4', 2: 'ipv6', 3: 'ipv4v6' } as const)[s.paa.pdnType as 1 | 2 | 3] : undefined;
      if (s.paa?.ipv6) {
        const inPool = new Address6(s.paa.ipv6).isInSubnet(new Address6(apn.ipv6Pool));
        ctx.check(`IPv6 prefix from the ${breakout === 'home-routed' ? 'home' : 'visited'} PGW's pool`, {
          expected: `in ${apn.ipv6Pool}`,
          observed: ipv6Text(s.paa.ipv6),
          ok: inPool,
          clause:
            breakout === 'home-routed'
              ? 'TS 23.401 §4.3.8.1 (home-routed: home PGW allocates)'
              : 'TS 23.401 §4.3.8.1 (local breakout)',
          element: breakout === 'home-routed' ? 'pgw' : 'vpgw',
        });
      }
      let answer = esmAnswer(requested, s.cause ?? 0, granted);
      // An IPv4-only visited network tells a UE that asked for IPv4v6 that only IPv4 is allowed.
      if (visited === 'ipv4-only' && asked === 'ipv4v6' && answer.kind === 'accepted')
        answer = { ...answer, esmCause: ESM.PDN_TYPE_IPV4_ONLY_ALLOWED };
      if (answer.kind === 'accepted' && s.sgwS11Teid !== undefined)
        open.push({ teid: s.sgwS11Teid, family: answer.granted, res: res! });
      return answer;
    };
    const attempts = await connect({ request: ue, behaviour: 'conforming' }, network, async () => undefined);
    const held = heldFamilies(attempts);
    const v6 = open.find((o) => o.family !== 'ipv4');
    const ipv6 = v6 ? (await useIpv6(ctx, fx, v6.res, sgw, apn.probeIpv6)) === 'echo reply over IPv6' : false;
    const want = EXPECTED[visited][ue];
    ctx.fact('visited network', visited);
    ctx.fact('UE profile', ue);
    ctx.fact('breakout', breakout);
    ctx.fact('PDN types held', held.join(' + ') || 'none');
    ctx.fact('IPv6 end to end', ipv6 ? 'yes' : 'no');
    ctx.fact('causes', causes.join('; '));
    ctx.check('PDN types the UE ends with', {
      expected: want.held,
      observed: held,
      clause: 'TS 23.401 §5.3.1.1, TS 24.301 §6.5.1.3',
      element: 'sgw',
    });
    ctx.check('IPv6 works end to end', {
      expected: want.ipv6,
      observed: ipv6,
      clause: 'RFC 7445, RFC 7849 C_REC#6',
      element: breakout === 'home-routed' ? 'pgw' : 'vpgw',
    });
    for (const o of open) await mme.deleteSession(o.teid, 5, ctx.signal);
  },
});
