import { findIe, gtpv2cCause, type Gtpv2cMessage } from '../../../protocol/gtpv2c/index.ts';
import type { Outcome } from '../../../drivers/common/gtp-transactions.ts';

/** TS 29.274 §8.4 Table 8.4-1: cause values 16-63 are acceptances in a response. */
export function isGtpv2Acceptance(cause: number | undefined): boolean {
  return cause !== undefined && cause >= 16 && cause <= 63;
}

/** Why a GTPv2-C procedure failed ("Create Session: cause 73 (0x49) No resources available", "…: timeout"), or undefined when accepted. */
export function gtpv2Failure(procedure: string, o: Outcome<Gtpv2cMessage>): string | undefined {
  if (o.kind !== 'response') return `${procedure}: timeout`;
  const cause = findIe(o.message, 'cause')?.value;
  if (cause === undefined) return `${procedure}: no Cause IE`;
  return isGtpv2Acceptance(cause) ? undefined : `${procedure}: cause ${gtpv2cCause(cause)}`;
}
