import { UeIpv4Host, UeIpv6Host } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { accepted, causeOf, dnnOf, openN4Session, randomInterfaceId, smfWithUserPlane } from './n4-kit.ts';

/**
 * UE-to-UE through one UPF (TS 23.501 §5.8.2, TS 29.244 §5.2.1): two IPv4v6 PDU sessions set up
 * over N4, each UE configured by the SMF's RA through the UPF; an echo from one UE's global IPv6
 * address to the other's, and from one IPv4 address to the other, is delivered by the UPF to the
 * other session's gNB tunnel (the downlink PDR whose UE IP Address holds the destination) and the
 * reply comes back the same way.
 */
export default defineScenario({
  id: 'core5g/n4-ue-to-ue',
  title: 'UE-to-UE through the UPF: IPv6 and IPv4 echo between two PDU sessions',
  covers: ['MNO-CORE'],
  tags: ['pfcp', 'n4', 'n3', '5gs', 'upf', 'user-plane', 'ue-to-ue'],
  needs: ['upf'],
  fixtures: { n4: smfWithUserPlane() },
  async run(ctx, { n4 }) {
    const { smf, gtp } = n4;
    const upf = ctx.element('upf');
    const dnn = dnnOf(ctx, upf, 'internet');
    if (dnn.pdnTypes !== 'ipv4v6' || dnn.singleAddressBearersOnly)
      ctx.skip(`the target's DNN "internet" of the UPF "${upf.name}" grants no IPv4v6 PDU sessions`);
    ctx.expect('Association Setup accepted', {
      expected: accepted(),
      observed: causeOf(await smf.associate(ctx.signal)),
      clause: 'TS 29.244 §7.4.4.2',
      element: 'upf',
    });
    const a = await openN4Session(ctx, smf, gtp, upf, dnn, 9);
    const b = await openN4Session(ctx, smf, gtp, upf, dnn, 9, [a]);
    const ueA = new UeIpv6Host(a.bearer, randomInterfaceId(), ctx.recorder);
    const ueB = new UeIpv6Host(b.bearer, randomInterfaceId(), ctx.recorder);
    const timers = { intervalMs: 1500, maxSolicitations: 3 };
    const [raA, raB] = await Promise.all([
      ueA.solicitRouter(timers, ctx.signal),
      ueB.solicitRouter(timers, ctx.signal),
    ]);
    ctx.expect('both UEs configured a global address from the RA through the UPF', {
      expected: 'two global addresses',
      observed: [
        ueA.global ?? (raA ? 'RA without a usable /64' : 'no RA'),
        ueB.global ?? (raB ? 'RA without a usable /64' : 'no RA'),
      ].join(', '),
      ok: ueA.global !== undefined && ueB.global !== undefined,
      clause: 'TS 23.501 §5.8.2.2.2, RFC 4862 §5.5.3',
      element: 'upf',
    });
    const v6 = await ueA.ping(ueB.global!, 0x77, 1, 3000, ctx.signal);
    ctx.check('IPv6 echo from one UE to the other through the UPF answered', {
      expected: `echo reply from ${ueB.global}`,
      observed: v6 ? `echo reply (the other UE answered ${ueB.echoRequestsAnswered})` : 'no reply',
      ok: v6 !== undefined && ueB.echoRequestsAnswered > 0,
      clause: 'TS 29.244 §5.2.1 (downlink PDR by UE IP Address), TS 23.501 §5.8.2',
      element: 'upf',
    });
    const v4A = new UeIpv4Host(a.bearer, a.ipv4, ctx.recorder);
    const v4B = new UeIpv4Host(b.bearer, b.ipv4, ctx.recorder);
    const v4 = await v4A.ping(b.ipv4, 0x78, 1, 3000, ctx.signal);
    ctx.check('IPv4 echo from one UE to the other through the UPF answered', {
      expected: `echo reply from ${b.ipv4}`,
      observed: v4 ? `echo reply (the other UE answered ${v4B.echoRequestsAnswered})` : 'no reply',
      ok: v4 !== undefined && v4B.echoRequestsAnswered > 0,
      clause: 'TS 29.244 §5.2.1 (downlink PDR by UE IP Address), TS 23.501 §5.8.2',
      element: 'upf',
    });
    for (const s of [a, b]) await smf.delete(s.upSeid, ctx.signal);
  },
});
