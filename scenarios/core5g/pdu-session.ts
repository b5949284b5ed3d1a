import { Address4 } from 'ip-address';
import {
  establishPduSession,
  type PduSessionOutcome,
  type PduSessionType,
  releasePduSession,
} from '../../harness/drivers/gnb/index.ts';
import { expectedPduSession, outcomeText, sameOutcome, wantText } from './dnn-policy.ts';
import type { ApnPolicy } from '../../harness/lab/target.ts';
import { PCO_CONTAINER } from '../../harness/protocol/common/pco.ts';
import { addressString } from '../../harness/protocol/common/ip-bytes.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { checkReleasedNotify, notifyCount } from './sm-status-check.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { expectNgSetup, gnbOnN2, registeredUe, subscriberOf, ueProfileOf } from './ran-kit.ts';

/**
 * UE-requested PDU session establishment over N2 (TS 23.502 §4.3.2.2.1, TS 24.501 §6.4.1) of one
 * PDU session type on every DNN the target declares, judged against the declared policy (the
 * DNN policy matrix): a type the DNN grants is accepted as asked; IPv4v6 on a single-family DNN
 * (or one granting single addresses only) is accepted with the allowed family and 5GSM cause #50
 * or #51, which the UE takes as its fallback (§6.4.1.3); one family on a DNN of the other is
 * rejected with the cause naming the allowed one. An accepted session carries a PDU address of the
 * granted type (an IPv6 interface identifier, an IPv4 address of the declared pool), a default QoS
 * rule, the Session-AMBR and the declared DNS servers in ePCO, in PDU Session Resource Setup
 * Request whose transfer names the same type and a UL N3 tunnel; then the UE releases it. The
 * 5GSM checks name the SMF the AMF relays to when the target has one (the AMF otherwise).
 */
export default defineScenario({
  id: 'core5g/pdu-session',
  title: 'PDU session establishment per type on every declared DNN, release',
  covers: ['MNO-CORE', 'MNO-RAN', 'MVNO-L2'],
  tags: ['ngap', 'nas', '5gsm', 'n2', '5g', 'pdu-session', 'ipv6', 'ipv4v6'],
  needs: ['amf'],
  params: { type: ['ipv6', 'ipv4v6', 'ipv4'] satisfies PduSessionType[] },
  timeout: 30,
  fixtures: { gnbSlot: gnbOnN2() },
  async run(ctx, { gnbSlot }) {
    const amf = ctx.element('amf');
    const dnns = Object.entries(amf.dnns ?? {});
    if (!dnns.length) ctx.skip(`the target declares no DNN for the AMF (elements.${amf.name}.dnns)`);
    const sub = subscriberOf(ctx, amf);
    const { gnb, setup, declared } = await gnbSlot.open(amf);
    expectNgSetup(ctx, setup);
    if (setup.kind !== 'accepted') return;
    const registered = await registeredUe(ctx, gnb, ueProfileOf(declared, sub));
    if (!registered) return;
    const { ue, registration: r } = registered;
    // The SMF behind the AMF decides and answers 5GSM (the AMF itself when the target has none).
    const sm = declared.sessionManagement;
    const slice = r.allowedNssai[0];
    let id = 1;
    // Each release's SmContextStatusNotify is awaited beside the next DNN's session, not before
    // it: a silent SMF then costs the scenario one notify wait, not one per DNN.
    const notifies: Promise<void>[] = [];
    for (const [dnn, policy] of dnns) {
      const want = expectedPduSession(ctx.params.type, policy);
      const o = await establishPduSession(ue, {
        pduSessionId: id,
        dnn,
        type: ctx.params.type,
        ...(slice ? { sNssai: slice } : {}),
        signal: ctx.signal,
      });
      const at = `${ctx.params.type} on DNN ${dnn} (${policy.pdnTypes}${policy.singleAddressBearersOnly ? ', single addresses' : ''})`;
      ctx.check(`${at}: outcome as the DNN policy says`, {
        expected: wantText(want),
        observed: outcomeText(o),
        ok: sameOutcome(o, want),
        clause: 'TS 24.501 §6.4.1.3, §6.4.1.4.1; TS 23.502 §4.3.2.2.1',
        element: sm,
      });
      if (o.kind === 'accepted') {
        checkAccepted(ctx, at, o, policy, sm);
        const notified = await notifyCount(amf, sub.imsi, id);
        const rel = await releasePduSession(ue, id, { signal: ctx.signal });
        ctx.check(`${at}: UE-requested release, N2 resources released`, {
          expected: { kind: 'released', cause: 36, n2Released: true },
          observed: rel,
          clause: 'TS 24.501 §6.4.3, TS 38.413 §8.2.2',
          element: sm,
        });
        if (rel.kind === 'released') {
          const check = checkReleasedNotify(ctx, at, amf, sm, sub.imsi, id, notified);
          check.catch(() => {}); // handled by the Promise.all below, not an unhandled rejection meanwhile
          notifies.push(check);
        }
      }
      id = id >= 15 ? 1 : id + 1;
    }
    await Promise.all(notifies);
    await ue.deregister({ signal: ctx.signal });
  },
});

/** The contents of an accepted session (TS 24.501 §8.3.2, §9.11.4.10, §9.11.4.13; TS 38.413 §9.3.4.1). */
function checkAccepted(
  ctx: ScenarioContext,
  at: string,
  o: Extract<PduSessionOutcome, { kind: 'accepted' }>,
  policy: ApnPolicy,
  sm: string,
): void {
  const v6 = o.type !== 'ipv4';
  const v4 = o.type !== 'ipv6';
  ctx.check(`${at}: PDU address of the granted type`, {
    expected: {
      interfaceIdentifier: v6 ? 'a non-zero IPv6 interface identifier' : 'none',
      ipv4: v4 ? `an address of ${policy.ipv4Pool}` : 'none',
    },
    observed: { interfaceIdentifier: o.interfaceId ?? 'none', ipv4: o.ipv4 ?? 'none' },
    ok:
      (v6 ? o.interfaceId !== undefined && o.interfaceId !== '::' : o.interfaceId === undefined) &&
      (v4 ? o.ipv4 !== undefined && inPool(o.ipv4, policy.ipv4Pool) : o.ipv4 === undefined),
    clause: 'TS 24.501 §9.11.4.10, TS 23.501 §5.8.2.2',
    element: sm,
  });
  const rule = o.qosRules.find((q) => q.dqr);
  ctx.check(`${at}: a default QoS rule whose QFI the N2 resources set up`, {
    expected: 'a QoS rule with DQR and a QoS flow of the PDU Session Resource Setup Request',
    observed: rule
      ? `default rule ${rule.id}, QFI ${rule.qfi}; N2 flows ${o.n3 ? o.n3.qfis.join(',') : 'none'}`
      : 'no default QoS rule',
    ok: rule?.qfi !== undefined && (o.n3?.qfis.includes(rule.qfi) ?? false),
    clause: 'TS 24.501 §6.2.5.1.1.1, §9.11.4.13; TS 38.413 §9.3.4.1',
    element: sm,
  });
  ctx.check(`${at}: PDU Session Resource Setup Request with the accept, for the granted type`, {
    expected: { n3: 'a UL NG-U tunnel', pduSessionType: String(o.type) },
    observed: { n3: o.n3 ? 'a UL NG-U tunnel' : 'none', pduSessionType: o.n3?.n2Type ?? 'none' },
    ok: o.n3 !== undefined && o.n3.n2Type === o.type,
    clause: 'TS 38.413 §8.2.1, §9.3.4.1; TS 23.502 §4.3.2.2.1 step 12',
    element: 'amf',
  });
  ctx.check(`${at}: the AMF's DL NAS Transport with the accept is protected, MAC valid`, {
    expected: 'security header type 2, MAC valid',
    observed: `security header type ${o.protection.securityHeaderType}, MAC ${o.protection.macValid ? 'valid' : 'invalid'}`,
    ok: o.protection.securityHeaderType === 2 && o.protection.macValid,
    clause: 'TS 24.501 §4.4.5',
    element: 'amf',
  });
  const dns = (id: number) =>
    (o.epco?.containers ?? []).filter((c) => c.id === id).map((c) => addressString(c.contents));
  const want = [...(v6 ? policy.dnsIpv6 : []), ...(v4 ? policy.dnsIpv4 : [])];
  const got = [...(v6 ? dns(PCO_CONTAINER.DNS_SERVER_IPV6) : []), ...(v4 ? dns(PCO_CONTAINER.DNS_SERVER_IPV4) : [])];
  ctx.check(`${at}: DNS servers of the granted families in ePCO, as declared`, {
    expected: want,
    observed: got,
    clause: 'TS 24.501 §9.11.4.6, TS 24.008 §10.5.6.3',
    element: sm,
  });
}

function inPool(address: string, pool: string): boolean {
  try {
    return new Address4(address).isInSubnet(new Address4(pool));
  } catch {
    return false;
  }
}
