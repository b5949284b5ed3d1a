import { connectTo } from './docker-api.ts';
import { shellIn } from './container-ops.ts';
import { LabError } from '../types.ts';

/**
 * The PLAT of 464XLAT (RFC 6877 §2, §6.2) behind a `sgi: tun` PGW of the docker lab: the NAT64
 * container an APN's `plat:` names joins the PGW's SGi network, the PGW's kernel routes that APN's
 * Pref64::/n to it, and it routes the UE pools back to the PGW. A CLAT's translated packets
 * (RFC 7915) then leave the PGW over SGi, are translated again by the PLAT toward the IPv4-only
 * host on the NAT64's IPv4 network, and the answer comes back the same way.
 *
 * In this lab the PLAT is tayga (real/tayga.ts): a stateless translator (RFC 7915) that maps each
 * IPv6 source 1:1 onto its dynamic pool, behind a NAT44 that puts the pool behind one IPv4 address.
 * A real PLAT is a stateful NAT64 (RFC 6146): one element keeps a binding per transport address
 * (port or ICMP identifier, §3.5) with RFC 6146 §4 lifetimes (UDP at least 2 min, TCP established
 * at least 2 h 4 min, ICMP 60 s) and shares one IPv4 pool among all IPv6 hosts port by port. Here
 * each IPv6 address holds a pool address of its own (kept 2 h after its last packet, tayga's
 * README) and the port state is the NAT44's (Linux conntrack timeouts); for one CLAT address and
 * a few flows, what a UE observes is the same.
 */
export interface PlatWiring {
  /** The element's name, for errors. */
  name: string;
  /** The NAT64 container and the PGW container (ids). */
  plat: string;
  pgw: string;
  /** The PGW's SGi network, the PGW's address on it, and the address the PLAT takes there. */
  sgi: { network: string; router: string };
  address: string;
  /** Pref64::/n of the APNs this PLAT serves, and the UE pools of the PGW's APNs. */
  pref64s: readonly string[];
  pools: readonly string[];
}

export async function wirePlat(w: PlatWiring): Promise<void> {
  const step = async (what: string, act: () => Promise<unknown>) => {
    await act().catch((e: Error) => {
      throw new LabError(w.name, `PLAT behind the PGW: ${what}: ${e.message}`);
    });
  };
  await step(`joining the SGi network at ${w.address}`, () => connectTo(w.sgi.network, w.plat, { ipv6: w.address }));
  // Downlink: the PLAT's translated answers go to a UE's CLAT address, in the PGW's pools.
  const back = w.pools.map((p) => `ip -6 route replace ${p} via ${w.sgi.router}`).join(' && ');
  // A Pref64 the translator does not serve (a misconfigured PLAT) is answered with Destination
  // Unreachable, no route (RFC 4443 §3.1), not sent on by the default route: the host routes
  // Pref64 back to this container (real-container.ts), so the packet would loop until its hop
  // limit ran out. The translator's own route (metric 1024) wins where it serves the prefix.
  const none = w.pref64s.map((p) => `ip -6 route replace unreachable ${p} metric 4096`);
  await step('routing the UE pools to the PGW', () => shellIn(w.plat, [back, ...none].filter(Boolean).join(' && ')));
  // Uplink: the operator routes each APN's Pref64::/n from SGi to its PLAT (RFC 6877 §6.2).
  const to = w.pref64s.map((p) => `ip -6 route replace ${p} via ${w.address}`).join(' && ');
  if (to) await step('routing Pref64 from the PGW to the PLAT', () => shellIn(w.pgw, to));
}
