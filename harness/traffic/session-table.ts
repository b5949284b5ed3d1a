/**
 * The sessions a load run holds open (issue 8: a million emulated UEs in well under 2 KiB each):
 * one row per PDN connection in parallel typed arrays (struct of arrays), so holding a session
 * costs a few dozen octets and no object. Rows are recycled through a free list.
 *
 * Per row: IMSI (up to 15 digits, exact in a float64), the control-plane TEIDs of both ends
 * (TS 29.274 §8.22 F-TEID), the peer's user-plane TEID, the /64 prefix (its upper 64 bits, TS 29.061
 * §11.2.1.3.2) and IPv4 address from the PAA (§8.14), EBI, PDN type, state, set-up time.
 */
export const SESSION_STATE = { free: 0, creating: 1, active: 2, deleting: 3 } as const;
export const PDN_TYPE = { ipv4: 1, ipv6: 2, ipv4v6: 3 } as const;

export interface SessionRow {
  imsi: string;
  localTeid: number;
  remoteTeid: number;
  userPlaneTeid: number;
  /** The upper 64 bits of the IPv6 prefix as two 32-bit words (0, 0 when none). */
  prefixHi: number;
  prefixLo: number;
  ipv4: number;
  ebi: number;
  pdnType: number;
  state: number;
  setupMicros: number;
}

export class SessionTable {
  readonly imsi: Float64Array;
  /** IMSI digit count, so leading zeros come back (MCC 001 ...). */
  readonly imsiDigits: Uint8Array;
  readonly localTeid: Uint32Array;
  readonly remoteTeid: Uint32Array;
  readonly userPlaneTeid: Uint32Array;
  readonly prefix: Uint32Array;
  readonly ipv4: Uint32Array;
  readonly ebi: Uint8Array;
  readonly pdnType: Uint8Array;
  readonly state: Uint8Array;
  readonly setupMicros: Uint32Array;
  private readonly free: Int32Array;
  private freeCount = 0;
  private used = 0;
  /** Rows in use. */
  size = 0;

  constructor(readonly capacity: number) {
    this.imsi = new Float64Array(capacity);
    this.imsiDigits = new Uint8Array(capacity);
    this.localTeid = new Uint32Array(capacity);
    this.remoteTeid = new Uint32Array(capacity);
    this.userPlaneTeid = new Uint32Array(capacity);
    this.prefix = new Uint32Array(capacity * 2);
    this.ipv4 = new Uint32Array(capacity);
    this.ebi = new Uint8Array(capacity);
    this.pdnType = new Uint8Array(capacity);
    this.state = new Uint8Array(capacity);
    this.setupMicros = new Uint32Array(capacity);
    this.free = new Int32Array(capacity);
  }

  /** Octets per row, all arrays together (what holding one session costs). */
  static get bytesPerRow(): number {
    return 8 + 1 + 4 + 4 + 4 + 8 + 4 + 1 + 1 + 1 + 4 + 4;
  }

  /** A row for a new session (state `creating`), or -1 when the table is full. */
  add(imsi: string, localTeid: number): number {
    if (imsi.length > 15 || !/^\d+$/.test(imsi)) throw new Error(`IMSI "${imsi}" is not 1-15 digits (TS 23.003 §2.2)`);
    let row: number;
    if (this.freeCount > 0) row = this.free[--this.freeCount];
    else if (this.used < this.capacity) row = this.used++;
    else return -1;
    this.imsi[row] = Number(imsi);
    this.imsiDigits[row] = imsi.length;
    this.localTeid[row] = localTeid;
    this.remoteTeid[row] = 0;
    this.userPlaneTeid[row] = 0;
    this.prefix[row * 2] = 0;
    this.prefix[row * 2 + 1] = 0;
    this.ipv4[row] = 0;
    this.ebi[row] = 0;
    this.pdnType[row] = 0;
    this.state[row] = SESSION_STATE.creating;
    this.setupMicros[row] = 0;
    this.size++;
    return row;
  }

  /** Records what the Create Session Response granted. */
  activate(
    row: number,
    g: {
      remoteTeid: number;
      userPlaneTeid: number;
      prefix?: Uint8Array;
      ipv4?: Uint8Array;
      ebi: number;
      pdnType: number;
      setupMicros: number;
    },
  ): void {
    this.remoteTeid[row] = g.remoteTeid;
    this.userPlaneTeid[row] = g.userPlaneTeid;
    if (g.prefix) {
      const p = g.prefix;
      this.prefix[row * 2] = ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
      this.prefix[row * 2 + 1] = ((p[4] << 24) | (p[5] << 16) | (p[6] << 8) | p[7]) >>> 0;
    }
    if (g.ipv4) this.ipv4[row] = ((g.ipv4[0] << 24) | (g.ipv4[1] << 16) | (g.ipv4[2] << 8) | g.ipv4[3]) >>> 0;
    this.ebi[row] = g.ebi;
    this.pdnType[row] = g.pdnType;
    this.setupMicros[row] = Math.min(0xffffffff, Math.round(g.setupMicros));
    this.state[row] = SESSION_STATE.active;
  }

  remove(row: number): void {
    if (this.state[row] === SESSION_STATE.free) return;
    this.state[row] = SESSION_STATE.free;
    this.free[this.freeCount++] = row;
    this.size--;
  }

  get(row: number): SessionRow {
    return {
      imsi: String(this.imsi[row]).padStart(this.imsiDigits[row], '0'),
      localTeid: this.localTeid[row],
      remoteTeid: this.remoteTeid[row],
      userPlaneTeid: this.userPlaneTeid[row],
      prefixHi: this.prefix[row * 2],
      prefixLo: this.prefix[row * 2 + 1],
      ipv4: this.ipv4[row],
      ebi: this.ebi[row],
      pdnType: this.pdnType[row],
      state: this.state[row],
      setupMicros: this.setupMicros[row],
    };
  }
}
