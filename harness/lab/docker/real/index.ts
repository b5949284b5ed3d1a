import type { GatewayPolicy, RealElement } from '../../target.ts';
import { aaaaFilter, BIND9_FAULTS } from './bind9.ts';
import { firewallAddresses } from './firewall-addresses.ts';
import { nftables, NFTABLES_FAULTS } from './nftables.ts';
import { tayga, TAYGA_FAULTS } from './tayga.ts';
import type { RealConfig } from './types.ts';
import { unbound, UNBOUND_FAULTS } from './unbound.ts';
import { freeradius, FREERADIUS_FAULTS } from './freeradius.ts';
import { radiusSecret } from '../../target.ts';
import { OPEN5GS_FAULTS } from './open5gs.ts';

export type { RealConfig } from './types.ts';
export { authoritative } from './bind9.ts';
export { supervisorScript } from './supervisor.ts';
export { NAT64_POOL } from './tayga.ts';
export { DETAIL_GLOB } from './freeradius.ts';
export { parseDetail } from './freeradius-detail.ts';
export { isOpen5gs, open5gsConfig, type CoreAddresses, type Open5gsPeers } from './open5gs.ts';

/** The misconfigurations each real element can be given (target `faults:`). */
export const REAL_FAULTS: Record<RealElement['software'], readonly string[]> = {
  unbound: UNBOUND_FAULTS,
  bind9: BIND9_FAULTS,
  tayga: TAYGA_FAULTS,
  nftables: NFTABLES_FAULTS,
  freeradius: FREERADIUS_FAULTS,
  ...OPEN5GS_FAULTS,
};

/**
 * What the element's container runs. `authoritative`: the address of the lab's authoritative
 * server; `harness`: the harness host's address on the lab network; `clients`: the subnets an
 * AAA takes requests from (the lab's core network).
 */
export function realConfig(
  el: RealElement,
  policy: GatewayPolicy,
  authoritative: string,
  harness = '::1',
  clients: readonly string[] = ['fd00::/8'],
): RealConfig {
  switch (el.software) {
    case 'unbound':
      return unbound(policy, el, authoritative);
    case 'bind9':
      return aaaaFilter(policy, el.faults);
    case 'tayga':
      return tayga(policy, el, harness);
    case 'freeradius':
      return freeradius(el, radiusSecret(el), clients);
    case 'nftables': {
      const a = firewallAddresses(policy.firewall);
      return nftables(policy.firewall, el, a.ueIpv6Prefix, a.ueIpv4Prefix);
    }
    case 'open5gs-sgwc':
    case 'open5gs-sgwu':
    case 'open5gs-smf':
    case 'open5gs-upf':
      // Configured from its peers' addresses (open5gsConfig), which only the running lab knows.
      throw new Error(
        `${el.software} is configured by the docker lab's open5gs core (harness/lab/docker/open5gs-core.ts)`,
      );
  }
}
