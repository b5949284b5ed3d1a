import type { SgwS5Driver } from '../../harness/drivers/sgw/index.ts';
import type { Gnb } from '../../harness/drivers/gnb/index.ts';
import { establishPduSession, releasePduSession, sessionBearer } from '../../harness/drivers/gnb/index.ts';
import { splitByFamily } from '../../harness/drivers/ue/bearer-families.ts';
import { type Bearer, type RouterAdvertisement, UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { apnForRole, type ApnRole } from '../../harness/lab/index.ts';
import type { ApnPolicy } from '../../harness/lab/target.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { fixture, type Fixture } from '../../harness/runner/fixture.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';
import { ipv6Session } from '../core/session-checks.ts';
import { type GnbSlot, gnbOnN2 } from '../core5g/ran-kit.ts';
import { outcomeText } from '../core5g/dnn-policy.ts';
import { dnnForRole, registerOverN2 } from './pdn-network-5gs.ts';

/**
 * The user-plane side of a terminal scenario over either access (suite parameter `access`,
 * access.ts) when all it needs is one IPv6 connection to use as a terminal does (tethering,
 * 464XLAT): EPS — the SGW on S5/S8 toward the PGW, an IPv6 PDN connection on the APN (TS 23.401);
 * 5GS — a gNB on N2/N3 toward the AMF, the UE registered and an IPv6 PDU session on the DNN, its
 * N3 tunnel toward the UPF (TS 23.502 §4.3.2.2.1). What the network answers on the link (RA,
 * DHCPv6) is the PGW's or, over 5GS, the SMF's (TS 23.501 §5.8.2.2.2, §5.8.2.2.4); what it routes is
 * the PGW's or the UPF's.
 */
export type Ipv6Access = { access: 'eps'; sgw: SgwS5Driver } | { access: '5gs'; gnbSlot: GnbSlot & { gnb?: Gnb } };

/** The SGW on S5/S8 (EPS) or the gNB slot toward the AMF (5GS), opened before `run`, closed after. */
export const ipv6Access = (): Fixture<Ipv6Access> => {
  const sgw = sgwS5();
  const gnb = gnbOnN2();
  return fixture({
    title: 'terminal access: SGW on S5/S8, or gNB on N2/N3',
    async open(ctx) {
      if (ctx.params.access === '5gs') return { access: '5gs', gnbSlot: await gnb.open(ctx) };
      return { access: 'eps', sgw: await sgw.open(ctx) };
    },
    async close(a) {
      if (a.access === '5gs') return gnb.close(a.gnbSlot);
      await sgw.close(a.sgw);
    },
  });
};

/** The APN (of the PGW) or DNN (of the AMF or its SMF) that plays `role`; skipped naming it when none does. */
export function linkPolicy(
  ctx: ScenarioContext,
  a: Ipv6Access,
  role: ApnRole | readonly ApnRole[],
): { name: string; policy: ApnPolicy; at: string } {
  if (a.access === 'eps') {
    const { name, policy } = ctx.apn(ctx.element('pgw'), role);
    return { name, policy, at: `APN "${name}"` };
  }
  // The first of the roles a DNN plays (as ctx.apn takes them); none: skipped naming the first.
  const amf = ctx.element('amf');
  const roles = typeof role === 'string' ? [role] : role;
  const found = roles.map((r) => apnForRole(amf.dnns ?? {}, amf.apnRoles, r)).find((f) => f !== undefined);
  const { name, policy } = found ?? dnnForRole(ctx, amf, roles[0]);
  return { name, policy, at: `DNN "${name}"` };
}

export interface Ipv6Link {
  /** The IPv6 side of the bearer / N3 tunnel, as the UE's IP stack sees it. */
  bearer: Bearer;
  /** The interface identifier the network gave (EUA/PAA, or the NAS PDU address), as ::x:x:x:x. */
  interfaceId: string;
  /** The element that advertises the prefix and serves DHCPv6 on the link: the PGW, the SMF. */
  router: string;
  /** The element that routes the UE's packets: the PGW, the UPF. */
  userPlane: string;
  /** "PDN connection" or "PDU session". */
  connection: string;
  /** Releases what was set up (over 5GS: the PDU session, then deregistration). */
  close(): Promise<void>;
}

/**
 * An IPv6 connection on the APN/DNN `name`, or the scenario ends with the reason (recorded).
 * `ue`: the IMSI (EPS) and the index among the AMF's declared subscribers (5GS) of this instance's UE.
 */
export async function openIpv6Link(
  ctx: ScenarioContext,
  a: Ipv6Access,
  name: string,
  ue: { imsi: string; subscriber: number },
): Promise<Ipv6Link | undefined> {
  if (a.access === 'eps') {
    const s = await ipv6Session(ctx, a.sgw, ue.imsi, name);
    const pgwTeid = s.pgwTeid;
    return {
      bearer: s.bearer,
      interfaceId: withInterfaceId('::', s.ueAddress),
      router: 'pgw',
      userPlane: 'pgw',
      connection: 'PDN connection',
      close: async () => {
        if (pgwTeid !== undefined) await a.sgw.deleteSession(pgwTeid, 5, ctx.signal);
      },
    };
  }
  const registered = await registerOverN2(ctx, a.gnbSlot, ue.subscriber);
  if (!registered) return undefined;
  const sm = registered.declared.sessionManagement;
  const slice = registered.registration.allowedNssai[0];
  const o = await establishPduSession(registered.ue, {
    pduSessionId: 1,
    dnn: name,
    type: 'ipv6',
    ...(slice ? { sNssai: slice } : {}),
    signal: ctx.signal,
  });
  const up = o.kind === 'accepted' ? sessionBearer(registered.ue, 1) : undefined;
  ctx.expect(`an IPv6 PDU session on DNN ${name} with its N3 tunnel`, {
    expected: 'accepted as ipv6, N3 tunnel set up',
    observed: o.kind === 'accepted' ? `accepted as ${o.type}${up ? '' : ', no N3 tunnel'}` : outcomeText(o),
    ok: o.kind === 'accepted' && o.type === 'ipv6' && o.interfaceId !== undefined && up !== undefined,
    clause: 'TS 24.501 §6.4.1.3, TS 23.502 §4.3.2.2.1',
    element: o.kind === 'accepted' && o.type === 'ipv6' && !up ? 'amf' : o.kind === 'not-forwarded' ? 'amf' : sm,
  });
  const accepted = o as Extract<typeof o, { kind: 'accepted' }>;
  ctx.log(`IPv6 PDU session on DNN ${name}, interface identifier ${accepted.interfaceId}`);
  return {
    bearer: splitByFamily(up!.bearer).ipv6,
    interfaceId: accepted.interfaceId!,
    router: sm,
    userPlane: 'upf',
    connection: 'PDU session',
    close: async () => {
      await releasePduSession(registered.ue, 1, { signal: ctx.signal });
      await registered.ue.deregister({ signal: ctx.signal });
    },
  };
}

/**
 * The UE's IPv6 host on the link: RS, the RA from the PGW or SMF, SLAAC with the interface
 * identifier the network gave (RFC 4862 §5.5.3); the scenario ends, naming the router, without a
 * global address. Returns the host with its address and the RA it took it from.
 */
export async function slaacHost(
  ctx: ScenarioContext,
  link: Pick<Ipv6Link, 'bearer' | 'interfaceId' | 'router'>,
): Promise<{ ue: UeIpv6Host & { global: string }; ra?: RouterAdvertisement }> {
  const ue = new UeIpv6Host(link.bearer, link.interfaceId, ctx.recorder);
  const got = await ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
  ctx.expect('SLAAC: a global address from the RA', {
    expected: 'a global address',
    observed: ue.global ?? 'none',
    ok: ue.global !== undefined,
    clause: 'RFC 4862 §5.5.3',
    element: link.router,
  });
  return { ue: ue as UeIpv6Host & { global: string }, ...(got?.ra ? { ra: got.ra } : {}) };
}
