import type { ScenarioContext } from '../../harness/runner/context.ts';
import type { ApnPolicy, ApnRole, ElementEndpoint } from '../../harness/lab/index.ts';

/**
 * The APN a Gn scenario uses for a PDP type, by role (docs/targets.md): for IPv6 an IPv6-only APN,
 * else a dual-stack one; for IPv4v6 a dual-stack one. None declared: the scenario is skipped,
 * naming the roles and the APNs the GGSN declares.
 */
export const GN_ROLES: Record<'ipv6' | 'ipv4v6', readonly ApnRole[]> = {
  ipv6: ['ipv6Only', 'dualStack'],
  ipv4v6: ['dualStack'],
};

export function pickGnApn(ctx: ScenarioContext, ggsn: ElementEndpoint, pdp: 'ipv6' | 'ipv4v6'): [string, ApnPolicy] {
  const { name, policy } = ctx.apn(ggsn, GN_ROLES[pdp]);
  return [name, policy];
}
