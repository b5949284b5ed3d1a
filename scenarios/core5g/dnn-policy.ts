import type { PduSessionOutcome, PduSessionType } from '../../harness/drivers/gnb/index.ts';
import type { ApnPolicy } from '../../harness/lab/target.ts';
import { SM5G_CAUSE_NAMES } from '../../harness/protocol/nas/index.ts';
import { mmCause } from './ran-kit.ts';

/**
 * What a DNN's declared policy means for a requested PDU session type (TS 24.501 §6.4.1.3,
 * §6.4.1.4.1), and how an outcome reads against it: shared by core5g/pdu-session (the network's
 * answer per DNN) and the terminal scenarios over 5GS (the UE's fallback on that answer).
 */
export type Want = { accept: PduSessionType; cause?: 50 | 51 } | { reject: 50 | 51 | 57 | 58 };

/**
 * What the declared policy of a DNN means for a requested type (TS 24.501 §6.4.1.3, §6.4.1.4.1;
 * #57/#58 on a DNN that allows IPv4v6 or Unstructured only, `sessionTypeOnly`).
 */
export function expectedPduSession(type: PduSessionType, p: ApnPolicy): Want {
  const only = (f: 'ipv4' | 'ipv6') => (f === 'ipv4' ? 50 : 51);
  if (p.sessionTypeOnly === 'unstructured') return { reject: 58 };
  if (p.sessionTypeOnly === 'ipv4v6') return type === 'ipv4v6' ? { accept: 'ipv4v6' } : { reject: 57 };
  if (type === 'ipv4v6') {
    if (p.pdnTypes === 'ipv4v6' && !p.singleAddressBearersOnly) return { accept: 'ipv4v6' };
    const f = p.pdnTypes === 'ipv4v6' ? p.prefer : p.pdnTypes;
    return { accept: f, cause: only(f) };
  }
  if (p.pdnTypes !== 'ipv4v6' && p.pdnTypes !== type) return { reject: only(p.pdnTypes) };
  return { accept: type };
}

export const smCause = (c: number) => `#${c} (${SM5G_CAUSE_NAMES[c] ?? 'unnamed'})`;

export function wantText(w: Want): string {
  return 'reject' in w
    ? `PDU Session Establishment Reject ${smCause(w.reject)}`
    : `accepted as ${w.accept}${w.cause ? ` with 5GSM cause ${smCause(w.cause)}` : ''}`;
}

export function outcomeText(o: PduSessionOutcome): string {
  switch (o.kind) {
    case 'accepted':
      return `accepted as ${o.type}${o.cause !== undefined ? ` with 5GSM cause ${smCause(o.cause)}` : ''}`;
    case 'rejected':
      return `PDU Session Establishment Reject ${smCause(o.cause)}`;
    case 'not-forwarded':
      return `not forwarded by the AMF: 5GMM cause ${mmCause(o.cause)}`;
    case 'failed':
      return o.reason;
    case 'timeout':
      return `nothing while waiting for ${o.waitingFor}`;
  }
}

export function sameOutcome(o: PduSessionOutcome, w: Want): boolean {
  if ('reject' in w) return o.kind === 'rejected' && o.cause === w.reject;
  return o.kind === 'accepted' && o.type === w.accept && o.cause === w.cause;
}
