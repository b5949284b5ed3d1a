import * as gtpu from '../../protocol/gtpu/index.ts';
import type { Pdr } from './rules.ts';
import type { N4Session } from './sessions.ts';

const HEADROOM = 16;
/** TS 38.415 §5.5.2.2: PDU Type 1, UL PDU SESSION INFORMATION. */
const UL_PDU_SESSION_INFORMATION = 1;

/**
 * The UPF's N9 uplink (TS 23.501 §5.6.4, home-routed roaming: the V-UPF relays toward the H-UPF):
 * a FAR toward Core with an Outer Header Creation sends the packet as a G-PDU to that F-TEID with
 * the PDU Session Container of an uplink (TS 29.281 §5.2.2.7, TS 38.415 §5.5.2.2) carrying the
 * QFI of the PDR's QER. The N9 downlink needs no code of its own: a Core PDR with a local F-TEID
 * is detected like an access one and its FAR forwards to access.
 */
export class N9Uplink {
  packets = 0;

  constructor(
    private readonly send: (data: Buffer, to: { address: string; port: number }) => void,
    /** The GTP-U port of another UPF (in-process labs: chosen at run time); undefined: 2152. */
    readonly portOf: (address: string) => number | undefined = () => undefined,
  ) {}

  forward(s: N4Session, pdr: Pdr, peer: { teid: number; address: string }, inner: Buffer): void {
    let qfi = pdr.qfi ?? -1;
    for (const id of pdr.qerIds) {
      const q = s.qers.get(id)?.qfi;
      if (q !== undefined) qfi = q;
    }
    const buf = Buffer.allocUnsafe(HEADROOM + inner.length);
    inner.copy(buf, HEADROOM);
    const start =
      qfi >= 0
        ? gtpu.writeGpduHeaderWithQfi(buf, HEADROOM, peer.teid, inner.length, UL_PDU_SESSION_INFORMATION, qfi)
        : gtpu.writeGpduHeader(buf, HEADROOM, peer.teid, inner.length);
    this.packets++;
    this.send(buf.subarray(start), { address: peer.address, port: this.portOf(peer.address) ?? gtpu.GTPU_PORT });
  }
}
