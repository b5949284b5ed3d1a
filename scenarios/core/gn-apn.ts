import type { ScenarioContext } from '../../harness/runner/context.ts';
import type { ApnPolicy, ApnRole, ElementEndpoint } from '../../harness/lab/index.ts';

/**
 * How Gn scenarios find the APNs they test in the target's declaration, by role (docs/targets.md,
 * "APN roles"): the GGSN's `roles:` name them, else the first declared APN that fits. The APN
 * asked is the one under test: no fallback to a dual-stack APN for a single-family request (an
 * APN declared IPv4-only must never be asked for IPv6 by a scenario that means "an IPv6 APN");
 * without one the scenario is skipped, naming the role and the APNs the GGSN declares.
 */
export const GN_ROLES: Record<'ipv4' | 'ipv6' | 'ipv4v6', readonly ApnRole[]> = {
  ipv4: ['ipv4Only'],
  ipv6: ['ipv6Only'],
  ipv4v6: ['dualStack'],
};

export function pickGnApn(
  ctx: ScenarioContext,
  ggsn: ElementEndpoint,
  pdp: 'ipv4' | 'ipv6' | 'ipv4v6',
): [string, ApnPolicy] {
  const { name, policy } = ctx.apn(ggsn, GN_ROLES[pdp]);
  return [name, policy];
}

/** The declared single-family APNs (pdnTypes ipv4 or ipv6): what a PDP type policy is tested on. */
export function singleFamilyGnApns(
  ctx: ScenarioContext,
  apns: Readonly<Record<string, ApnPolicy>>,
): [string, ApnPolicy & { pdnTypes: 'ipv4' | 'ipv6' }][] {
  const found = Object.entries(apns).filter(
    (e): e is [string, ApnPolicy & { pdnTypes: 'ipv4' | 'ipv6' }] => e[1].pdnTypes !== 'ipv4v6',
  );
  if (found.length === 0)
    ctx.skip('the target declares no single-family GGSN APN (ggsn.apns.<name>.pdnTypes: ipv4 or ipv6)');
  return found;
}
