import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkRoles } from './apn-roles.ts';
import { validateStandins } from './inproc/inproc-lab.ts';
import type { Target } from './target.ts';

/**
 * Rules across fields of a target file, located by path like the schema's own errors (so the
 * loader names the line): stand-in and fault names, `roles:` that name a declared APN fitting the
 * role, a user's nftables rule set file that exists (resolved against `baseDir`, the target
 * file's folder), and a NAT64 that translates on the Pref64 the gateway policy declares.
 */
export function validateTarget(target: Target, baseDir?: string): { path: (string | number)[]; message: string }[] {
  const problems = validateStandins(target);
  for (const [name, el] of Object.entries(target.elements)) {
    if (el.kind === 'real' && el.rulesetFile !== undefined) {
      const at = ['elements', name, 'rulesetFile'];
      // Resolved against the target file's folder once, here: the lab reads it from anywhere.
      if (baseDir) el.rulesetFile = resolve(baseDir, el.rulesetFile);
      if (el.software !== 'nftables')
        problems.push({ path: at, message: `only nftables takes a rule set file (this element is ${el.software})` });
      else if (el.faults.length)
        problems.push({
          path: at,
          message: `faults (${el.faults.join(', ')}) edit the lab's own rule set: give either rulesetFile or faults`,
        });
      else if (!existsSync(el.rulesetFile)) problems.push({ path: at, message: `no such file: ${el.rulesetFile}` });
    }
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
