import { receivePortFor } from '../../harness/drivers/common/gtpu-endpoint.ts';
import { establishPduSession, releasePduSession, sessionBearer } from '../../harness/drivers/gnb/index.ts';
import { s11Session } from '../../harness/drivers/mme/index.ts';
import { splitByFamily, UeIpv4Host, UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { outcomeText } from '../core5g/dnn-policy.ts';
import { amfOf, expectNgSetup, registeredUe, subscriberOf, ueProfileOf } from '../core5g/ran-kit.ts';
import type { AccessPeers } from './access.ts';
import { dnnForRole } from './pdn-network-5gs.ts';

/**
 * The UE's two stacks on one IPv4v6 connection of the dual-stack APN/DNN, over the instance's
 * access (access.ts), SLAAC done: what the terminal cases that use both families start from.
 * `plane` is the element whose user plane the packets cross (the PGW; over 5GS the UPF), named
 * with the network-side checks; `ra` the one that sends the RA (the PGW; over 5GS the SMF).
 */
export interface DualStack {
  ue6: UeIpv6Host;
  ue4: UeIpv4Host;
  plane: { element: string; name: 'PGW' | 'UPF' };
  ra: string;
  close(): Promise<void>;
}

/**
 * EPS (TS 23.401 §5.3.2.1): Create Session through the SGW to the PGW (IPv4v6, DAF), Modify Bearer
 * with the eNodeB's S1-U F-TEID, then RS → RA and SLAAC. Every step is an `expect` naming the
 * element; the session is deleted by `close`.
 */
async function epsDualStack(
  ctx: ScenarioContext,
  { mme, enb }: Extract<AccessPeers, { access: 'eps' }>,
  imsi: string,
): Promise<DualStack> {
  const pgw = ctx.element('pgw');
  const sgw = ctx.element('sgw');
  const local = { address: mme.localAddress! };
  const { outcome } = await mme.createSession(
    { imsi, apn: ctx.apn(pgw, 'dualStack').name, pdnType: 'ipv4v6', daf: true, pgwAddress: pgw.address, ebi: 5 },
    ctx.signal,
  );
  const res = outcome.kind === 'response' ? outcome.message : undefined;
  ctx.expect('Create Session Response', {
    expected: 'create-session-response',
    observed: res?.type ?? describeOutcome(outcome),
    element: 'sgw',
    clause: 'TS 29.274 §7.2.2',
  });
  const s = s11Session(res!);
  const sgwS11Teid = s.sgwS11Teid;
  const close = async () => {
    if (sgwS11Teid !== undefined) await mme.deleteSession(sgwS11Teid, 5, ctx.signal).catch(() => undefined);
  };
  try {
    ctx.expect('an IPv4v6 PDN connection on APN internet (PAA with both families)', {
      expected: { pdnType: 3, ipv4: true, ipv6: true },
      observed: { pdnType: s.paa?.pdnType, ipv4: s.paa?.ipv4 !== undefined, ipv6: s.paa?.ipv6 !== undefined },
      element: 'pgw',
      clause: 'TS 29.274 §8.14, TS 23.401 §5.3.1.1',
    });
    if (!s.s1uSgw || sgwS11Teid === undefined)
      ctx.expect('an S1-U F-TEID and S11 TEID in the response', {
        expected: 'both',
        observed: 'missing',
        element: 'sgw',
        clause: 'TS 29.274 §7.2.2',
      });
    const v6 = s.s1uSgw!.ipv6 !== undefined;
    await enb.open(v6 === local.address.includes(':') ? local.address : v6 ? '::1' : '127.0.0.1', receivePortFor(sgw));
    const e = enb.allocate();
    const mod = await mme.modifyBearer(sgwS11Teid!, 5, e, ctx.signal);
    ctx.expect('Modify Bearer Response (eNodeB S1-U F-TEID given)', {
      expected: 'response',
      observed: mod.kind,
      element: 'sgw',
      clause: 'TS 29.274 §7.2.7',
    });
    const bearer = splitByFamily(enb.bearer(e.teid, s.s1uSgw!, sgw.userPlanePort ?? 2152));
    const ue6 = new UeIpv6Host(bearer.ipv6, withInterfaceId('::', s.paa!.ipv6!), ctx.recorder);
    const ue4 = new UeIpv4Host(bearer.ipv4, s.paa!.ipv4!, ctx.recorder);
    const ra = await ue6.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
    ctx.expect('SLAAC: a global IPv6 address from the RA', {
      expected: 'a global address',
      observed: ue6.global ?? (ra ? 'RA without a usable PIO' : 'no RA'),
      ok: ue6.global !== undefined,
      element: 'pgw',
      clause: 'RFC 4862 §5.5.3, TS 29.061 §11.2.1.3',
    });
    return { ue6, ue4, plane: { element: 'pgw', name: 'PGW' }, ra: 'pgw', close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * 5GS (TS 23.502 §4.3.2.2.1): NG Setup, registration, an IPv4v6 PDU session on the dual-stack DNN
 * (its PDU address: an interface identifier and an IPv4 address, TS 24.501 §9.11.4.10), then over
 * its N3 tunnel RS → RA from the SMF through the UPF (TS 23.501 §5.8.2.2.2) and SLAAC. The session
 * is released and the UE deregistered by `close`.
 */
async function fiveGsDualStack(
  ctx: ScenarioContext,
  peers: Extract<AccessPeers, { access: '5gs' }>,
  subscriberIndex: number,
): Promise<DualStack> {
  const amf = ctx.element('amf');
  const upf = ctx.element('upf');
  amfOf(ctx, amf);
  const { name: dnn } = dnnForRole(ctx, amf, 'dualStack');
  const sub = subscriberOf(ctx, amf, subscriberIndex);
  const { gnb, setup, declared } = await peers.gnbSlot.open(amf, { upf });
  expectNgSetup(ctx, setup);
  const registered = await registeredUe(ctx, gnb, ueProfileOf(declared, sub));
  const { ue, registration } = registered!;
  const sm = declared.sessionManagement;
  const id = 1;
  const o = await establishPduSession(ue, {
    pduSessionId: id,
    dnn,
    type: 'ipv4v6',
    ...(registration.allowedNssai[0] ? { sNssai: registration.allowedNssai[0] } : {}),
    signal: ctx.signal,
  });
  const close = async () => {
    if (o.kind === 'accepted') await releasePduSession(ue, id, { signal: ctx.signal }).catch(() => undefined);
    await ue.deregister({ signal: ctx.signal }).catch(() => undefined);
  };
  try {
    ctx.expect(`an IPv4v6 PDU session on DNN ${dnn} (PDU address with both families)`, {
      expected: 'accepted as ipv4v6, an interface identifier and an IPv4 address',
      observed:
        o.kind === 'accepted'
          ? `${outcomeText(o)}, ${o.interfaceId ? 'an interface identifier' : 'no interface identifier'} and ${o.ipv4 ? 'an IPv4 address' : 'no IPv4 address'}`
          : outcomeText(o),
      ok: o.kind === 'accepted' && o.type === 'ipv4v6' && o.interfaceId !== undefined && o.ipv4 !== undefined,
      element: o.kind === 'not-forwarded' ? 'amf' : sm,
      clause: 'TS 24.501 §6.4.1.3, §9.11.4.10',
    });
    const up = o.kind === 'accepted' ? sessionBearer(ue, id) : undefined;
    ctx.expect('an N3 tunnel for the PDU session (PDU Session Resource Setup)', {
      expected: 'a UL NG-U tunnel',
      observed: up ? 'a UL NG-U tunnel' : 'none',
      ok: up !== undefined,
      element: 'amf',
      clause: 'TS 38.413 §8.2.1',
    });
    if (o.kind !== 'accepted' || !up) throw new Error('unreachable: expected above');
    const bearer = splitByFamily(up.bearer);
    const ue6 = new UeIpv6Host(bearer.ipv6, o.interfaceId!, ctx.recorder);
    const ue4 = new UeIpv4Host(bearer.ipv4, o.ipv4!, ctx.recorder);
    const ra = await ue6.solicitRouter({ intervalMs: 1500, maxSolicitations: 3 }, ctx.signal);
    ctx.expect('SLAAC: a global IPv6 address from the RA', {
      expected: 'a global address',
      observed: ue6.global ?? (ra ? 'RA without a usable PIO' : 'no RA'),
      ok: ue6.global !== undefined,
      element: sm,
      clause: 'RFC 4862 §5.5.3, TS 23.501 §5.8.2.2.2',
    });
    return { ue6, ue4, plane: { element: 'upf', name: 'UPF' }, ra: sm, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The dual-stack connection over the instance's access; the EPS UE is `imsi`, the 5GS one the AMF's subscriber `subscriberIndex`. */
export function dualStackSession(
  ctx: ScenarioContext,
  peers: AccessPeers,
  ue: { imsi: string; subscriberIndex: number },
): Promise<DualStack> {
  return peers.access === 'eps' ? epsDualStack(ctx, peers, ue.imsi) : fiveGsDualStack(ctx, peers, ue.subscriberIndex);
}
