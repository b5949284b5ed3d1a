import type { Enb, MmeS11Driver } from '../../harness/drivers/mme/index.ts';
import type { Gnb } from '../../harness/drivers/gnb/index.ts';
import type { Params } from '../../harness/runner/scenario.ts';
import { fixture, type Fixture } from '../../harness/runner/fixture.ts';
import { enbS1u, mmeS11 } from '../../harness/runner/fixtures.ts';
import { gnbOnN2, type GnbSlot } from '../core5g/ran-kit.ts';
import { useIpv6Fixtures } from './use-ipv6.ts';

/**
 * The access a terminal scenario runs over (issue 20 item 6, suite parameter `access`): EPS (an MME
 * on S11 and an eNodeB on S1-U toward the SGW, the PGW behind it; TS 23.401) or 5GS (a gNB on N2/N3
 * toward the AMF, the SMF and UPF behind it; TS 23.501). The EPS instances keep their ids (no
 * `access-eps` segment); the 5GS ones end in `/access-5gs`.
 */
export type Access = 'eps' | '5gs';
export const ACCESS: readonly Access[] = ['eps', '5gs'];
export const ACCESS_ID_OMITS = { access: 'eps' } as const;

/**
 * What an instance needs: the EPS elements it names, or over 5GS the AMF and the UPF of its N3
 * (the SMF comes with the AMF that names it); `also` for both (e.g. the DNS64 resolver).
 */
export const accessNeeds =
  (eps: string[], also: string[] = []) =>
  (p: Params): string[] =>
    p.access === '5gs' ? ['amf', 'upf', ...also] : [...eps, ...also];

export type AccessPeers =
  | { access: 'eps'; mme: MmeS11Driver; enb: Enb }
  | { access: '5gs'; gnbSlot: GnbSlot & { gnb?: Gnb } };

/**
 * The RAN side of the instance's access, opened before `run` and closed after it: the MME and
 * eNodeB fixtures of useIpv6Fixtures, or the gNB slot of ran-kit (opened toward the AMF by the
 * scenario once its declarations are checked).
 */
export const accessPeers = (o: { firstTeid?: number } = {}): Fixture<AccessPeers> => {
  const eps =
    o.firstTeid === undefined ? useIpv6Fixtures() : { mme: mmeS11(), enb: enbS1u({ firstTeid: o.firstTeid }) };
  const gnb = gnbOnN2();
  return fixture({
    title: 'terminal access: MME + eNodeB on S11/S1-U, or gNB on N2/N3',
    async open(ctx) {
      if (ctx.params.access === '5gs') return { access: '5gs', gnbSlot: await gnb.open(ctx) };
      const mme = await eps.mme.open(ctx);
      try {
        return { access: 'eps', mme, enb: await eps.enb.open(ctx) };
      } catch (e) {
        await mme.close();
        throw e;
      }
    },
    async close(p) {
      if (p.access === '5gs') return gnb.close(p.gnbSlot);
      await p.enb.close();
      await p.mme.close();
    },
  });
};
