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
 *
 * A UPF's entry also says which QFI the uplink's PDU Session Container must carry (TS 38.415
 * §5.5.2.2, the PDR's QFI; -1: any or none) and which the downlink gets (the QER's QFI in a DL PDU
 * SESSION INFORMATION container, §5.5.2.1; -1: no container, as on S5/S8-U). Behind the entries,
 * per entry the packets and octets the worker forwarded up and down (Float64, written only by the
 * worker): the main thread adds them to the session's URRs (usage()).
 */
const ENTRY = 14;
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
const UL_QFI = 11;
const DL_QFI = 12;
/** Usage words per entry: uplink packets, octets, downlink packets, octets (inner packets). */
export const USAGE = 4;
/** Where the usage counters start (octets; 8-aligned). */
const USAGE_AT = ((1 + ENTRIES * ENTRY) * 4 + 7) & ~7;

export function newFastPathTable(): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(USAGE_AT + ENTRIES * USAGE * 8);
  new Int32Array(sab, 0, 1)[0] = 1;
  return sab;
}

const usageView = (sab: SharedArrayBuffer) => new Float64Array(sab, USAGE_AT, ENTRIES * USAGE);

const indexOf = (teid: number): number => Math.imul(teid, 0x9e3779b1) >>> (32 - BITS);
const slotOf = (teid: number): number => 1 + indexOf(teid) * ENTRY;

/** What else an entry says (a UPF's QFIs; the PGW leaves both -1). */
export interface FastPathQfi {
  /** The QFI the uplink's PDU Session Container must carry; -1: any, or none. */
  ul: number;
  /** The QFI of the downlink's container; -1: no container. */
  dl: number;
}
const NO_QFI: FastPathQfi = { ul: -1, dl: -1 };

/** The main thread's side: fill one entry, void them all. */
export class FastPathWriter {
  private readonly t: Int32Array;
  private readonly usageWords: Float64Array;

  constructor(sab: SharedArrayBuffer) {
    this.t = new Int32Array(sab, 0, 1 + ENTRIES * ENTRY);
    this.usageWords = usageView(sab);
  }

  /** The entry index `teid` goes to (entries of two TEIDs may share one: the later one wins). */
  indexOf(teid: number): number {
    return indexOf(teid);
  }

  /**
   * What the worker forwarded with entry `index` so far (uplink packets, octets, downlink
   * packets, octets at out[0..3]); it only grows.
   */
  usage(index: number, out: Float64Array): void {
    for (let k = 0; k < USAGE; k++) out[k] = this.usageWords[index * USAGE + k];
  }

  /** Every entry stops counting (the control plane changed something). */
  invalidateAll(): void {
    Atomics.add(this.t, 0, 1);
  }

  /**
   * G-PDUs to `teid` from `peer` (address and source port), with a source in `prefix`'s /64, may
   * be answered by the worker; the answers go down `peerTeid` to that same address and port.
   */
  install(
    teid: number,
    prefix: string,
    peerTeid: number,
    peer: { address: string; port: number },
    qfi: FastPathQfi = NO_QFI,
  ): void {
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
    t[at + UL_QFI] = qfi.ul;
    t[at + DL_QFI] = qfi.dl;
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
  /** FastPathQfi's. */
  ulQfi: number;
  dlQfi: number;
  /** The entry's index (its usage counters). */
  index: number;
  /** Set by the qualifier (udp-echo-fast-path.ts): the G-PDU header's length, 8 or 16. */
  header: number;
}

export const newFastPathEntry = (): FastPathEntry => ({
  peerTeid: 0,
  prefixHi: 0,
  prefixLo: 0,
  ulQfi: -1,
  dlQfi: -1,
  index: 0,
  header: 8,
});

/** The worker's side: look a G-PDU's TEID and source up. */
export class FastPathReader {
  private readonly t: Int32Array;
  private readonly usageWords: Float64Array;

  constructor(sab: SharedArrayBuffer) {
    this.t = new Int32Array(sab, 0, 1 + ENTRIES * ENTRY);
    this.usageWords = usageView(sab);
  }

  /** One packet of `octets` (inner) forwarded up and its answer down with `entry`. */
  count(entry: FastPathEntry, upOctets: number, downOctets: number): void {
    const u = this.usageWords;
    const k = entry.index * USAGE;
    u[k]++;
    u[k + 1] += upOctets;
    u[k + 2]++;
    u[k + 3] += downOctets;
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
    out.ulQfi = t[at + UL_QFI];
    out.dlQfi = t[at + DL_QFI];
    out.index = (at - 1) / ENTRY;
    // Written again meanwhile: not this entry any more.
    return Atomics.load(t, at + GEN) === gen;
  }
}
