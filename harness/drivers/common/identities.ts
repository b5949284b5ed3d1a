/**
 * The subscriber identities (IMSI, MSISDN, IMEI) drivers have put on the wire in this process, so
 * the runner can mask them in every report (runner/identities.ts; CLOUD-SECRECY).
 */
export type IdentityKind = 'imsi' | 'msisdn' | 'imei';

const known = new Map<string, IdentityKind>();

export function noteIdentity(kind: IdentityKind, value: string | undefined): void {
  if (value && value.length >= 6) known.set(value, kind);
}

export function knownIdentities(): ReadonlyMap<string, IdentityKind> {
  return known;
}
