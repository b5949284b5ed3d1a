import type { ScenarioContext } from '../../harness/runner/context.ts';
import type { ApnPolicy } from '../../harness/lab/index.ts';

/**
 * The APN a Gn scenario uses for a PDP type: the first the target declares with exactly that
 * type, else a dual-stack one; the scenario ends with the declared list when there is none.
 */
export function pickGnApn(
  ctx: ScenarioContext,
  apns: Readonly<Record<string, ApnPolicy>>,
  pdp: 'ipv6' | 'ipv4v6',
): [string, ApnPolicy] {
  const entries = Object.entries(apns);
  const found = entries.find(([, p]) => p.pdnTypes === pdp) ?? entries.find(([, p]) => p.pdnTypes === 'ipv4v6');
  ctx.expect(`target declares an APN for ${pdp}`, {
    expected: `an APN with pdnTypes ${pdp}`,
    observed: found
      ? found[0]
      : `none (declared: ${entries.map(([n, p]) => `${n}=${p.pdnTypes}`).join(', ') || 'none'})`,
    ok: found !== undefined,
  });
  return found!;
}
