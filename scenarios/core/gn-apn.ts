import type { ScenarioContext } from '../../harness/runner/context.ts';
import type { ApnPolicy } from '../../harness/lab/index.ts';

/**
 * How Gn scenarios find the APNs they test in the target's declaration (one place, so it can
 * follow the target's roles). The APN asked is the one under test: no fallback to a dual-stack
 * APN for a single-family request (an APN declared IPv4-only must never be asked for IPv6 by a
 * scenario that means "an IPv6 APN"); without one the scenario is skipped with the key named.
 */
export function pickGnApn(
  ctx: ScenarioContext,
  apns: Readonly<Record<string, ApnPolicy>>,
  pdp: 'ipv4' | 'ipv6' | 'ipv4v6',
): [string, ApnPolicy] {
  const found = Object.entries(apns).find(([, p]) => p.pdnTypes === pdp);
  if (!found) ctx.skip(`the target declares no GGSN APN with pdnTypes ${pdp} (ggsn.apns.<name>.pdnTypes: ${pdp})`);
  return found;
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
