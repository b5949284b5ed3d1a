import {
  establishPduSession,
  type PduSessionType,
  releasePduSession,
  sessionBearer,
  type Ue5g,
} from '../../harness/drivers/gnb/index.ts';
import type { EsmAnswer, PdnFamily } from '../../harness/drivers/mme/esm-cause.ts';
import { splitByFamily } from '../../harness/drivers/ue/bearer-families.ts';
import { UeIpv6Host } from '../../harness/drivers/ue/index.ts';
import { apnForRole, type ApnRole, type ElementEndpoint, missingRole } from '../../harness/lab/index.ts';
import type { ApnPolicy } from '../../harness/lab/target.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { expectedPduSession, outcomeText, sameOutcome, wantText } from '../core5g/dnn-policy.ts';
import { amfOf, expectNgSetup, type GnbSlot, registeredUe, subscriberOf, ueProfileOf } from '../core5g/ran-kit.ts';
import type { AccessPeers } from './access.ts';
import { IPV6_USED, type PdnNetwork } from './pdn-network.ts';

/**
 * The AMF's DNN that plays `role` (DNNs are declared like APNs, on the AMF or on the SMF it relays
 * to; the role by the same rules as an APN's, harness/lab/apn-roles.ts); skipped, naming the role
 * and the key, when none does.
 */
export function dnnForRole(
  ctx: ScenarioContext,
  amf: ElementEndpoint,
  role: ApnRole,
): { name: string; policy: ApnPolicy } {
  const dnns = amf.dnns ?? {};
  const found = apnForRole(dnns, amf.apnRoles, role);
  if (found) return found;
  return ctx.skip(
    `${missingRole(amf.name, dnns, [role]).replace('APN', 'DNN')} (DNNs: elements.${amf.name}.dnns, or its SMF's)`,
  );
}

/**
 * The gNB toward the AMF (NG Setup, its N3 toward the UPF) and the UE of the AMF's declared
 * subscriber number `subscriber` registered (TS 24.501 §5.5.1.2); undefined when NG Setup or the
 * registration failed (recorded, naming the AMF).
 */
export async function registerOverN2(ctx: ScenarioContext, slot: GnbSlot, subscriber: number) {
  const amf = ctx.element('amf');
  const upf = ctx.element('upf');
  const sub = subscriberOf(ctx, amf, subscriber);
  amfOf(ctx, amf);
  const { gnb, setup, declared } = await slot.open(amf, { upf });
  expectNgSetup(ctx, setup);
  if (setup.kind !== 'accepted') return undefined;
  const registered = await registeredUe(ctx, gnb, ueProfileOf(declared, sub));
  return registered ? { ...registered, declared } : undefined;
}

/** The terminal scenarios' UE among the AMF's declared subscribers (apart from the core5g scenarios' first ones). */
const SUBSCRIBER_INDEX = 20;

/**
 * 5GS: a gNB on N2 toward the AMF (NG Setup), the UE registered (TS 24.501 §5.5.1.2), then one
 * UE-requested PDU Session Establishment per request on the DNN (TS 24.501 §6.4.1, TS 23.502
 * §4.3.2.2.1); every outcome is what the DNN's declared policy demands (#50/#51 with one family of
 * IPv4v6, a reject naming the allowed family, §6.4.1.3, §6.4.1.4.1), judged against the SMF (the
 * AMF when it answers 5GSM itself). The IPv6 session is used over its N3 tunnel: RS → RA from the
 * SMF through the UPF (TS 23.501 §5.8.2.2.2), SLAAC with the interface identifier of the NAS PDU
 * address (TS 24.501 §9.11.4.10), echo through the UPF's N6. Undefined when NG Setup or
 * registration failed (recorded; the scenario stops).
 */
export async function fiveGsNetwork(
  ctx: ScenarioContext,
  peers: Extract<AccessPeers, { access: '5gs' }>,
  dnn: string,
  policy: ApnPolicy,
): Promise<PdnNetwork | undefined> {
  const registered = await registerOverN2(ctx, peers.gnbSlot, SUBSCRIBER_INDEX);
  if (!registered) return undefined;
  const { ue, registration, declared } = registered;
  const sm = declared.sessionManagement;
  const slice = registration.allowedNssai[0];
  const open: { id: number; family: PduSessionType; interfaceId?: string }[] = [];
  let nextId = 1;
  const release = (u: Ue5g, id: number) => releasePduSession(u, id, { signal: ctx.signal });
  return {
    connection: 'PDU session',
    async request(requested: PdnFamily): Promise<EsmAnswer> {
      const id = nextId++;
      const o = await establishPduSession(ue, {
        pduSessionId: id,
        dnn,
        type: requested,
        ...(slice ? { sNssai: slice } : {}),
        signal: ctx.signal,
      });
      const want = expectedPduSession(requested, policy);
      ctx.check(
        `network: outcome for ${requested} on DNN ${dnn} (declared ${policy.pdnTypes}${policy.singleAddressBearersOnly ? ', single addresses' : ''})`,
        {
          expected: wantText(want),
          observed: outcomeText(o),
          ok: sameOutcome(o, want),
          clause: 'TS 24.501 §6.4.1.3, §6.4.1.4.1; TS 23.502 §4.3.2.2.1',
          // A 5GSM message the AMF did not forward (TS 24.501 §5.4.5.3.3) is the AMF's doing.
          element: o.kind === 'not-forwarded' ? 'amf' : sm,
        },
      );
      if (o.kind === 'accepted' && typeof o.type === 'string') {
        open.push({ id, family: o.type, ...(o.interfaceId ? { interfaceId: o.interfaceId } : {}) });
        return { kind: 'accepted', granted: o.type, ...(o.cause !== undefined ? { esmCause: o.cause } : {}) };
      }
      // No 5GSM answer at all (an unknown type, not forwarded, timed out): the UE gives up (cause 0, unnamed).
      return { kind: 'rejected', esmCause: o.kind === 'rejected' ? o.cause : 0 };
    },
    async releaseLast() {
      const last = open.pop();
      if (last) await release(ue, last.id);
    },
    async useIpv6(probe) {
      const v6 = open.find((o) => o.family !== 'ipv4');
      if (!v6) return { observed: 'no IPv6-capable PDU session held', element: 'ue' };
      if (!probe) return { observed: `DNN ${dnn} declares no probeIpv6 to ping`, element: 'ue' };
      if (!v6.interfaceId) return { observed: 'no interface identifier in the PDU address', element: sm };
      const up = sessionBearer(ue, v6.id);
      if (!up) return { observed: 'no N3 tunnel for the accepted PDU session', element: 'amf' };
      const host = new UeIpv6Host(splitByFamily(up.bearer).ipv6, v6.interfaceId, ctx.recorder);
      const ra = await host.solicitRouter({ intervalMs: 1500, maxSolicitations: 3 }, ctx.signal);
      if (!ra) return { observed: 'no RA (from the SMF through the UPF) over N3', element: sm };
      if (!host.global) return { observed: 'RA without a usable prefix', element: sm };
      const echo = await host.ping(probe, 0x77, 1, 3000, ctx.signal);
      return echo
        ? { observed: IPV6_USED, element: 'ue' }
        : { observed: `no echo reply to ${probe} from ${host.global} through the UPF's N6`, element: 'upf' };
    },
    async close() {
      for (const o of open.splice(0)) await release(ue, o.id);
      await ue.deregister({ signal: ctx.signal });
    },
  };
}
