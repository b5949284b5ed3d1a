import { Clat, randomInterfaceId, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';
import { ipv6Session } from '../core/session-checks.ts';
import { slaacHost } from '../terminal/ipv6-link.ts';

type Breakout = 'home-routed' | 'local';
type VisitedPlat = 'plat' | 'no-plat';

/**
 * 464XLAT when roaming (RFC 6877; the failure case the issue cites from RFC 7445 §5.2): an
 * IPv6-only UE whose CLAT knows its home network's Pref64 roams. Home-routed over S8, its
 * traffic reaches the home PLAT and IPv4 works. In local breakout at a visited PGW, it works only
 * if the visited network has a PLAT and announces its Pref64 in the RA (RFC 8781, which a UE
 * prefers over what it learned before, RFC 9872); without one the CLAT keeps sending to the home
 * prefix and IPv4 breaks. The lab models the two visited networks as two APNs on the visited PGW
 * (`xlat` with a PLAT, `xlat-noplat` without). Each case is checked against that expectation and
 * recorded in the roaming matrix.
 */
const EXPECTED: Record<Breakout, Record<VisitedPlat, boolean>> = {
  'home-routed': { plat: true, 'no-plat': true },
  local: { plat: true, 'no-plat': false },
};

export default defineScenario({
  id: 'roaming/464xlat-breakout',
  title: 'Roaming: 464XLAT home-routed and in local breakout, with and without a visited PLAT',
  covers: ['MNO-TERM', 'TRANSITION'],
  tags: ['s8', 'roaming', '464xlat', 'nat64', 'user-plane'],
  needs: ['pgw', 'vpgw'],
  fixtures: { sgw: sgwS5({ toward: (ctx) => (ctx.params.breakout === 'home-routed' ? 'pgw' : 'vpgw') }) },
  // The home PLAT behind a PGW with a kernel SGi (docker lab); in-process, the PGW's internet has it.
  uses: ['nat64'],
  params: { breakout: ['home-routed', 'local'], visited: ['plat', 'no-plat'] },
  async run(ctx, { sgw }) {
    const { breakout, visited } = ctx.params;
    const home = ctx.gateway().nat64Prefix;
    const pgw = ctx.element(breakout === 'home-routed' ? 'pgw' : 'vpgw');
    // Local breakout without a visited PLAT: an IPv6-only APN of the visited PGW with no Pref64.
    const { name: apnName, policy: apn } = ctx.apn(
      pgw,
      breakout === 'local' && visited === 'no-plat' ? 'ipv6Only' : 'xlat',
    );
    const hosts = ctx.internet();
    let clat: Clat | undefined;
    try {
      const session = await ipv6Session(ctx, sgw, '001010000003101', apnName);
      const { ue, ra } = await slaacHost(ctx, {
        bearer: session.bearer,
        interfaceId: withInterfaceId('::', session.ueAddress),
        router: breakout === 'local' ? 'vpgw' : 'pgw',
      });
      const option = ra?.options.find((o) => o.type === 'pref64');
      // RFC 9872: the RA's PREF64 wins over the prefix the UE learned at home.
      const pref64 = option && option.type === 'pref64' ? `${option.prefix}/${option.prefixLength}` : home;
      ctx.check('the RA announces the Pref64 the APN declares (or none where none is declared)', {
        expected: apn.pref64 ?? 'no PREF64 option',
        observed: option && option.type === 'pref64' ? pref64 : 'no PREF64 option',
        clause: 'RFC 8781 §4',
        element: breakout === 'local' ? 'vpgw' : 'pgw',
      });
      clat = new Clat(ue, { pref64, address: withInterfaceId(ue.global, randomInterfaceId()) }, ctx.recorder);
      const echo = await clat.ping(hosts.ipv4Only, 0x445, 1, 1500, ctx.signal);
      const works = echo !== undefined;
      ctx.fact('breakout', breakout);
      ctx.fact('visited PLAT', visited);
      ctx.fact('Pref64 used by the CLAT', pref64 === home ? `${pref64} (home)` : pref64);
      ctx.fact('IPv4 application over 464XLAT', works ? 'works' : 'broken');
      ctx.check(
        `IPv4 application reaches ${hosts.ipv4Only} over 464XLAT as expected for ${breakout}, visited ${visited}`,
        {
          expected: EXPECTED[breakout][visited] ? 'works' : 'broken (no PLAT behind the visited PGW)',
          observed: works
            ? 'works'
            : `broken${clat.dropped.length ? ` (CLAT dropped: ${clat.dropped.join('; ')})` : ' (no answer)'}`,
          ok: works === EXPECTED[breakout][visited],
          clause: 'RFC 6877 §5, RFC 7445 §5.2, RFC 8781',
          element: breakout === 'local' ? 'vpgw' : 'pgw',
        },
      );
    } finally {
      clat?.close();
    }
  },
});
