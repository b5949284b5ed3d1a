import { Reader, Writer } from '../common/cursor.ts';
import { optionsLength, readOptions, writeOptions, type Dhcpv6Option } from './options.ts';

/** RFC 8415 §7.3 message types used by a requesting router and a delegating router. */
export const MESSAGE = {
  SOLICIT: 1,
  ADVERTISE: 2,
  REQUEST: 3,
  CONFIRM: 4,
  RENEW: 5,
  REBIND: 6,
  REPLY: 7,
  RELEASE: 8,
} as const;
export const MESSAGE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(MESSAGE).map(([k, v]) => [v, k]),
);

/** RFC 8415 §7.1: clients listen on 546, servers and relays on 547; All_DHCP_Relay_Agents_and_Servers. */
export const DHCPV6_CLIENT_PORT = 546;
export const DHCPV6_SERVER_PORT = 547;
export const ALL_DHCP_RELAY_AGENTS_AND_SERVERS = 'ff02::1:2';

/** RFC 8415 §8: msg-type (1), transaction-id (3), options. */
export interface Dhcpv6Message {
  msgType: number;
  transactionId: number;
  options: Dhcpv6Option[];
}

export function encodeDhcpv6(m: Dhcpv6Message): Buffer {
  const w = Writer.alloc(4 + optionsLength(m.options), 'dhcpv6');
  w.u8(m.msgType, 'msg-type').u24(m.transactionId, 'transaction-id');
  writeOptions(w, m.options);
  return w.written();
}

export function decodeDhcpv6(buf: Buffer): Dhcpv6Message {
  const r = Reader.of(buf, 'dhcpv6').at('header');
  const msgType = r.u8();
  if (msgType === 12 || msgType === 13) r.fail('relay messages (RFC 8415 §9) are not expected on a PDN connection');
  return { msgType, transactionId: r.u24(), options: readOptions(r) };
}

/** The first option with `code` in a list (top level only). */
export function findOption<C extends Dhcpv6Option['code']>(
  list: readonly Dhcpv6Option[],
  code: C,
): Extract<Dhcpv6Option, { code: C }> | undefined {
  return list.find((o) => o.code === code && !('unknown' in o)) as Extract<Dhcpv6Option, { code: C }> | undefined;
}
