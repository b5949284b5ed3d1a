import type { UdpEchoHosts } from './udp-echo-fast-path.ts';

/** Messages between the control plane (main thread) and the forwarding thread (forwarding-worker.ts). */
export type ToWorker =
  | {
      op: 'open';
      id: number;
      address: string;
      port: number;
      recvBufferSize: number;
      /** fast-path-table.ts */
      table: SharedArrayBuffer;
      /** Float64 × COUNTERS, written by the worker after each batch. */
      counters: SharedArrayBuffer;
      echo?: UdpEchoHosts;
    }
  /** Datagrams the main thread sends, one after the other in data: datagram i is lengths[i] octets to ports[i] at addresses[i]. */
  | { op: 'send'; id: number; data: Uint8Array; lengths: Int32Array; ports: number[]; addresses: string[] }
  | { op: 'close'; id: number };

export type FromWorker =
  | { op: 'opened'; id: number; port: number }
  | { op: 'failed'; id: number; message: string; code?: string }
  /**
   * Datagrams for the main thread: datagram i is data[meta[3i], + meta[3i + 1]) from
   * addresses[i] port meta[3i + 2].
   */
  | { op: 'received'; id: number; data: Uint8Array; meta: Int32Array; addresses: string[]; families: (4 | 6)[] }
  | { op: 'closed'; id: number }
  /** Datagrams of a 'send' the socket refused (counted in DROPPED); the first one's reason. */
  | { op: 'sendFailed'; id: number; message: string };

/** The worker's counters (Float64 words of `counters`). */
export const FORWARDED = 0;
/** Answers of the in-process internet's echo given on the fast path. */
export const ECHOED = 1;
/** Datagrams the worker could not queue for sending. */
export const DROPPED = 2;
export const COUNTERS = 3;
