import { Address6 } from 'ip-address';
import { receivePortFor } from '../../harness/drivers/common/gtpu-endpoint.ts';
import { type Enb, type MmeS11Driver, s11Session } from '../../harness/drivers/mme/index.ts';
import { enbS1u, mmeS11 } from '../../harness/runner/fixtures.ts';
import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import type { ElementEndpoint } from '../../harness/lab/index.ts';
import { present, where } from '../../harness/runner/match.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { findIe, gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { GRANTS_IPV6 } from '../core/session-checks.ts';
import { carriesFamily, fteidFamilies } from './fteid-family.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * The common start of the RAN scenarios: an MME and an eNodeB attach a UE through the SGW to the
 * PGW (TS 23.401 §5.3.2.1 steps 12-23: Create Session on S11, then Modify Bearer with the
 * eNodeB's S1-U F-TEID), each answer checked against TS 29.274 Table 7.2.2-1/-2 and §7.2.8.
 */
export interface Attached {
  mme: MmeS11Driver;
  enb: Enb;
  sgw: ElementEndpoint;
  pgw: ElementEndpoint;
  sgwS11Teid: number;
  s1uSgw: NonNullable<ReturnType<typeof s11Session>['s1uSgw']>;
  /** The PGW's S5/S8-U F-TEID as relayed to the MME (bearer context, instance 2). */
  s5uPgw?: { teid: number; ipv4?: string; ipv6?: string };
  ueAddress: string;
  prefix: string;
  enbTeid: number;
  ue: UeIpv6Host;
  probe: string;
}

const non0 = where('non-zero', (v) => typeof v === 'number' && v !== 0);

/** The fixtures an attach uses: the MME on S11 and the eNodeB's S1-U (opened here once its family is known). */
export const attachFixtures = () => ({ mme: mmeS11(), enb: enbS1u() });

export async function attachIpv6(
  ctx: ScenarioContext,
  { mme, enb }: { mme: MmeS11Driver; enb: Enb },
  imsi: string,
): Promise<Attached> {
  const sgw = ctx.element('sgw');
  const pgw = ctx.element('pgw');
  const { name: apnName, policy: apn } = ctx.apn(pgw, GRANTS_IPV6);
  const probe = ctx.declared(
    apn.probeIpv6,
    `elements.${pgw.name}.apns.${apnName}.probeIpv6`,
    'an address that answers ICMPv6 echo through the APN',
  );
  const local = { address: mme.localAddress! };
  const { outcome } = await mme.createSession(
    { imsi, apn: apnName, pdnType: 'ipv6', daf: true, pgwAddress: pgw.address },
    ctx.signal,
  );
  const res = outcome.kind === 'response' ? outcome.message : undefined;
  ctx.expect('Create Session Response over S11', {
    expected: 'create-session-response',
    observed: res ? res.type : describeOutcome(outcome),
    ok: res?.type === 'create-session-response',
    clause: 'TS 29.274 §7.2.2',
    element: 'sgw',
  });
  const s = s11Session(res!);
  ctx.expect('cause Request accepted', {
    expected: gtpv2cCause(16),
    observed: gtpv2cCause(s.cause),
    clause: 'TS 29.274 §7.2.2, Table 8.4-1',
    element: 'sgw',
  });
  ctx.checkMatch(
    'Sender F-TEID for S11 (instance 0)',
    { ie: 'f-teid', interfaceType: 11, teid: non0 },
    findIe(res!, 'f-teid', 0),
    { clause: 'TS 29.274 Table 7.2.2-1', element: 'sgw' },
  );
  ctx.expect('bearer context: S1-U SGW F-TEID (instance 0)', {
    expected: 'interface type 1 with a TEID',
    observed: s.s1uSgw ? `interface type ${s.s1uSgw.interfaceType}, TEID ${s.s1uSgw.teid}` : 'missing',
    ok: s.s1uSgw?.interfaceType === 1,
    clause: 'TS 29.274 Table 7.2.2-2',
    element: 'sgw',
  });
  for (const [iface, f] of [
    ['s11', findIe(res!, 'f-teid', 0)],
    ['s1u', s.s1uSgw],
  ] as const) {
    const declared = sgw.interfaces?.[iface];
    if (declared)
      ctx.check(`${iface.toUpperCase()} F-TEID carries an address of the declared transport`, {
        expected: `${declared} (the other family may be there too)`,
        observed: fteidFamilies(f),
        ok: carriesFamily(f, declared),
        clause: 'TS 29.274 §8.22 (V4/V6 flags)',
        element: 'sgw',
      });
  }
  const bearer = findIe(res!, 'bearer-context')!;
  ctx.checkMatch(
    'bearer context: S5/S8-U PGW F-TEID (instance 2)',
    { interfaceType: 5, teid: present },
    findIe(bearer, 'f-teid', 2),
    { clause: 'TS 29.274 Table 7.2.2-2', element: 'sgw' },
  );
  ctx.expect('PAA with an IPv6 /64', {
    expected: 64,
    observed: s.paa?.prefixLength,
    ok: s.paa?.prefixLength === 64 && s.paa.ipv6 !== undefined,
    clause: 'TS 29.274 §8.14, TS 23.401 §5.3.1.2.2',
    element: 'sgw',
  });
  const inPool = new Address6(s.paa!.ipv6!).isInSubnet(new Address6(apn.ipv6Pool));
  ctx.check('IPv6 prefix comes from the APN pool', {
    expected: `in ${apn.ipv6Pool}`,
    observed: ipv6Text(s.paa!.ipv6!),
    ok: inPool,
    clause: 'operator policy',
    element: 'pgw',
  });
  // The eNodeB's S1-U is of the family the SGW's S1-U F-TEID offers (GTP over IPv4 or IPv6).
  const s1uV6 = s.s1uSgw!.ipv6 !== undefined;
  await enb.open(
    s1uV6 === local.address.includes(':') ? local.address : s1uV6 ? '::1' : '127.0.0.1',
    receivePortFor(sgw),
  );
  const e = enb.allocate();
  const mod = await mme.modifyBearer(s.sgwS11Teid!, 5, e, ctx.signal);
  const modRes = mod.kind === 'response' ? mod.message : undefined;
  ctx.expect('Modify Bearer Response cause Request accepted', {
    expected: gtpv2cCause(16),
    observed: modRes ? gtpv2cCause(findIe(modRes, 'cause')?.value) : describeOutcome(mod),
    clause: 'TS 29.274 §7.2.8',
    element: 'sgw',
  });
  ctx.log(`IMSI ${imsi} attached over S11, UE address ${s.paa!.ipv6}`);
  const prefix = new Address6(`${s.paa!.ipv6!}/64`).startAddress().correctForm();
  const ue = new UeIpv6Host(
    enb.bearer(e.teid, s.s1uSgw!, sgw.userPlanePort ?? 2152),
    withInterfaceId('::', s.paa!.ipv6!),
    ctx.recorder,
  );
  return {
    mme,
    enb,
    sgw,
    pgw,
    sgwS11Teid: s.sgwS11Teid!,
    s1uSgw: s.s1uSgw!,
    s5uPgw: findIe(bearer, 'f-teid', 2),
    ueAddress: s.paa!.ipv6!,
    prefix,
    enbTeid: e.teid,
    ue,
    probe,
  };
}
