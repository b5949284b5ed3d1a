import { Address4 } from 'ip-address';
import { establishPduSession, releasePduSession } from '../../harness/drivers/gnb/index.ts';
import { splitByFamily } from '../../harness/drivers/ue/bearer-families.ts';
import { UeIpv4Host, UeIpv6Host } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { judgeRouterAdvertisement } from '../core/router-advertisement-checks.ts';
import {
  amfOf,
  dnnGranting,
  expectNgSetup,
  gnbOnN2,
  mmCause,
  registeredUe,
  subscriberOf,
  ueProfileOf,
} from '../core5g/ran-kit.ts';
import { checkHomeRelease, rejectedBy } from './n16-checks.ts';

/**
 * A UE roaming in a visited 5GS with its PDU session home-routed (TS 23.502 §4.3.2.2.2, TS 23.501
 * §4.2.4 and §5.6.4): registration through the visited AMF with the UE's home PLMN in its SUCI;
 * PDU Session Establishment goes AMF → V-SMF (N11) → H-SMF (N16, TS 29.502 §5.2.2.7), the H-SMF
 * decides the type by the HOME DNN's policy and gives the UE its addresses from the home pools;
 * the gNB's UL tunnel ends at the V-UPF (N3), which relays over N9 to the H-UPF. The UE's Router
 * Solicitation goes gNB → V-UPF → H-UPF → H-SMF (N4-u) and the RA comes back the same way with a
 * /64 of the home pool; echo to the internet leaves through the H-UPF's N6. Each check names the
 * element whose job it is: the V-SMF (the session and its N3 tunnel), the H-SMF (addresses, RA),
 * the H-UPF (N6), the V-UPF (the QFI on the relayed downlink). A reject is the H-SMF's when its N16
 * Create answer was the reject. The UE's release goes V-SMF → H-SMF as Nsmf_PDUSession_Update and
 * comes back as the H-SMF's Update with the Release Command's cause (TS 23.502 §4.3.4.3).
 */
export default defineScenario({
  id: 'roaming/home-routed-5gs',
  title: '5GS home-routed roaming: V-SMF/V-UPF → H-SMF/H-UPF over N16/N9, home addresses, RA and echo end to end',
  covers: ['MNO-TERM', 'MNO-CORE'],
  tags: [
    'roaming',
    'home-routed',
    '5g',
    'n16',
    'n9',
    'n3',
    'n11',
    'pdu-session',
    'ra',
    'slaac',
    'ipv6',
    'ipv4v6',
    'matrix:roaming',
  ],
  needs: ['vamf', 'vsmf', 'vupf', 'hsmf', 'hupf'],
  params: { type: ['ipv6', 'ipv4v6'] satisfies ('ipv6' | 'ipv4v6')[] },
  timeout: 30,
  fixtures: { gnbSlot: gnbOnN2() },
  async run(ctx, { gnbSlot }) {
    const vamf = ctx.element('vamf');
    const vupf = ctx.element('vupf');
    const hsmf = ctx.element('hsmf');
    const vsmf = ctx.element('vsmf');
    ctx.element('hupf');
    const hosts = ctx.internet();
    const declared = amfOf(ctx, vamf);
    const homePlmn =
      hsmf.homePlmn ?? ctx.skip(`the H-SMF declares no home PLMN (elements.${hsmf.name}.homePlmn: MCC-MNC)`);
    const [mcc, mnc] = homePlmn.split('-');
    if (declared.plmn.mcc === mcc && declared.plmn.mnc === mnc)
      ctx.skip(`the visited AMF "${vamf.name}" is on the home PLMN ${homePlmn}: the UE would not roam`);
    const dnn = dnnGranting(ctx.params.type, hsmf.dnns ?? {});
    if (!dnn)
      return ctx.skip(
        `no DNN of the H-SMF "${hsmf.name}" grants ${ctx.params.type} PDU sessions (elements.${hsmf.name}.dnns)`,
      );
    const [dnnName, policy] = dnn;
    const sub = subscriberOf(ctx, vamf);
    const { gnb, setup } = await gnbSlot.open(vamf, { upf: vupf });
    expectNgSetup(ctx, setup, vamf.name);
    if (setup.kind !== 'accepted') return;
    const profile = { ...ueProfileOf(declared, sub), homePlmn: { mcc, mnc } };
    const registered = await registeredUe(ctx, gnb, profile);
    if (!registered) return;
    const { ue, registration: r } = registered;
    // The roaming matrix's columns (shared with roaming/visited-network's EPS rows).
    const visitedPlmn = `${declared.plmn.mcc}-${declared.plmn.mnc}`;
    ctx.fact('visited network', `5GS V-SMF/V-UPF, PLMN ${visitedPlmn} (home ${homePlmn})`);
    ctx.fact('UE profile', ctx.params.type);
    ctx.fact('breakout', 'home-routed (N16/N9)');
    ctx.fact('PDN types held', 'none');
    ctx.fact('IPv6 end to end', 'no');
    const id = 1;
    const o = await establishPduSession(ue, {
      pduSessionId: id,
      dnn: dnnName,
      type: ctx.params.type,
      ...(r.allowedNssai[0] ? { sNssai: r.allowedNssai[0] } : {}),
      signal: ctx.signal,
    });
    // A reject is the H-SMF's decision when its N16 Create answer was the reject (the V-SMF only relays it).
    const decided = o.kind === 'rejected' ? await rejectedBy(hsmf, vsmf, sub.imsi, id) : undefined;
    ctx.expect(`home-routed ${ctx.params.type} PDU session on the home DNN ${dnnName} accepted with N3 resources`, {
      expected: `accepted as ${ctx.params.type}, an interface identifier, a UL N3 tunnel`,
      observed:
        o.kind === 'accepted'
          ? `accepted as ${o.type}${o.interfaceId ? ', an interface identifier' : ', no interface identifier'}${o.n3 ? ', a UL N3 tunnel' : ', no N3 tunnel'}`
          : o.kind === 'rejected'
            ? `PDU Session Establishment Reject #${o.cause} (${decided?.why})`
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
      clause: 'TS 23.502 §4.3.2.2.2, TS 24.501 §6.4.1.3',
      element: decided?.element ?? 'vsmf',
    });
    ctx.fact(
      'causes',
      o.kind === 'accepted'
        ? `${ctx.params.type}: accepted${o.cause !== undefined ? ` with 5GSM #${o.cause}` : ''}`
        : o.kind === 'rejected'
          ? `${ctx.params.type}: 5GSM #${o.cause}`
          : `${ctx.params.type}: ${o.kind}`,
    );
    if (o.kind === 'accepted') ctx.fact('PDN types held', typeof o.type === 'string' ? o.type : `type ${o.type}`);
    if (o.kind !== 'accepted' || !o.interfaceId || !o.n3) return;
    const ul = o.n3.upf.ipv4 ?? o.n3.upf.ipv6;
    ctx.check('the UL N3 tunnel ends at the visited UPF (which relays over N9)', {
      expected: vupf.address,
      observed: ul ?? 'no address',
      ok: ul === vupf.address,
      clause: 'TS 23.502 §4.3.2.2.2 step 15, TS 23.501 §5.6.4',
      element: 'vsmf',
    });
    if (o.ipv4)
      ctx.check(`the UE's IPv4 address is from the home DNN's pool ${policy.ipv4Pool}`, {
        expected: `in ${policy.ipv4Pool}`,
        observed: o.ipv4,
        ok: new Address4(o.ipv4).isInSubnet(new Address4(policy.ipv4Pool)),
        clause: 'TS 23.502 §4.3.2.2.2 step 9 (the H-SMF allocates)',
        element: 'hsmf',
      });
    const up = gnb.sessions.bearer(ue.ranUeId, id);
    if (!up) throw new Error('the gNB set up no N3 tunnel for an accepted PDU session');
    const bearers = splitByFamily(up.bearer);
    const v6 = new UeIpv6Host(bearers.ipv6, o.interfaceId, ctx.recorder);
    const got = await v6.solicitRouter({ intervalMs: 1500, maxSolicitations: 3 }, ctx.signal);
    ctx.expect('a Router Advertisement from the H-SMF answers the RS over N3 → N9 → N4-u and back', {
      expected: 'an RA with a /64 for SLAAC',
      observed: got ? (v6.global ? 'an RA with a /64 for SLAAC' : 'an RA without an autonomous /64') : 'no RA',
      ok: got !== undefined && v6.global !== undefined,
      clause: 'TS 23.501 §5.8.2.2.2, TS 23.502 §4.3.2.2.2 step 16',
      element: 'hsmf',
    });
    if (!got || !v6.global) return;
    // The RA's checks against the HOME DNN's policy: its /64 from the home pool, A=1 L=0, MTU, RDNSS.
    judgeRouterAdvertisement(
      ctx,
      { ra: got.ra, packet: { hopLimit: got.packet.hopLimit, src: got.packet.src } },
      { element: 'hsmf', ueAddress: v6.global, apn: policy, source: 'SLAAC' },
    );
    const echo6 = await v6.ping(hosts.ipv6Only, 0x5c, 1, 3000, ctx.signal);
    ctx.fact('IPv6 end to end', echo6 ? 'yes' : 'no');
    ctx.check(`ICMPv6 echo to ${hosts.ipv6Only} through the H-UPF's N6 (home-routed)`, {
      expected: `echo reply from ${hosts.ipv6Only}`,
      observed: echo6 ? 'echo reply' : `no reply to ${v6.global}`,
      ok: echo6 !== undefined,
      clause: 'TS 23.501 §5.6.4, TS 29.244 §5.2.1',
      element: 'hupf',
    });
    if (ctx.params.type === 'ipv4v6' && o.ipv4) {
      const v4 = new UeIpv4Host(bearers.ipv4, o.ipv4, ctx.recorder);
      const echo4 = await v4.ping(hosts.ipv4Only, 0x5d, 1, 3000, ctx.signal);
      ctx.check(`ICMP echo from ${o.ipv4} to ${hosts.ipv4Only} through the H-UPF's N6`, {
        expected: `echo reply from ${hosts.ipv4Only}`,
        observed: echo4 ? 'echo reply' : 'no reply',
        ok: echo4 !== undefined,
        clause: 'TS 23.501 §5.6.4, TS 29.244 §5.2.1',
        element: 'hupf',
      });
    }
    ctx.check('relayed downlink G-PDUs on N3 carry the PDU Session Container with the session’s QFI', {
      expected: { withoutContainer: 0, otherQfi: 0 },
      observed: { withoutContainer: up.downlink.withoutContainer, otherQfi: up.downlink.otherQfi },
      ok: up.downlink.packets > 0 && up.downlink.withoutContainer === 0 && up.downlink.otherQfi === 0,
      clause: 'TS 38.415 §5.5.2.1, TS 29.281 §5.2.2.7',
      element: 'vupf',
    });
    // TS 23.502 §4.3.4.3: the V-SMF forwards the release over N16 and the H-SMF decides it.
    const rel = await releasePduSession(ue, id, { signal: ctx.signal, cause: 36 });
    await checkHomeRelease(ctx, hsmf, vsmf, sub.imsi, id);
    ctx.check('UE-requested release, N2 resources released', {
      expected: { kind: 'released', cause: 36, n2Released: true },
      observed: rel,
      clause: 'TS 24.501 §6.4.3, TS 23.502 §4.3.4.3',
      element: 'vsmf',
    });
    await ue.deregister({ signal: ctx.signal });
  },
});
