import type { ElementEndpoint } from '../../harness/lab/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/** The AAA's shared secret, or the scenario is skipped: the harness cannot be a NAS without it (RFC 2865 §3). */
export function aaaSecret(ctx: ScenarioContext, aaa: ElementEndpoint): string {
  if (!aaa.radiusSecret)
    ctx.skip(
      `the target gives no RADIUS shared secret for the AAA "${aaa.name}" (add secret: to its entry to let the harness act as a NAS)`,
    );
  return aaa.radiusSecret;
}

/** "2001:db8:3d:1::/64" in one canonical form, whoever printed it (our codec, freeradius's detail file). */
export function normPrefix(p: string | undefined): string | undefined {
  if (!p) return p;
  const [a, len] = p.replace(/^"|"$/g, '').split('/');
  return `${ipv6Text(a)}/${len}`;
}
