/**
 * One accounting record as an AAA received it (RFC 2866 §5; the IPv6 attributes of RFC 3162 and
 * RFC 4818; TS 29.061 §16.4.7's 3GPP-IMSI): what any AAA — the stand-in, or freeradius through its
 * detail file — hands to the scenarios, which judge the gateway by it.
 */
export interface AccountingRecord {
  statusType: string;
  sessionId?: string;
  framedIpv6Prefix?: string;
  delegatedIpv6Prefix?: string;
  framedIpAddress?: string;
  calledStationId?: string;
  userName?: string;
  /** The MSISDN (TS 29.061 §16.4.3). */
  callingStationId?: string;
  /** NAS-IPv6-Address or NAS-IP-Address: the gateway's own word for its address. */
  nasAddress?: string;
  /** The 3GPP-IMSI vendor-specific attribute (TS 29.061 §16.4.7, sub-attribute 1). */
  imsi3gpp?: string;
  /** The NAS (gateway) address the request came from. */
  from: string;
}

/** An AccountingRecord from decoded attributes (names as in the RADIUS dictionaries). */
export function accountingRecord(a: Readonly<Record<string, unknown>>, from: string): AccountingRecord {
  const text = (k: string) => (a[k] !== undefined ? String(a[k]) : undefined);
  const vsa = a['Vendor-Specific'];
  const imsi =
    typeof vsa === 'object' && vsa !== null && '3GPP-IMSI' in vsa
      ? String((vsa as Record<string, unknown>)['3GPP-IMSI'])
      : (text('3GPP-IMSI') ?? undefined);
  const fields: Omit<AccountingRecord, 'from' | 'statusType'> = {
    sessionId: text('Acct-Session-Id'),
    framedIpv6Prefix: text('Framed-IPv6-Prefix'),
    delegatedIpv6Prefix: text('Delegated-IPv6-Prefix'),
    framedIpAddress: text('Framed-IP-Address'),
    calledStationId: text('Called-Station-Id'),
    userName: text('User-Name'),
    callingStationId: text('Calling-Station-Id'),
    nasAddress: text('NAS-IPv6-Address') ?? text('NAS-IP-Address'),
    imsi3gpp: imsi,
  };
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return { statusType: text('Acct-Status-Type') ?? '', ...present, from };
}
