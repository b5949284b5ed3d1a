import { Address4, Address6 } from 'ip-address';
import type { ApnPolicy, ApnRole } from '../../harness/lab/index.ts';
import { gtpv2cCause, findIe, type Gtpv2cMessage } from '../../harness/protocol/gtpv2c/index.ts';
import { any, present, where } from '../../harness/runner/match.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { PDN_TYPE_NUMBER, type Family } from './expected-pdn.ts';
import { describeOutcome } from './describe-outcome.ts';
import type { SgwS5Driver } from '../../harness/drivers/sgw/index.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * The roles of an APN an IPv6 PDN connection can be asked on (ctx.apn, docs/targets.md): the
 * dual-stack APN where the target has one, else an IPv6-only one.
 */
export const GRANTS_IPV6: readonly ApnRole[] = ['dualStack', 'ipv6Only'];

/** An APN a suite parameter names (`apn:`): its declared policy, or the scenario is skipped naming the key. */
export function namedApn(
  ctx: ScenarioContext,
  element: string,
  apns: Readonly<Record<string, ApnPolicy>>,
  apn: string,
) {
  return ctx.declared(apns[apn], `elements.${element}.apns.${apn}`, 'the suite parameter apn names it');
}

/**
 * Checks of an accepted Create Session Response against the declared policy (TS 29.274 §7.2.2,
 * §8.14 PAA; TS 23.401 §5.3.1.2.2 a /64 per PDN connection).
 */
export function checkAcceptedSession(ctx: ScenarioContext, res: Gtpv2cMessage, granted: Family, apn: ApnPolicy): void {
  const paa = findIe(res, 'paa');
  ctx.checkMatch('PAA carries the granted PDN type', { ie: 'paa', pdnType: PDN_TYPE_NUMBER[granted] }, paa, {
    clause: 'TS 29.274 §7.2.2 Table 7.2.2-1, §8.14',
    element: 'pgw',
  });
  if (granted !== 'ipv4') {
    ctx.check('IPv6 prefix length is 64', {
      expected: 64,
      observed: paa?.prefixLength,
      clause: 'TS 23.401 §5.3.1.2.2, TS 29.061 §11.2.1.3',
      element: 'pgw',
    });
    const inPool = paa?.ipv6 !== undefined && new Address6(paa.ipv6).isInSubnet(new Address6(apn.ipv6Pool));
    ctx.check('IPv6 prefix comes from the APN pool', {
      expected: `in ${apn.ipv6Pool}`,
      observed: paa?.ipv6 !== undefined ? ipv6Text(paa.ipv6) : 'no IPv6 address',
      ok: inPool,
      clause: 'operator policy',
      element: 'pgw',
    });
    const iid = paa?.ipv6 ? new Address6(paa.ipv6).getBitsBase16(64, 128) : undefined;
    ctx.check('interface identifier is not zero', {
      expected: 'a non-zero IID',
      observed: iid ?? 'none',
      ok: iid !== undefined && !/^0+$/.test(iid),
      clause: 'TS 29.061 §11.2.1.3.2a',
      level: 'SHOULD',
      element: 'pgw',
    });
  }
  if (granted !== 'ipv6') {
    const inPool = paa?.ipv4 !== undefined && new Address4(paa.ipv4).isInSubnet(new Address4(apn.ipv4Pool));
    ctx.check('IPv4 address comes from the APN pool', {
      expected: `in ${apn.ipv4Pool}`,
      observed: paa?.ipv4 ?? 'no IPv4 address',
      ok: inPool,
      clause: 'operator policy',
      element: 'pgw',
    });
  }
  ctx.checkMatch(
    'PGW S5/S8-C F-TEID (instance 1)',
    { ie: 'f-teid', interfaceType: 7, teid: where('non-zero', (v) => typeof v === 'number' && v !== 0) },
    findIe(res, 'f-teid', 1),
    { clause: 'TS 29.274 §7.2.2 Table 7.2.2-1', element: 'pgw' },
  );
  const bearer = findIe(res, 'bearer-context');
  ctx.checkMatch(
    'bearer context created with cause 16 and the PGW S5/S8-U F-TEID',
    { ie: 'bearer-context', ies: any },
    bearer,
    { clause: 'TS 29.274 Table 7.2.2-2', element: 'pgw' },
  );
  ctx.check('bearer context cause', {
    expected: gtpv2cCause(16),
    observed: bearer ? gtpv2cCause(findIe(bearer, 'cause')?.value) : 'no bearer context',
    clause: 'TS 29.274 Table 7.2.2-2',
    element: 'pgw',
  });
  ctx.checkMatch(
    'bearer context S5/S8-U PGW F-TEID (instance 2)',
    { interfaceType: 5, teid: present },
    bearer && findIe(bearer, 'f-teid', 2),
    { clause: 'TS 29.274 Table 7.2.2-2', element: 'pgw' },
  );
}

/**
 * An accepted IPv6 session with its S5/S8-U bearer, or the scenario ends with the reason:
 * the common start of every user-plane scenario.
 */
export async function ipv6Session(ctx: ScenarioContext, sgw: SgwS5Driver, imsi: string, apn: string) {
  const { outcome, sgwTeid } = await sgw.createSession({ imsi, apn, pdnType: 'ipv6', daf: true }, ctx.signal);
  const res = outcome.kind === 'response' ? outcome.message : undefined;
  const paa = res && findIe(res, 'paa');
  const bearer = res && findIe(res, 'bearer-context');
  const pgwU = bearer && findIe(bearer, 'f-teid', 2);
  ctx.expect('an IPv6 session with a PAA and a PGW S5/S8-U F-TEID', {
    expected: `cause ${gtpv2cCause(16)}, PAA with IPv6, bearer F-TEID instance 2`,
    observed: res
      ? `cause ${gtpv2cCause(findIe(res, 'cause')?.value)}, PAA ${paa?.ipv6 ?? 'missing'}, S5-U F-TEID ${pgwU ? 'present' : 'missing'}`
      : describeOutcome(outcome),
    ok: paa?.ipv6 !== undefined && pgwU !== undefined,
    clause: 'TS 29.274 §7.2.2',
    element: 'pgw',
  });
  ctx.log(`IMSI ${imsi}: IPv6 session, UE address ${paa!.ipv6}`);
  return {
    res: res!,
    ueAddress: paa!.ipv6!,
    bearer: sgw.bearer(sgwTeid, pgwU!),
    pgwTeid: findIe(res!, 'f-teid', 1)?.teid,
  };
}

/**
 * The PGW's S5/S8-U address, from the bearer F-TEID (instance 2) of a session set up and deleted for
 * the purpose: a PGW's user plane need not sit at its GTP-C address (a PGW-C with its PGW-U, an
 * SMF with its UPF, TS 23.214). Of the family of our S5/S8 transport where it offers both.
 */
export async function pgwUserPlaneAddress(ctx: ScenarioContext, sgw: SgwS5Driver, imsi: string): Promise<string> {
  // An APN that grants IPv6, by role: none declared skips the scenario naming the role.
  const s = await ipv6Session(ctx, sgw, imsi, ctx.apn(ctx.element('pgw'), GRANTS_IPV6).name);
  const pgwU = findIe(findIe(s.res, 'bearer-context')!, 'f-teid', 2)!;
  if (s.pgwTeid !== undefined) await sgw.deleteSession(s.pgwTeid, 5, ctx.signal);
  const v6 = sgw.localAddress?.includes(':') ?? true;
  return (v6 ? (pgwU.ipv6 ?? pgwU.ipv4) : (pgwU.ipv4 ?? pgwU.ipv6)) ?? ctx.element('pgw').address;
}
