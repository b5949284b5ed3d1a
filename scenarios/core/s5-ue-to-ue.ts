import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { GRANTS_IPV6, ipv6Session } from './session-checks.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * Two UEs on the same PGW: each PDN connection is its own point-to-point link (TS 29.061
 * §11.2.1.3, RFC 7066 §2), so an echo from UE A to UE B's link-local address must not reach B
 * (RFC 4291 §2.5.6: routers do not forward link-local destinations), while an echo to B's global
 * address is routed through the PGW and answered by B.
 */
export default defineScenario({
  id: 'core/s5-ue-to-ue',
  title: 'UE to UE: link-local echo not forwarded, global echo forwarded and answered',
  covers: ['MNO-CORE', 'MNO-INTERNET'],
  tags: ['gtpu', 's5', 'user-plane', 'security'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    // One SGW for both UEs, as in a real network: its GTP-U endpoint (port 2152 toward a real PGW,
    // TS 29.281 §4.4.2.3) tells the two bearers' downlink apart by TEID.
    const apnName = ctx.apn(ctx.element('pgw'), GRANTS_IPV6).name;
    const a = await ipv6Session(ctx, sgw, '001010000000041', apnName);
    const b = await ipv6Session(ctx, sgw, '001010000000042', apnName);
    const ueA = new UeIpv6Host(a.bearer, withInterfaceId('::', a.ueAddress), ctx.recorder);
    const ueB = new UeIpv6Host(b.bearer, withInterfaceId('::', b.ueAddress), ctx.recorder);
    await Promise.all([
      ueA.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal),
      ueB.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal),
    ]);
    ctx.expect('both UEs have a global address', {
      expected: 'two global addresses',
      observed: `${ueA.global ?? 'none'}, ${ueB.global ?? 'none'}`,
      ok: ueA.global !== undefined && ueB.global !== undefined,
      element: 'pgw',
    });
    // From A's link-local address to B's link-local address.
    const global = ueA.global;
    ueA.global = undefined;
    const ll = await ueA.ping(ueB.linkLocal, 0x41, 1, 800, ctx.signal);
    ueA.global = global;
    // The global echo follows the link-local one on the same tunnels: once its reply is back, a
    // forwarded link-local echo has reached B too, however slowly the machine runs (B answers
    // each echo request it receives; one of them is then the global one).
    const g = await ueA.ping(ueB.global!, 0x41, 2, 2000, ctx.signal);
    const linkLocalReached = ueB.echoRequestsAnswered - (g ? 1 : 0);
    ctx.check(`echo to UE B's link-local ${ueB.linkLocal} is not forwarded`, {
      expected: 0,
      observed: linkLocalReached,
      ok: linkLocalReached === 0 && ll === undefined,
      clause: 'RFC 4291 §2.5.6, TS 29.061 §11.2.1.3',
      element: 'pgw',
    });
    ctx.check(`echo to UE B's global ${ueB.global} is forwarded and answered`, {
      expected: 'echo reply from UE B',
      observed: g
        ? `echo reply from ${g.reply.src}`
        : `no reply (UE B received ${ueB.echoRequestsAnswered} echo request(s))`,
      ok: g !== undefined && g.reply.src === ueB.global,
      clause: 'TS 23.401 §4.3.5.1',
      element: 'pgw',
    });
    for (const s of [a, b]) if (s.pgwTeid !== undefined) await sgw.deleteSession(s.pgwTeid, 5, ctx.signal);
  },
});
