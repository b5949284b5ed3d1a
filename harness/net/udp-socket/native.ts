import { createRequire } from 'node:module';

/** The functions of native/udp_mmsg.c (see its header for the shared-memory layout). */
export interface UdpMmsg {
  RX_BATCH: number;
  RX_SLOT: number;
  RX_META: number;
  RX_ENTRIES: number;
  TX_META: number;
  MAX_PEERS: number;
  open(
    family: 4 | 6,
    address: string,
    port: number,
    rcvbuf: number,
    sndbuf: number,
    rx: ArrayBuffer,
    rxMeta: ArrayBuffer | SharedArrayBuffer,
    tx: ArrayBuffer,
    txMeta: ArrayBuffer | SharedArrayBuffer,
    onBatch: (count: number) => void,
  ): unknown;
  localPort(h: unknown): number;
  addPeer(h: unknown, address: string, port: number): number;
  connectPeer(h: unknown, index: number): number;
  peer(h: unknown, index: number): string;
  sendTo(h: unknown, data: Uint8Array, address: string, port: number): number;
  flush(h: unknown, count: number): number;
  setGso(h: unknown, on: boolean): boolean;
  setGro(h: unknown, on: boolean): boolean;
  close(h: unknown): void;
}

let loaded: UdpMmsg | null | undefined;
let loadError = '';

/**
 * The addon built by `npm install` (node-gyp, binding.gyp beside it), or null when it is not
 * built or V6HARNESS_UDP=dgram asks for Node's own dgram sockets.
 */
export function loadNative(): UdpMmsg | null {
  if (loaded !== undefined) return loaded;
  if (process.env.V6HARNESS_UDP === 'dgram') {
    loadError = 'V6HARNESS_UDP=dgram';
    return (loaded = null);
  }
  try {
    const require = createRequire(import.meta.url);
    loaded = require('./native/build/Release/udp_mmsg.node') as UdpMmsg;
  } catch (err) {
    loadError = (err as Error).message;
    loaded = null;
  }
  return loaded;
}

/** Why loadNative() returned null ('' when it did not). */
export function nativeLoadError(): string {
  loadNative();
  return loadError;
}
