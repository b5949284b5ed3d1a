import type { PacketRecorder } from '../../net/pcap/index.ts';
import { GtpuEndpoint, type Bearer } from '../common/gtpu-endpoint.ts';
import type { FteidIe } from '../../protocol/gtpv2c/index.ts';
import type { SendLimit } from '../common/rate-limit.ts';

/**
 * An eNodeB's S1-U end (TS 36.300 §4.3; GTP-U per TS 29.281): its own GTP-U endpoint and TEIDs.
 * A scenario may run two (source and target of an X2 handover, TS 23.401 §5.5.1.1.2).
 */
export class Enb {
  readonly gtpu: GtpuEndpoint;
  private nextTeid: number;

  /** `limit`: the ceiling toward a real SGW's S1-U (CLOUD-HARM). */
  constructor(recorder: PacketRecorder, firstTeid = 0x0e000000, limit?: SendLimit) {
    this.gtpu = new GtpuEndpoint(recorder, limit);
    this.nextTeid = firstTeid;
  }

  /**
   * Port 0 in-process, so several eNodeBs and the SGW can share loopback; 2152 toward a real SGW,
   * which sends downlink G-PDUs there (receivePortFor).
   */
  async open(address: string, port = 0): Promise<{ address: string; port: number }> {
    return this.gtpu.open(address, port);
  }

  close(): Promise<void> {
    return this.gtpu.close();
  }

  /** A new downlink TEID of this eNodeB and its S1-U F-TEID as the MME sends it. */
  allocate(): { teid: number; address: string } {
    return { teid: this.nextTeid++, address: this.gtpu.endpoint.address };
  }

  /** The S1-U bearer between our TEID and the SGW's S1-U F-TEID. */
  bearer(localTeid: number, sgw: FteidIe, sgwUserPlanePort: number): Bearer {
    const address =
      (this.gtpu.endpoint.address.includes(':') ? (sgw.ipv6 ?? sgw.ipv4) : (sgw.ipv4 ?? sgw.ipv6)) ?? '::1';
    return this.gtpu.bearer(localTeid, sgw.teid, { address, port: sgwUserPlanePort });
  }
}
