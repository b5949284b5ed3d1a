import type { PacketRecorder } from '../../../net/pcap/index.ts';
import type { SendLimit } from '../../../drivers/common/rate-limit.ts';
import type { CycleResult } from '../tally.ts';

/**
 * One attach/create/delete cycle per interface, on the existing drivers. A cycle target is plain
 * data (it is posted to worker threads): the element's address as the lab gave it, and what the
 * procedure needs besides (the APN; the PGW the MME selects on S11; the UE pool the PGW-C
 * allocates from on Sxb).
 */
export type LoadInterface = 's5' | 's11' | 'gn' | 'sxb' | 'n4';

export interface PeerEndpoint {
  address: string;
  port: number;
  userPlanePort?: number;
  /** The target's ceiling on messages toward a real element (already divided among the threads). */
  sendLimit?: SendLimit;
}

export type CycleTarget =
  | { interface: 's5'; pgw: PeerEndpoint; apn: string }
  | { interface: 's11'; sgw: PeerEndpoint; pgwAddress: string; apn: string }
  | { interface: 'gn'; ggsn: PeerEndpoint; apn: string }
  | { interface: 'sxb'; pgwU: PeerEndpoint; apn: string; ipv6Pool: string }
  | { interface: 'n4'; upf: PeerEndpoint; dnn: string; ipv6Pool: string };

/** The UE of one cycle: its IMSI, and a number unique across threads (for per-UE resources). */
export interface LoadUe {
  imsi: string;
  index: number;
}

export interface CycleDriver {
  cycle(ue: LoadUe, signal?: AbortSignal): Promise<CycleResult>;
  close(): Promise<void>;
}

export interface CycleOptions {
  recorder: PacketRecorder;
}

/** The element a cycle target drives, by its name in the target file (for `element` in checks). */
export function elementOf(t: CycleTarget): string {
  switch (t.interface) {
    case 's5':
      return 'pgw';
    case 's11':
      return 'sgw';
    case 'gn':
      return 'ggsn';
    case 'sxb':
      return 'pgw-u';
    case 'n4':
      return 'upf';
  }
}
