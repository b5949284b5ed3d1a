import test from 'ava';
import { apnForRole, missingRole } from '../../../harness/lab/apn-roles.ts';
import { APN_ROLES, type ApnRole, type TargetElement } from '../../../harness/lab/index.ts';
import { loadTarget } from '../../../harness/runner/target-file.ts';

/**
 * APNs by role (issue 16 item 1): scenarios ask for "the dual-stack APN", "an IPv6-only APN" …
 * instead of the names targets/standins.yaml happens to use. Inferred from the declarations, the
 * roles of the shipped targets are exactly the APNs the scenarios used by name before.
 */
const roleMap = (el: TargetElement) =>
  Object.fromEntries(
    (Object.keys(APN_ROLES) as ApnRole[]).map((r) => [
      r,
      el.kind === 'real' ? undefined : apnForRole(el.apns, el.roles, r)?.name,
    ]),
  );

for (const file of ['targets/standins.yaml', 'targets/docker.yaml']) {
  test(`${file}: the inferred roles are the APNs the scenarios named before`, (t) => {
    const { elements } = loadTarget(file).target;
    t.deepEqual(roleMap(elements.pgw), {
      dualStack: 'internet',
      ipv6Only: 'v6only',
      ipv4Only: 'v4only',
      singleAddress: 'single',
      tinyPool: 'tiny',
      prefixDelegation: 'tether',
      xlat: 'xlat',
      // 5GS-only roles (#57/#58): no APN plays them.
      ipv4v6Only: undefined,
      unstructuredOnly: undefined,
    });
    t.like(roleMap(elements.vpgw), { dualStack: 'internet', ipv6Only: 'xlat-noplat', xlat: 'xlat' });
    t.like(roleMap(elements['pgw-u']), { ipv6Only: 'internet' });
    t.like(roleMap(elements.ggsn), { dualStack: 'inet46', ipv6Only: 'inet6' });
  });
}

test('targets/standins.yaml: the SMF DNNs play the tethering, 464XLAT and #57/#58 roles; the special ones no general role', (t) => {
  const smf = loadTarget('targets/standins.yaml').target.elements.smf;
  if (smf.kind === 'real') return t.fail('the SMF is a stand-in');
  const dnns = smf.dnns ?? {};
  const role = (r: ApnRole) => apnForRole(dnns, undefined, r)?.name;
  t.deepEqual(
    [
      role('dualStack'),
      role('ipv6Only'),
      role('prefixDelegation'),
      role('xlat'),
      role('ipv4v6Only'),
      role('unstructuredOnly'),
    ],
    ['internet', 'v6only', 'tether', 'xlat', 'dualonly', 'unstructured'],
  );
});

test('roles: named explicitly wins over inference; a special APN never plays a general role by inference', (t) => {
  const apns = {
    pool: { pdnTypes: 'ipv6', ipv6Pool: '2001:db8::/62' },
    corp: { pdnTypes: 'ipv4v6', ipv6Pool: '2001:db8:1::/48' },
    web: { pdnTypes: 'ipv4v6', ipv6Pool: '2001:db8:2::/48' },
  } as const;
  const policy = (p: (typeof apns)[keyof typeof apns]) => ({
    singleAddressBearersOnly: false,
    prefer: 'ipv6' as const,
    ipv4Pool: '198.51.100.0/24',
    dnsIpv6: [],
    dnsIpv4: [],
    mtu: 1400,
    ...p,
  });
  const declared = Object.fromEntries(Object.entries(apns).map(([n, p]) => [n, policy(p)]));
  t.is(apnForRole(declared, undefined, 'dualStack')?.name, 'corp');
  t.is(apnForRole(declared, { dualStack: 'web' }, 'dualStack')?.name, 'web');
  t.is(apnForRole(declared, undefined, 'tinyPool')?.name, 'pool');
  // The /62 pool is for exhausting, not for every IPv6 session.
  t.is(apnForRole(declared, undefined, 'ipv6Only'), undefined);
  t.is(
    missingRole('pgw', declared, ['ipv6Only']),
    'elements.pgw declares no APN for roles.ipv6Only (grants IPv6 only (pdnTypes: ipv6)); declared APNs: pool=ipv6, corp=ipv4v6, web=ipv4v6 (docs/targets.md, "APN roles")',
  );
});
