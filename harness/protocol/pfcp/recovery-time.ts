import type { RecoveryTimeStampIe } from './ies/node.ts';

/**
 * Recovery Time Stamp (TS 29.244 §8.2.65) carries the NTP seconds field (RFC 5905 §6): seconds
 * since 1900-01-01 00:00 UTC, 32 bits. As in RFC 4330 §3, a value with the top bit clear is read
 * in era 1 (from 2036-02-07 06:28:16 UTC on), so the mapping covers 1968-2104.
 */
const NTP_UNIX_OFFSET = 2_208_988_800;
const ERA = 2 ** 32;

export function ntpSecondsFromDate(d: Date): number {
  const s = Math.floor(d.getTime() / 1000) + NTP_UNIX_OFFSET;
  return ((s % ERA) + ERA) % ERA;
}

export function dateFromNtpSeconds(seconds: number): Date {
  const s = seconds >= 0x8000_0000 ? seconds : seconds + ERA;
  return new Date((s - NTP_UNIX_OFFSET) * 1000);
}

/** A Recovery Time Stamp IE for the given start time (whole seconds). */
export function recoveryTimeStamp(d: Date): RecoveryTimeStampIe {
  return { ie: 'recovery-time-stamp', seconds: ntpSecondsFromDate(d) };
}
