import { addressBytes } from '../../../protocol/common/ip-bytes.ts';

/**
 * What the control plane (main thread) tells the forwarding thread about the sessions it may
 * forward on its own, in one SharedArrayBuffer: a direct-mapped cache from our user-plane TEID to
 * the session's /64 (BCP 38 source check, TS 29.061 §11.2.1.3), the peer's TEID and the address
 * and port its G-PDUs come from (TS 29.281 §4.4.2.3: the downlink goes back there).
 *
 * Entries are filled from the main thread, after it handled a G-PDU of that session itself, and
 * all of them are void as soon as the control plane handles any message (`invalidateAll`: a
 * session created, modified or deleted, a peer restarted): the worker then hands that session's
 * packets to the main thread again, which decides as before and fills the entry anew. A stale
 * entry is therefore never used: Error Indication after a Delete, a new peer F-TEID after a
 * Modify, all stay the main thread's.
 *
 * Word 0 is the table's generation. Each entry is ENTRY words; its word 0 is the generation it
 * was written in (0 while it is written: a seqlock, so the worker never reads half an entry).
 */
const ENTRY = 12;
const BITS = 12;
const ENTRIES = 1 << BITS;
/** Entry words. */
const GEN = 0;
const TEID = 1;
const PREFIX = 2; // 2 words: the first 8 octets of the UE's /64, big-endian
const PEER_TEID = 4;
const PORT = 5;
const FAMILY = 6;
const ADDRESS = 7; // 4 words: the peer's address as the receive metadata holds it (native byte order)

export function newFastPathTable(): SharedArrayBuffer {
  const sab = new SharedArrayBuffer((1 + ENTRIES * ENTRY) * 4);
  new Int32Array(sab)[0] = 1;
  return sab;
}

const slotOf = (teid: number): number => 1 + (Math.imul(teid, 0x9e3779b1) >>> (32 - BITS)) * ENTRY;

/** The main thread's side: fill one entry, void them all. */
export class FastPathWriter {
  private readonly t: Int32Array;

  constructor(sab: SharedArrayBuffer) {
    this.t = new Int32Array(sab);
  }

  /** Every entry stops counting (the control plane changed something). */
  invalidateAll(): void {
    Atomics.add(this.t, 0, 1);
  }

  /**
   * G-PDUs to `teid` from `peer` (address and source port), with a source in `prefix`'s /64, may
   * be answered by the worker; the answers go down `peerTeid` to that same address and port.
   */
  install(teid: number, prefix: string, peerTeid: number, peer: { address: string; port: number }): void {
    const t = this.t;
    const at = slotOf(teid);
    const p = addressBytes(prefix);
    const a = addressBytes(peer.address);
    if (p.length !== 16) return;
    Atomics.store(t, at + GEN, 0);
    t[at + TEID] = teid | 0;
    t[at + PREFIX] = p.readInt32BE(0);
    t[at + PREFIX + 1] = p.readInt32BE(4);
    t[at + PEER_TEID] = peerTeid | 0;
    t[at + PORT] = peer.port;
    t[at + FAMILY] = a.length === 16 ? 6 : 4;
    const words = new Int32Array(4);
    new Uint8Array(words.buffer).set(a);
    for (let i = 0; i < 4; i++) t[at + ADDRESS + i] = words[i];
    Atomics.store(t, at + GEN, Atomics.load(t, 0));
  }
}

/** One entry as read by the worker (reused: no allocation per packet). */
export interface FastPathEntry {
  peerTeid: number;
  prefixHi: number;
  prefixLo: number;
}

/** The worker's side: look a G-PDU's TEID and source up. */
export class FastPathReader {
  private readonly t: Int32Array;

  constructor(sab: SharedArrayBuffer) {
    this.t = new Int32Array(sab);
  }

  /**
   * Fills `out` for `teid` when a current entry exists and the datagram came from its peer (the
   * receive metadata's port, family and address words at `m`); false otherwise.
   */
  lookup(teid: number, meta: Int32Array, m: number, out: FastPathEntry): boolean {
    const t = this.t;
    const at = slotOf(teid);
    const gen = Atomics.load(t, at + GEN);
    if (gen === 0 || gen !== Atomics.load(t, 0) || t[at + TEID] !== (teid | 0)) return false;
    if (t[at + PORT] !== meta[m + 2] || t[at + FAMILY] !== meta[m + 3]) return false;
    for (let i = 0; i < 4; i++) if (t[at + ADDRESS + i] !== meta[m + 4 + i]) return false;
    out.peerTeid = t[at + PEER_TEID] >>> 0;
    out.prefixHi = t[at + PREFIX];
    out.prefixLo = t[at + PREFIX + 1];
    // Written again meanwhile: not this entry any more.
    return Atomics.load(t, at + GEN) === gen;
  }
}
