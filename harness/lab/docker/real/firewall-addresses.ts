import { Address4, Address6 } from 'ip-address';
import type { FirewallPolicy } from '../../target.ts';

/** The firewall lab's address plan, derived from the declared policy (see firewall-plumbing.ts). */
export interface FirewallAddresses {
  ueIpv6Prefix: string;
  ueIpv4Prefix: string;
  firewallUeIpv6: string;
  firewallUeIpv4: string;
  firewallInIpv6: string;
  firewallInIpv4: string;
}

export const p64 = (a: string) => `${new Address6(`${a}/64`).startAddress().correctForm()}/64`;
export const p28 = (a: string) => `${new Address4(`${a}/28`).startAddress().correctForm()}/28`;
const at64 = (a: string, last: string) =>
  `${new Address6(`${a}/64`).startAddress().correctForm().replace(/::$/, '')}::${last}`;
function at28(a: string, offset: number): string {
  const start = new Address4(`${a}/28`).startAddress().bigInt();
  return Address4.fromBigInt(start + BigInt(offset)).correctForm();
}

export function firewallAddresses(p: FirewallPolicy): FirewallAddresses {
  return {
    ueIpv6Prefix: p64(p.ueIpv6),
    ueIpv4Prefix: p28(p.ueIpv4),
    firewallUeIpv6: at64(p.ueIpv6, 'fe'),
    firewallUeIpv4: at28(p.ueIpv4, 14),
    firewallInIpv6: at64(p.serverIpv6, 'fe'),
    firewallInIpv4: at28(p.serverIpv4, 14) === p.serverIpv4 ? at28(p.serverIpv4, 13) : at28(p.serverIpv4, 14),
  };
}
