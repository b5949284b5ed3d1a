import type { AccountingRecord, ElementEndpoint } from '../../harness/lab/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * What the AAA must have received for one PDN connection (TS 29.061 §16.3-§16.4; RFC 2866,
 * RFC 3162, RFC 4818), judged record by record. The gateway (`element`) is at fault when a record
 * is missing or wrong: the AAA only keeps what arrived with a valid Request Authenticator.
 */
export interface AccountedSession {
  family: 'ipv6' | 'ipv4v6';
  imsi: string;
  msisdn?: string;
  apn: string;
  /** The session's /64 as the PAA/EUA gave it ("2001:db8:100:1::/64"). */
  prefix: string;
  ipv4?: string;
  /** The APN's declared prefix-delegation length, when it has one (RFC 4818). */
  delegatedLength?: number;
  /** The gateway's control-plane TEID for the session (to delete it). */
  teid: number;
}

/** Checks the Start record of `s` (found by its prefix, as billing would) and returns it. */
export function checkAccountingStart(
  ctx: ScenarioContext,
  s: AccountedSession,
  all: readonly AccountingRecord[],
  element = 'pgw',
): AccountingRecord | undefined {
  const starts = all.filter((r) => r.statusType === 'Start');
  const start = starts.find((r) => r.framedIpv6Prefix === s.prefix);
  ctx.check(`${s.family} session: Accounting-Request Start carries Framed-IPv6-Prefix ${s.prefix}`, {
    expected: s.prefix,
    observed: start
      ? start.framedIpv6Prefix
      : starts.length
        ? `Start records with: ${starts.map((r) => r.framedIpv6Prefix ?? 'no Framed-IPv6-Prefix').join(', ')}`
        : 'no Accounting-Request Start at the AAA',
    ok: start !== undefined,
    clause: 'TS 29.061 §16.4.3, RFC 3162 §2.3',
    element,
  });
  if (!start) return undefined;
  ctx.check(`${s.family} session: Start names the NAS by its address`, {
    expected: 'NAS-IPv6-Address or NAS-IP-Address',
    observed: start.nasAddress !== undefined ? ipv6Text(start.nasAddress) : 'neither',
    ok: start.nasAddress !== undefined,
    clause: 'RFC 2866 §4.1, RFC 3162 §2.1',
    element,
  });
  ctx.check(`${s.family} session: Called-Station-Id is the APN`, {
    expected: s.apn,
    observed: start.calledStationId ?? 'absent',
    clause: 'TS 29.061 §16.4.3',
    level: 'SHOULD',
    element,
  });
  ctx.check(`${s.family} session: User-Name present`, {
    expected: 'a user name (IMSI or as configured)',
    observed: start.userName ?? 'absent',
    ok: start.userName !== undefined,
    clause: 'TS 29.061 §16.4.3',
    level: 'SHOULD',
    element,
  });
  ctx.check(`${s.family} session: 3GPP-IMSI is the subscriber's IMSI`, {
    expected: s.imsi,
    observed: start.imsi3gpp ?? 'absent',
    clause: 'TS 29.061 §16.4.7',
    level: 'SHOULD',
    element,
  });
  if (s.msisdn)
    ctx.check(`${s.family} session: Calling-Station-Id is the MSISDN`, {
      expected: s.msisdn,
      observed: start.callingStationId ?? 'absent',
      clause: 'TS 29.061 §16.4.3',
      level: 'SHOULD',
      element,
    });
  if (s.ipv4)
    ctx.check(`${s.family} session: Framed-IP-Address ${s.ipv4}`, {
      expected: s.ipv4,
      observed: start.framedIpAddress ?? 'absent',
      clause: 'TS 29.061 §16.4.3, RFC 2865 §5.8',
      element,
    });
  if (s.delegatedLength) {
    const want = `${s.prefix.split('/')[0]}/${s.delegatedLength}`;
    ctx.check(`${s.family} session: Delegated-IPv6-Prefix ${want}`, {
      expected: want,
      observed: start.delegatedIpv6Prefix ?? 'absent',
      clause: 'RFC 4818 §3, TS 29.061 §16.4.3',
      element,
    });
  }
  return start;
}

/** The Stop of the same session: same Acct-Session-Id (RFC 2866 §5.5), same prefix. */
export function checkAccountingStop(
  ctx: ScenarioContext,
  s: AccountedSession,
  start: AccountingRecord,
  all: readonly AccountingRecord[],
  element = 'pgw',
): void {
  const stops = all.filter((r) => r.statusType === 'Stop');
  const stop = stops.find((r) => r.sessionId !== undefined && r.sessionId === start.sessionId);
  ctx.check(`${s.family} session: Accounting-Request Stop with the Start's Acct-Session-Id`, {
    expected: start.sessionId ?? 'a session id',
    observed: stop
      ? stop.sessionId
      : stops.length
        ? `Stop records for: ${stops.map((r) => r.sessionId ?? 'no Acct-Session-Id').join(', ')}`
        : 'no Accounting-Request Stop at the AAA',
    ok: stop !== undefined,
    clause: 'RFC 2866 §5.5, TS 29.061 §16.4.4',
    element,
  });
  if (stop)
    ctx.check(`${s.family} session: Stop carries Framed-IPv6-Prefix ${s.prefix}`, {
      expected: s.prefix,
      observed: stop.framedIpv6Prefix ?? 'absent',
      clause: 'TS 29.061 §16.4.4, RFC 3162 §2.3',
      element,
    });
}

/** How long the AAA may take to have the last Stop (RFC 2866 §2: the NAS retransmits after a second or so). */
const SETTLE_MS = 4000;

/** The AAA's records once a Stop for every session is there, or when SETTLE_MS has passed. */
export function settledRecords(
  ctx: ScenarioContext,
  read: NonNullable<ElementEndpoint['accountingRecords']>,
  sessions: number,
): Promise<readonly AccountingRecord[]> {
  return recordsOnce(ctx, read, (all) => all.filter((r) => r.statusType === 'Stop').length >= sessions, SETTLE_MS);
}

/** The AAA's records, read every 100 ms until `done` holds for them or `withinMs` has passed. */
export async function recordsOnce(
  ctx: ScenarioContext,
  read: NonNullable<ElementEndpoint['accountingRecords']>,
  done: (all: readonly AccountingRecord[]) => boolean,
  withinMs: number,
): Promise<readonly AccountingRecord[]> {
  const until = Date.now() + withinMs;
  let all = await read();
  while (!done(all) && Date.now() < until && !ctx.signal.aborted) {
    await new Promise((r) => setTimeout(r, 100));
    all = await read();
  }
  return all;
}

/** The AAA's record reader, or the scenario is skipped: the lab cannot read this AAA. */
export function accountingReader(
  ctx: ScenarioContext,
  aaa: ElementEndpoint,
): NonNullable<ElementEndpoint['accountingRecords']> {
  if (!aaa.accountingRecords)
    ctx.skip(
      `the lab cannot read the accounting records of ${aaa.kind === 'external' ? 'an' : 'a'} ${aaa.kind} AAA at ${aaa.address} (run it as a stand-in or in the docker lab, or look for Framed-IPv6-Prefix in its own log)`,
    );
  return aaa.accountingRecords;
}
