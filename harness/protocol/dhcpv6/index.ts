/** DHCPv6 (RFC 8415) for prefix delegation to a UE, with PD_EXCLUDE (RFC 6603). */
export {
  encodeDhcpv6,
  decodeDhcpv6,
  findOption,
  MESSAGE,
  MESSAGE_NAMES,
  DHCPV6_CLIENT_PORT,
  DHCPV6_SERVER_PORT,
  ALL_DHCP_RELAY_AGENTS_AND_SERVERS,
  type Dhcpv6Message,
} from './message.ts';
export { OPTION, STATUS, type Dhcpv6Option } from './options.ts';
export { pdExclude, excludedPrefix } from './pd-exclude.ts';
