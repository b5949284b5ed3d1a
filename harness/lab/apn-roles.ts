import { APN_ROLES, type ApnPolicy, type ApnRole } from './target.ts';

/**
 * Finds the APN that plays a role (target.ts APN_ROLES): the one the element's `roles:` names,
 * else the first declared APN whose policy fits. The general roles (dualStack, ipv6Only, ipv4Only)
 * are inferred only from plain APNs, so that the APN a pool-exhaustion or 464XLAT scenario uses is
 * not also the one every session scenario takes.
 */
export type ApnRoles = Readonly<Partial<Record<ApnRole, string>>>;

const poolLength = (p: ApnPolicy) => Number(p.ipv6Pool.split('/')[1]);
const tiny = (p: ApnPolicy) => p.pdnTypes !== 'ipv4' && 64 - poolLength(p) <= 4;
const special = (p: ApnPolicy) =>
  p.singleAddressBearersOnly ||
  p.prefixDelegation !== undefined ||
  p.pref64 !== undefined ||
  p.sessionTypeOnly !== undefined ||
  tiny(p);

/** Whether an APN's declared policy can play a role (what `roles:` is checked against too). */
export const FITS: Record<ApnRole, (p: ApnPolicy) => boolean> = {
  dualStack: (p) => p.pdnTypes === 'ipv4v6' && !p.singleAddressBearersOnly,
  ipv6Only: (p) => p.pdnTypes === 'ipv6',
  ipv4Only: (p) => p.pdnTypes === 'ipv4',
  singleAddress: (p) => p.pdnTypes === 'ipv4v6' && p.singleAddressBearersOnly,
  tinyPool: tiny,
  prefixDelegation: (p) => p.pdnTypes !== 'ipv4' && p.prefixDelegation !== undefined,
  xlat: (p) => p.pdnTypes === 'ipv6' && p.pref64 !== undefined && p.sessionTypeOnly === undefined,
  ipv4v6Only: (p) => p.sessionTypeOnly === 'ipv4v6',
  unstructuredOnly: (p) => p.sessionTypeOnly === 'unstructured',
};

const GENERAL: readonly ApnRole[] = ['dualStack', 'ipv6Only', 'ipv4Only'];

export function apnForRole(
  apns: Readonly<Record<string, ApnPolicy>>,
  roles: ApnRoles | undefined,
  role: ApnRole,
): { name: string; policy: ApnPolicy } | undefined {
  const named = roles?.[role];
  if (named !== undefined) return apns[named] ? { name: named, policy: apns[named] } : undefined;
  const fits = Object.entries(apns).filter(([, p]) => FITS[role](p) && (!GENERAL.includes(role) || !special(p)));
  return fits.length > 0 ? { name: fits[0][0], policy: fits[0][1] } : undefined;
}

/**
 * Why no APN plays the role, in the target's own keys: what to add to `elements.<element>`.
 */
export function missingRole(
  element: string,
  apns: Readonly<Record<string, ApnPolicy>>,
  roles: readonly ApnRole[],
): string {
  const declared = Object.entries(apns).map(([n, p]) => `${n}=${p.pdnTypes}`);
  const wanted = roles.map((r) => `roles.${r} (${APN_ROLES[r]})`).join(', or ');
  return `elements.${element} declares no APN for ${wanted}; declared APNs: ${declared.join(', ') || 'none'} (docs/targets.md, "APN roles")`;
}

/** Problems with an element's `roles:`: an APN that is not declared, or whose policy does not fit the role. */
export function checkRoles(
  apns: Readonly<Record<string, ApnPolicy>>,
  roles: ApnRoles | undefined,
): { role: ApnRole; message: string }[] {
  const out: { role: ApnRole; message: string }[] = [];
  for (const [role, name] of Object.entries(roles ?? {}) as [ApnRole, string | undefined][]) {
    if (name === undefined) continue;
    const policy = apns[name];
    if (!policy)
      out.push({ role, message: `no APN "${name}" is declared (declared: ${Object.keys(apns).join(', ') || 'none'})` });
    else if (!FITS[role](policy))
      out.push({
        role,
        message: `APN "${name}" (pdnTypes ${policy.pdnTypes}) cannot play ${role}: ${APN_ROLES[role]}`,
      });
  }
  return out;
}
