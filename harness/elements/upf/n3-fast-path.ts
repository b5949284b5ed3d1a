import { addressBytes } from '../../protocol/common/ip-bytes.ts';
import { INTERFACE } from '../../protocol/pfcp/index.ts';
import { type FastPathWriter, USAGE } from '../common/forwarding/fast-path-table.ts';
import { prefixMatch } from './flow-description.ts';
import type { Far, Pdr } from './rules.ts';
import type { N4Session, N4Sessions } from './sessions.ts';

/**
 * What the UPF tells its forwarding thread (elements/common/forwarding): which N3 sessions' UDP
 * echo to the in-process data network the worker may answer on its own, and the usage (URRs,
 * TS 29.244 §5.2.2.4) of what it forwarded, folded back into the session's URRs here.
 *
 * A session is offered only after the main thread carried one of its UDP echoes up and the echo's
 * answer down itself, and only where that path is the same for every UDP echo from the UE's /64
 * to an echo host: the uplink PDR (§5.2.1) is the first of its F-TEID that can match such a
 * packet, with no SDF filter and a UE IP Address of at most /64; its FAR forwards toward the core
 * without Outer Header Creation (N6; with one it is N9 to a home UPF, the main thread's); the
 * downlink goes to this same session, by its first Core PDR (no SDF filter), whose FAR forwards to
 * access with Outer Header Creation toward the address the uplink came from; gates open; no session
 * owns an echo host's address (UE-to-UE would win). The QFIs are the PDR's (the uplink must carry
 * it, TS 38.415 §5.5.2.2) and the QER's (the downlink's container, §5.5.2.1). A Core PDR with a
 * local F-TEID (the N9 downlink of a visited UPF) is never offered. Every N4 message voids every
 * entry (controlPlaneChanged), after the worker's usage so far has
 * been added to the URRs.
 */
interface Offered {
  s: N4Session;
  up: Pdr;
  down: Pdr;
  /** The entry's usage already added to the URRs. */
  seen: Float64Array;
}

export interface DownlinkChoice {
  s: N4Session;
  pdr: Pdr;
  far: Far;
  /** The QFI the downlink carried (-1: no container). */
  qfi: number;
}

export class N3FastPath {
  private readonly offered = new Map<number, Offered>();
  private readonly now = new Float64Array(USAGE);
  private readonly hosts: Buffer[];

  constructor(
    private readonly table: FastPathWriter,
    private readonly sessions: N4Sessions,
    echoHosts: readonly string[],
    private readonly echoPort: number,
  ) {
    this.hosts = echoHosts.map((h) => addressBytes(h));
  }

  /** `inner` is a UDP datagram (no extension header) to an echo host's echo port. */
  private isUdpEcho(inner: Buffer): boolean {
    if (inner.length < 48 || inner[0] >> 4 !== 6 || inner[6] !== 17 || inner.readUInt16BE(42) !== this.echoPort)
      return false;
    return this.hosts.some((h) => inner.subarray(24, 40).equals(h));
  }

  /**
   * After the main thread handled the uplink G-PDU `inner` (its PDR `up`, from `from` to our
   * `teid` with `qfi`), whose answer went down as `down` said: install the entry if the path holds.
   */
  offer(
    teid: number,
    s: N4Session,
    up: Pdr,
    inner: Buffer,
    from: { address: string; port: number },
    down: DownlinkChoice | undefined,
  ): void {
    // Only after one of the session's UDP echoes went both ways here (not after every packet).
    if (!down || down.s !== s || !this.isUdpEcho(inner)) return;
    if (!this.uplinkCertain(teid, s, up, inner)) return;
    if (!this.downlinkCertain(s, down, inner, from.address)) return;
    for (const h of this.hosts) if (this.sessions.byIpv6Address(h)) return;
    const prefix = Buffer.alloc(16);
    inner.copy(prefix, 0, 8, 16);
    const index = this.table.indexOf(teid);
    // Whoever had this entry before: its usage first.
    const before = this.offered.get(index);
    if (before) this.fold(index, before);
    const seen = new Float64Array(USAGE);
    this.table.usage(index, seen);
    this.offered.set(index, { s, up, down: down.pdr, seen });
    this.table.install(teid, prefixString(prefix), down.far.peer!.teid, from, { ul: up.qfi ?? -1, dl: down.qfi });
  }

  /** The control plane is about to change something: usage into the URRs, every entry void. */
  controlPlaneChanged(): void {
    this.syncUsage();
    this.offered.clear();
    this.table.invalidateAll();
  }

  /** Adds what the worker forwarded since the last call to the sessions' URRs. */
  syncUsage(): void {
    for (const [index, o] of this.offered) this.fold(index, o);
  }

  private fold(index: number, o: Offered): void {
    const d = this.now;
    this.table.usage(index, d);
    const ulPackets = d[0] - o.seen[0];
    const ulOctets = d[1] - o.seen[1];
    const dlPackets = d[2] - o.seen[2];
    const dlOctets = d[3] - o.seen[3];
    o.seen.set(d);
    if (ulPackets === 0 && dlPackets === 0) return;
    for (const id of o.up.urrIds) {
      const u = o.s.urrs.get(id);
      if (!u) continue;
      u.ulPackets += ulPackets;
      u.ulOctets += ulOctets;
    }
    for (const id of o.down.urrIds) {
      const u = o.s.urrs.get(id);
      if (!u) continue;
      u.dlPackets += dlPackets;
      u.dlOctets += dlOctets;
    }
  }

  /** The uplink PDR takes every UDP echo from the UE's /64 with this QFI, and its FAR goes to N6. */
  private uplinkCertain(teid: number, s: N4Session, up: Pdr, inner: Buffer): boolean {
    if (up.source !== INTERFACE.access || up.sdf.length > 0) return false;
    if (up.ueIpv4 !== undefined && up.ueIpv6 === undefined) return false;
    if (up.ueIpv6 !== undefined && (up.ueIpv6Length > 64 || !prefixMatch(inner, 8, up.ueIpv6, up.ueIpv6Length)))
      return false;
    if (this.sessions.byIpv6Address(inner, 8) !== s) return false;
    for (const p of s.pdrs) {
      if (p === up) break;
      if (p.teid !== teid) continue;
      // An earlier PDR of this F-TEID must not take such a packet: another QFI, or SDF filters
      // that all name another protocol than UDP.
      const otherQfi = up.qfi !== undefined && p.qfi !== undefined && p.qfi !== up.qfi;
      const notUdp = p.sdf.length > 0 && p.sdf.every((r) => r.protocol !== undefined && r.protocol !== 17);
      if (!otherQfi && !notUdp) return false;
    }
    const far = up.farId !== undefined ? s.fars.get(up.farId) : undefined;
    // Toward the core without an Outer Header Creation: N6 (with one, N9 to a home UPF: the main thread's).
    return (
      far?.action === 'forw' &&
      far.destination !== INTERFACE.access &&
      far.destination !== INTERFACE['cp-function'] &&
      far.peer === undefined
    );
  }

  /** The answer's way down: the session's first Core PDR, for the whole /64, to the uplink's sender. */
  private downlinkCertain(s: N4Session, down: DownlinkChoice, inner: Buffer, from: string): boolean {
    const first = s.pdrs.find((p) => p.source === INTERFACE.core || p.source === INTERFACE['sgi-lan-n6-lan']);
    const p = down.pdr;
    if (first !== p || p.sdf.length > 0) return false;
    if (p.ueIpv4 !== undefined && p.ueIpv6 === undefined) return false;
    if (p.ueIpv6 !== undefined && (p.ueIpv6Length > 64 || !prefixMatch(inner, 8, p.ueIpv6, p.ueIpv6Length)))
      return false;
    const peer = down.far.peer;
    return peer !== undefined && addressBytes(peer.address).equals(addressBytes(from));
  }
}

function prefixString(b: Buffer): string {
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((b[i] << 8) | b[i + 1]).toString(16));
  return g.join(':');
}
