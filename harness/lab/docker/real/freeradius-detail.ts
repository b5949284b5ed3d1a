import { accountingRecord, type AccountingRecord } from '../../../protocol/radius/index.ts';

/**
 * Records of freeradius's `detail` file (rlm_detail): one block per accepted request, a date line
 * then `\tAttribute = value` lines (strings quoted), blocks apart by an empty line. Attribute
 * names are the dictionaries' (RFC 2866, RFC 3162, RFC 4818, dictionary.3gpp), as ours are.
 */
export function parseDetail(text: string): AccountingRecord[] {
  const records: AccountingRecord[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const attrs: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const m = /^\s+([A-Za-z0-9-]+) = (.*)$/.exec(line);
      if (m) attrs[m[1]] = m[2].startsWith('"') && m[2].endsWith('"') ? m[2].slice(1, -1) : m[2];
    }
    if (!attrs['Acct-Status-Type']) continue;
    records.push(accountingRecord(attrs, attrs['Packet-Src-IPv6-Address'] ?? attrs['Packet-Src-IP-Address'] ?? ''));
  }
  return records;
}
