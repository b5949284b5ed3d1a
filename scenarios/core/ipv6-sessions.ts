import type { SgwS5Driver } from '../../harness/drivers/sgw/index.ts';
import { gtpv2cCause, findIe } from '../../harness/protocol/gtpv2c/index.ts';

/** One IPv6 PDN connection as a load needs it: the PGW's S5/S8-C TEID, the SGW's own, the PAA's prefix, the PGW's S5/S8-U F-TEID. */
export interface Ipv6Session {
  pgwTeid: number;
  sgwTeid: number;
  /** The PAA's IPv6 value (prefix as an address, TS 29.274 §8.14). */
  paaIpv6: string;
  /** The PGW's S5/S8-U F-TEID from the Bearer Context (TS 29.274 §7.2.2, instance 2). */
  pgwU: { teid: number; ipv6?: string; ipv4?: string };
}

/**
 * `count` IPv6 PDN connections on `apn` over S5/S8 (TS 29.274 §7.2.1), `inFlight` Create
 * Session Requests at a time as a loaded SGW sends them; IMSIs are `imsiBase` padded with the
 * session's number to 15 digits. Returns the sessions set up and the count of answers by cause
 * ("no response" for none).
 */
export async function openIpv6Sessions(
  sgw: SgwS5Driver,
  apn: string,
  count: number,
  imsiBase: string,
  signal: AbortSignal,
  inFlight = 100,
): Promise<{ sessions: Ipv6Session[]; causes: Map<string, number> }> {
  const sessions: Ipv6Session[] = [];
  const causes = new Map<string, number>();
  for (let i = 0; i < count; i += inFlight) {
    const batch = Array.from({ length: Math.min(inFlight, count - i) }, (_, k) =>
      sgw.createSession(
        {
          imsi: `${imsiBase}${String(i + k).padStart(15 - imsiBase.length, '0')}`,
          apn,
          pdnType: 'ipv6',
          daf: true,
        },
        signal,
      ),
    );
    for (const { outcome, sgwTeid } of await Promise.all(batch)) {
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      const cause = res ? gtpv2cCause(findIe(res, 'cause')?.value) : 'no response';
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
      const paa = res && findIe(res, 'paa');
      const bearer = res && findIe(res, 'bearer-context');
      const pgwU = bearer && findIe(bearer, 'f-teid', 2);
      const pgwTeid = res && findIe(res, 'f-teid', 1)?.teid;
      if (paa?.ipv6 && pgwU && pgwTeid !== undefined) sessions.push({ pgwTeid, sgwTeid, paaIpv6: paa.ipv6, pgwU });
    }
  }
  return { sessions, causes };
}

/** Deletes `sessions` (Delete Session Request, TS 29.274 §7.2.9), `inFlight` at a time; returns how many were accepted (cause 16). */
export async function closeIpv6Sessions(
  sgw: SgwS5Driver,
  sessions: readonly { pgwTeid: number }[],
  signal: AbortSignal,
  inFlight = 100,
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < sessions.length; i += inFlight) {
    const outs = await Promise.all(sessions.slice(i, i + inFlight).map((m) => sgw.deleteSession(m.pgwTeid, 5, signal)));
    deleted += outs.filter((o) => o.kind === 'response' && findIe(o.message, 'cause')?.value === 16).length;
  }
  return deleted;
}
