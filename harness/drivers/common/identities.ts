/**
 * The subscriber identities (IMSI, MSISDN, IMEI) drivers have put on the wire in this process, so
 * the runner can mask them in every report (runner/identities.ts; CLOUD-SECRECY). They are digit
 * strings (TS 23.003 §2.2, §3.3, §6.2): the runner finds them by looking up digit runs, so the
 * cost of masking does not grow with how many there are. The registry keeps the most recent
 * MAX_KNOWN (a long session load notes one IMSI per session); an older IMSI or IMEI is still
 * masked by its length, only an older MSISDN no longer would be.
 */
export type IdentityKind = 'imsi' | 'msisdn' | 'imei';

export const MAX_KNOWN = 200_000;

const known = new Map<string, IdentityKind>();
/** The lengths of the identities known: a digit run is searched only for these. */
const lengths = new Map<number, number>();

export function noteIdentity(kind: IdentityKind, value: string | undefined): void {
  if (!value || value.length < 6 || !/^\d+$/.test(value)) return;
  if (known.has(value)) {
    known.delete(value); // most recent last
    known.set(value, kind);
    return;
  }
  known.set(value, kind);
  lengths.set(value.length, (lengths.get(value.length) ?? 0) + 1);
  if (known.size > MAX_KNOWN) {
    const oldest = known.keys().next().value as string;
    known.delete(oldest);
    const n = (lengths.get(oldest.length) ?? 1) - 1;
    if (n > 0) lengths.set(oldest.length, n);
    else lengths.delete(oldest.length);
  }
}

export function identityKind(value: string): IdentityKind | undefined {
  return known.get(value);
}

/** The lengths of known identities, longest first. */
export function knownLengths(): number[] {
  return [...lengths.keys()].sort((a, b) => b - a);
}

export function knownIdentityCount(): number {
  return known.size;
}
