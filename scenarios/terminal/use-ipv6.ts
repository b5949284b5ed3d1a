import { receivePortFor } from '../../harness/drivers/common/gtpu-endpoint.ts';
import { type Enb, type MmeS11Driver, s11Session } from '../../harness/drivers/mme/index.ts';
import { enbS1u, mmeS11 } from '../../harness/runner/fixtures.ts';
import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import type { ElementEndpoint } from '../../harness/lab/index.ts';
import type { Gtpv2cMessage } from '../../harness/protocol/gtpv2c/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';

/**
 * Puts an accepted S11 session to use as a terminal would: the eNodeB's S1-U tunnel, Router
 * Solicitation, SLAAC, then an echo to `probe`. Returns "echo reply over IPv6" or what went wrong.
 * The Modify Bearer that gives the SGW the eNodeB F-TEID is sent by the scenario's MME, as the
 * attach would have done; the eNodeB is the scenario's `enb` fixture (useIpv6Fixtures), opened here
 * on the family of the SGW's S1-U F-TEID.
 */
export const useIpv6Fixtures = () => ({ mme: mmeS11(), enb: enbS1u({ firstTeid: 0x0c000000 }) });

export async function useIpv6(
  ctx: ScenarioContext,
  { mme, enb }: { mme: MmeS11Driver; enb: Enb },
  res: Gtpv2cMessage,
  sgw: ElementEndpoint,
  probe: string | undefined,
): Promise<string> {
  if (!probe) return 'the APN declares no probeIpv6 to ping';
  const s = s11Session(res);
  if (!s.s1uSgw || !s.paa?.ipv6 || s.sgwS11Teid === undefined) return 'no S1-U F-TEID or IPv6 PAA in the response';
  const local = { address: mme.localAddress! };
  const v6 = s.s1uSgw.ipv6 !== undefined;
  await enb.open(v6 === local.address.includes(':') ? local.address : v6 ? '::1' : '127.0.0.1', receivePortFor(sgw));
  const e = enb.allocate();
  const mod = await mme.modifyBearer(s.sgwS11Teid, 5, e, ctx.signal);
  if (mod.kind !== 'response') return 'no Modify Bearer Response';
  const ue = new UeIpv6Host(
    enb.bearer(e.teid, s.s1uSgw, sgw.userPlanePort ?? 2152),
    withInterfaceId('::', s.paa.ipv6),
    ctx.recorder,
  );
  const ra = await ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
  if (!ra || !ue.global) return ra ? 'RA without a usable prefix' : 'no RA';
  const echo = await ue.ping(probe, 0x77, 1, 2000, ctx.signal);
  return echo ? 'echo reply over IPv6' : `no echo reply to ${probe} from ${ue.global}`;
}
