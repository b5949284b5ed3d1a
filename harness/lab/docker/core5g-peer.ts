import type { RunningStandin } from '../inproc/standins.ts';

/**
 * A 5G stand-in's peer in another container of the docker lab, as the lab passes it in V6H_CONFIG:
 * an AMF's SMF (its N11 API root, TS 29.501 §4.4.1) and an SMF's UPF (N4 PFCP and N3 GTP-U ports,
 * TS 29.244 §4.2, TS 29.281 §4.4.2). In-process the factories find these among their running peers;
 * in a container they learn the peer's address from the lab, which started it first.
 */
export interface Core5gPeer {
  /** The peer's element name in the target (an AMF's `smf:`, an SMF's `upf:`). */
  name: string;
  role: 'smf' | 'upf';
  address: string;
  port: number;
  userPlanePort?: number;
  /** An SMF's N11 API root (http://[address]:port). */
  sbi?: string;
}

/** The peer as the stand-in factories expect one (address, ports and API root are what they use). */
export function core5gPeer(p: Core5gPeer): RunningStandin {
  return {
    role: p.role,
    address: p.address,
    port: p.port,
    ...(p.userPlanePort !== undefined ? { userPlanePort: p.userPlanePort } : {}),
    ...(p.sbi ? { sbi: p.sbi } : {}),
    restart: async () => {},
    stop: async () => {},
  };
}
