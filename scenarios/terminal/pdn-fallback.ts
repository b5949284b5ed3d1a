import type { PdnFamily } from '../../harness/drivers/mme/esm-cause.ts';
import { connect, heldFamilies } from '../../harness/drivers/ue/pdn-fallback.ts';
import type { ApnRole } from '../../harness/lab/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { ACCESS, ACCESS_ID_OMITS, type Access, accessNeeds, accessPeers } from './access.ts';
import { IPV6_USED, type PdnNetwork } from './pdn-network.ts';
import { epsNetwork } from './pdn-network-eps.ts';
import { dnnForRole, fiveGsNetwork } from './pdn-network-5gs.ts';

/**
 * Terminal PDN type fallback (MNO-TERM; TS 24.301 §6.5.1.3-§6.5.1.4, TS 24.501 §6.4.1.3-§6.4.1.4;
 * RFC 7849 C_REC#6/#9/#10): a UE with a given profile asks for a PDN connection (EPS: attach
 * through the SGW to the PGW on an APN) or a PDU session (5GS: registered through the gNB to the
 * AMF, the SMF behind it, on a DNN) with a declared policy.
 * Network side: every answer is what the declared policy demands (TS 23.401 §5.3.1.1 GTP causes;
 * TS 24.501 §6.4.1.3 5GSM causes #50/#51 — 5GS has no #52: a single-address DNN grants one family).
 * Terminal side: the UE ends with the connections a conforming UE ends with, sends no request
 * for a family the network ruled out (#50/#51; over 5GS also #57 "IPv4v6 only": then IPv4v6 and
 * nothing less, #58 "Unstructured only": no IP type, TS 24.501 §6.4.1.4.1), and uses IPv6 when it
 * was granted (SLAAC + echo).
 * The `ue` parameter selects a broken terminal to show the scenario catches it; `access` the
 * network (access.ts).
 */
const CASES = {
  'dual-stack-on-dual-stack-apn': { request: 'ipv4v6', role: 'dualStack', held: ['ipv4v6'], requests: 1 },
  'dual-stack-on-ipv4-only-apn': { request: 'ipv4v6', role: 'ipv4Only', held: ['ipv4'], requests: 1 },
  'dual-stack-on-ipv6-only-apn': { request: 'ipv4v6', role: 'ipv6Only', held: ['ipv6'], requests: 1 },
  'dual-stack-on-single-address-apn': { request: 'ipv4v6', role: 'singleAddress', held: ['ipv6', 'ipv4'], requests: 2 },
  'ipv6-only-on-dual-stack-apn': { request: 'ipv6', role: 'dualStack', held: ['ipv6'], requests: 1 },
  'ipv6-only-on-ipv4-only-apn': { request: 'ipv6', role: 'ipv4Only', held: [], requests: 1 },
  // 5GS only (TS 24.501 §6.4.1.4.1; EPS has no such causes): a dual-stack UE asking for IPv6 on a
  // DNN that allows IPv4v6 only gets #57 and asks for IPv4v6; any IP type on an Unstructured-only
  // DNN gets #58 and the UE asks for no IP session there again.
  'ipv6-first-on-ipv4v6-only-dnn': {
    request: 'ipv6',
    capable: 'ipv4v6',
    role: 'ipv4v6Only',
    held: ['ipv4v6'],
    requests: 2,
  },
  'dual-stack-on-unstructured-only-dnn': { request: 'ipv4v6', role: 'unstructuredOnly', held: [], requests: 1 },
} as const satisfies Record<
  string,
  { request: PdnFamily; capable?: PdnFamily; role: ApnRole; held: PdnFamily[]; requests: number }
>;

const fiveGsOnly = (role: ApnRole): boolean => role === 'ipv4v6Only' || role === 'unstructuredOnly';

export default defineScenario({
  id: 'terminal/pdn-fallback',
  title: 'UE PDN type fallback on #50/#51/#52: the network answers by policy, the UE ends where it should',
  covers: ['MNO-TERM', 'TRANSITION'],
  tags: ['gtpv2c', 's11', 'nas', 'pdn-type', 'terminal'],
  needs: accessNeeds(['pgw', 'sgw']),
  fixtures: { peers: accessPeers() },
  params: {
    case: Object.keys(CASES) as (keyof typeof CASES)[],
    ue: ['conforming'],
    access: ACCESS as Access[],
  },
  idOmits: ACCESS_ID_OMITS,
  // 5GSM causes #57/#58 (TS 24.501 §6.4.1.4.1) have no EPS counterpart: those cases exist over 5GS only.
  excludes: (p) => p.access === 'eps' && fiveGsOnly(CASES[p.case].role),
  timeout: 30,
  async run(ctx, { peers }) {
    const c = CASES[ctx.params.case];
    let network: PdnNetwork | undefined;
    let at: string;
    let held: readonly PdnFamily[] = c.held;
    let requests: number = c.requests;
    let probe: string | undefined;
    if (peers.access === 'eps') {
      const { name, policy } = ctx.apn(ctx.element('pgw'), c.role);
      at = `APN ${name}`;
      probe = policy.probeIpv6;
      network = epsNetwork(ctx, peers, name, policy);
    } else {
      const amf = ctx.element('amf');
      const { name, policy } = dnnForRole(ctx, amf, c.role);
      at = `DNN ${name}`;
      // TS 24.501 §6.4.1.3: IPv4v6 on a DNN granting single addresses is one family with #50/#51,
      // after which the UE asks for no other (5GS has no #52).
      if (c.role === 'singleAddress') [held, requests] = [[policy.prefer], 1];
      if (held.some((f) => f !== 'ipv4')) probe = policy.probeIpv6 ?? ctx.internet().ipv6Only;
      network = await fiveGsNetwork(ctx, peers, name, policy);
      if (!network) return;
    }
    const { connection } = network;
    ctx.fact('access', ctx.params.access === '5gs' ? '5GS (PDU session)' : 'EPS (PDN connection)');
    ctx.fact('UE asks for', c.request);
    ctx.fact('APN/DNN', `${at} (${c.role})`);
    const attempts = await connect(
      { request: c.request, behaviour: ctx.params.ue, ...('capable' in c ? { capable: c.capable } : {}) },
      (requested) => network.request(requested),
      () => network.releaseLast(),
    );
    const transcript = attempts.map(
      (a) =>
        `${a.requested} → ${a.answer.kind}${a.answer.kind === 'accepted' ? ` ${a.answer.granted}` : ''}${a.answer.esmCause ? ` #${a.answer.esmCause}` : ''}${a.released ? ' (released by the UE)' : ''}`,
    );
    ctx.log(`UE ${ctx.params.ue} on ${at}: ${transcript.join('; ')}`);
    ctx.fact('answers', transcript.join('; '));
    ctx.fact('held at the end', heldFamilies(attempts).join(' + ') || 'none');
    const five = ctx.params.access === '5gs';
    ctx.check(`terminal: ${connection}s held at the end`, {
      expected: held,
      observed: heldFamilies(attempts),
      clause: five
        ? 'TS 24.501 §6.4.1.3, §6.4.1.4.1; RFC 7849 C_REC#9'
        : 'TS 24.301 §6.5.1.3, §6.5.1.4; RFC 7849 C_REC#9',
      element: 'ue',
    });
    ctx.check(five ? 'terminal: PDU session establishment requests sent' : 'terminal: PDN connectivity requests sent', {
      expected: requests,
      observed: attempts.length,
      clause: 'RFC 7849 C_REC#10 (no retry loops)',
      element: 'ue',
    });
    const ruledOut = new Set<string>();
    const violations: string[] = [];
    for (const a of attempts) {
      if ((a.requested !== 'ipv4' && ruledOut.has('ipv6')) || (a.requested !== 'ipv6' && ruledOut.has('ipv4')))
        violations.push(`${a.requested} after #${ruledOut.has('ipv6') ? 50 : 51}`);
      // TS 24.501 §6.4.1.4.1: after #57 no IPv4 or IPv6 alone on this DNN; after #58 no IP type at all.
      else if (ruledOut.has('single') && a.requested !== 'ipv4v6') violations.push(`${a.requested} after #57`);
      else if (ruledOut.has('ip')) violations.push(`${a.requested} after #58`);
      if (a.answer.esmCause === 50) ruledOut.add('ipv6');
      if (a.answer.esmCause === 51) ruledOut.add('ipv4');
      if (a.answer.esmCause === 57) ruledOut.add('single');
      if (a.answer.esmCause === 58) ruledOut.add('ip');
    }
    ctx.check(
      `terminal: no request for a ${five ? 'type' : 'family'} the network ruled out (${five ? '#50/#51/#57/#58' : '#50/#51'})`,
      {
        expected: [],
        observed: violations,
        clause: five ? 'TS 24.501 §6.4.1.3, §6.4.1.4.1' : 'TS 24.301 §6.5.1.3, §6.5.1.4',
        element: 'ue',
      },
    );
    if (held.some((f) => f !== 'ipv4')) {
      const used = await network.useIpv6(probe);
      ctx.fact('IPv6 used', used.observed === IPV6_USED ? 'yes' : 'no');
      ctx.check('terminal: IPv6 is used when granted (SLAAC, then echo)', {
        expected: IPV6_USED,
        observed: used.observed,
        clause: 'RFC 7849 C_REC#1',
        element: used.element,
      });
    }
    await network.close();
  },
});
