/**
 * The address families an F-TEID carries (TS 29.274 §8.22: V4 and V6 flags, either or both). A
 * declared transport (target `interfaces:`) says which family the harness uses toward the element:
 * the element's F-TEID must carry an address of that family, and may carry the other too (a
 * dual-stack SGW announces both, as open5gs does; TS 29.274 §8.22 and TS 29.281 §4.4.1 let the
 * receiver pick).
 */
export type FteidFamilies = 'ipv4' | 'ipv6' | 'ipv4+ipv6' | 'none';

export function fteidFamilies(f: { ipv4?: string; ipv6?: string } | undefined): FteidFamilies {
  if (!f || (!f.ipv4 && !f.ipv6)) return 'none';
  return f.ipv4 && f.ipv6 ? 'ipv4+ipv6' : f.ipv4 ? 'ipv4' : 'ipv6';
}

export function carriesFamily(f: { ipv4?: string; ipv6?: string } | undefined, declared: 'ipv4' | 'ipv6'): boolean {
  return declared === 'ipv4' ? f?.ipv4 !== undefined : f?.ipv6 !== undefined;
}
