import { establishPduSession, releasePduSession } from '../../harness/drivers/gnb/index.ts';
import { splitByFamily } from '../../harness/drivers/ue/bearer-families.ts';
import { UeIpv4Host, UeIpv6Host } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { judgeRouterAdvertisement } from '../core/router-advertisement-checks.ts';
import {
  amfOf,
  dnnGranting,
  expectNgSetup,
  mmCause,
  gnbOnN2,
  registeredUe,
  subscriberOf,
  ueProfileOf,
} from './ran-kit.ts';

/**
 * The UE's user plane over a PDU session end to end (TS 23.501 §5.8.2.2.2, TS 23.502 §4.3.2.2.1):
 * after registration and PDU Session Establishment over N2, the UE sends a Router Solicitation over
 * N3 (GTP-U with the PDU Session Container and the session's QFI, TS 38.415 §5.5.2); the UPF hands
 * it to the SMF over N4-u, the SMF's Router Advertisement comes back down the same way and is
 * judged as the gateways' is (scenarios/core/router-advertisement-checks.ts: the session /64 of the
 * DNN's pool, A=1 L=0, MTU, RDNSS, hop limit 255); the UE configures its global address from that
 * /64 and the interface identifier of the NAS PDU address (SLAAC, RFC 4862), pings an IPv6 internet
 * host through the UPF's N6 and, on an IPv4v6 session, an IPv4 one from the NAS IPv4 address.
 * Downlink G-PDUs carry the session's QFI.
 */
export default defineScenario({
  id: 'core5g/pdu-session-user-plane',
  title: 'PDU session user plane: RS → RA from the SMF via the UPF, SLAAC, echo to the internet over N3/N6',
  covers: ['MNO-CORE', 'MNO-RAN'],
  tags: ['ngap', 'nas', '5gsm', 'n3', 'n4', 'n11', '5g', 'pdu-session', 'user-plane', 'ra', 'slaac', 'ipv6', 'ipv4v6'],
  needs: ['amf', 'upf'],
  params: { type: ['ipv6', 'ipv4v6'] satisfies ('ipv6' | 'ipv4v6')[] },
  timeout: 30,
  fixtures: { gnbSlot: gnbOnN2() },
  async run(ctx, { gnbSlot }) {
    const amf = ctx.element('amf');
    const upf = ctx.element('upf');
    const hosts = ctx.internet();
    const sm = amfOf(ctx, amf).sessionManagement;
    if (amf.kind === 'standin' && sm === 'amf')
      ctx.skip(
        `the AMF stand-in "${amf.name}" names no SMF (elements.${amf.name}.smf): no user plane behind its PDU sessions`,
      );
    const dnn = dnnGranting(ctx.params.type, amf.dnns ?? {});
    if (!dnn)
      return ctx.skip(
        `no DNN of the AMF "${amf.name}" grants ${ctx.params.type} PDU sessions (elements.${amf.name}.dnns, or its SMF's)`,
      );
    const [dnnName, policy] = dnn;
    const sub = subscriberOf(ctx, amf);
    const { gnb, setup, declared } = await gnbSlot.open(amf, { upf });
    expectNgSetup(ctx, setup);
    if (setup.kind !== 'accepted') return;
    const registered = await registeredUe(ctx, gnb, ueProfileOf(declared, sub));
    if (!registered) return;
    const { ue, registration: r } = registered;
    const id = 1;
    const o = await establishPduSession(ue, {
      pduSessionId: id,
      dnn: dnnName,
      type: ctx.params.type,
      ...(r.allowedNssai[0] ? { sNssai: r.allowedNssai[0] } : {}),
      signal: ctx.signal,
    });
    ctx.expect(`${ctx.params.type} PDU session on DNN ${dnnName} accepted with N3 resources`, {
      expected: `accepted as ${ctx.params.type}, an interface identifier, a UL N3 tunnel`,
      observed:
        o.kind === 'accepted'
          ? `accepted as ${o.type}${o.interfaceId ? ', an interface identifier' : ', no interface identifier'}${o.n3 ? ', a UL N3 tunnel' : ', no N3 tunnel'}`
          : o.kind === 'rejected'
            ? `PDU Session Establishment Reject #${o.cause}`
            : o.kind === 'not-forwarded'
              ? `not forwarded by the AMF: 5GMM cause ${mmCause(o.cause)}`
              : o.kind === 'failed'
                ? o.reason
                : `nothing while waiting for ${o.waitingFor}`,
      ok:
        o.kind === 'accepted' &&
        o.type === ctx.params.type &&
        o.interfaceId !== undefined &&
        o.n3 !== undefined &&
        (ctx.params.type === 'ipv6' || o.ipv4 !== undefined),
      clause: 'TS 24.501 §6.4.1.3, §9.11.4.10; TS 38.413 §8.2.1',
      element: sm,
    });
    if (o.kind !== 'accepted' || !o.interfaceId) return;
    const up = gnb.sessions.bearer(ue.ranUeId, id);
    if (!up) throw new Error('the gNB set up no N3 tunnel for an accepted PDU session');
    const bearers = splitByFamily(up.bearer);
    const v6 = new UeIpv6Host(bearers.ipv6, o.interfaceId, ctx.recorder);
    const got = await v6.solicitRouter({ intervalMs: 1500, maxSolicitations: 3 }, ctx.signal);
    ctx.expect('a Router Advertisement answers the UE’s Router Solicitation over N3', {
      expected: 'an RA from the SMF through the UPF, with a /64 for SLAAC',
      observed: got ? (v6.global ? 'an RA with a /64 for SLAAC' : 'an RA without an autonomous /64') : 'no RA',
      ok: got !== undefined && v6.global !== undefined,
      clause: 'TS 23.501 §5.8.2.2.2, RFC 4861 §6.3.7, RFC 4862 §5.5.3',
      element: sm,
    });
    if (!got || !v6.global) return;
    judgeRouterAdvertisement(
      ctx,
      { ra: got.ra, packet: { hopLimit: got.packet.hopLimit, src: got.packet.src } },
      { element: sm, ueAddress: v6.global, apn: policy, source: 'SLAAC' },
    );
    const echo6 = await v6.ping(hosts.ipv6Only, 0x5a, 1, 3000, ctx.signal);
    ctx.check(`ICMPv6 echo from the SLAAC address to ${hosts.ipv6Only} through the UPF's N6`, {
      expected: `echo reply from ${hosts.ipv6Only}`,
      observed: echo6 ? 'echo reply' : `no reply to ${v6.global}`,
      ok: echo6 !== undefined,
      clause: 'TS 23.501 §5.8.2, TS 29.244 §5.2.1',
      element: 'upf',
    });
    if (ctx.params.type === 'ipv4v6' && o.ipv4) {
      const v4 = new UeIpv4Host(bearers.ipv4, o.ipv4, ctx.recorder);
      const echo4 = await v4.ping(hosts.ipv4Only, 0x5b, 1, 3000, ctx.signal);
      ctx.check(`ICMP echo from the NAS IPv4 address ${o.ipv4} to ${hosts.ipv4Only} through the UPF's N6`, {
        expected: `echo reply from ${hosts.ipv4Only}`,
        observed: echo4 ? 'echo reply' : 'no reply',
        ok: echo4 !== undefined,
        clause: 'TS 23.501 §5.8.2, TS 29.244 §5.2.1',
        element: 'upf',
      });
    }
    ctx.check('downlink G-PDUs carry the PDU Session Container with the session’s QFI', {
      expected: { withoutContainer: 0, otherQfi: 0 },
      observed: { withoutContainer: up.downlink.withoutContainer, otherQfi: up.downlink.otherQfi },
      ok: up.downlink.packets > 0 && up.downlink.withoutContainer === 0 && up.downlink.otherQfi === 0,
      clause: 'TS 38.415 §5.5.2.1, TS 29.281 §5.2.2.7',
      element: 'upf',
    });
    const rel = await releasePduSession(ue, id, { signal: ctx.signal });
    ctx.check('UE-requested release, N2 resources released', {
      expected: { kind: 'released', cause: 36, n2Released: true },
      observed: rel,
      clause: 'TS 24.501 §6.4.3, TS 38.413 §8.2.2',
      element: sm,
    });
    await ue.deregister({ signal: ctx.signal });
  },
});
