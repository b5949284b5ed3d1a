import { checkRoles } from './apn-roles.ts';
import { validateStandins } from './inproc/inproc-lab.ts';
import type { Target } from './target.ts';

/**
 * Rules across fields of a target file, located by path like the schema's own errors (so the
 * loader names the line): stand-in and fault names, `roles:` that name a declared APN fitting the
 * role, and a NAT64 that translates on the Pref64 the gateway policy declares.
 */
export function validateTarget(target: Target): { path: (string | number)[]; message: string }[] {
  const problems = validateStandins(target);
  for (const [name, el] of Object.entries(target.elements)) {
    if (el.kind !== 'real')
      for (const p of checkRoles(el.apns, el.roles))
        problems.push({ path: ['elements', name, 'roles', p.role], message: p.message });
    // A tayga on another prefix than the one the scenarios use fails them all for the target's own
    // inconsistency; a translator on the wrong prefix on purpose is the fault `well-known-prefix`.
    if (
      el.kind === 'real' &&
      el.software === 'tayga' &&
      el.nat64Prefix &&
      el.nat64Prefix !== target.gateway.nat64Prefix
    )
      problems.push({
        path: ['elements', name, 'nat64Prefix'],
        message: `tayga would translate ${el.nat64Prefix}, but gateway.nat64Prefix declares ${target.gateway.nat64Prefix}, the prefix every NAT64 scenario uses: make them equal (a NAT64 on the wrong prefix on purpose is faults: [well-known-prefix])`,
      });
  }
  return problems;
}
