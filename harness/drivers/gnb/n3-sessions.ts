import type { TransportLayerAddress } from '../../protocol/ngap/index.ts';
import type { Bearer, GtpuEndpoint } from '../common/gtpu-endpoint.ts';
import type { N3Tunnel } from './outcomes.ts';

/** Counts of downlink G-PDUs on one PDU session's tunnel, for the N3 checks (TS 38.415 §5.5.2.1). */
export interface DownlinkSeen {
  packets: number;
  /** G-PDUs without a PDU Session Container. */
  withoutContainer: number;
  /** G-PDUs whose QFI is not a QoS flow of the session. */
  otherQfi: number;
}

/**
 * The gNB's N3 tunnels (TS 38.413 §9.3.4.1-2, TS 29.281): per UE and PDU session, the UPF's UL
 * tunnel from the setup request transfer and the gNB's own DL TEID. Keyed by RAN UE NGAP ID and
 * PDU session ID in one number; a bearer is made only when the UE uses the session's user plane.
 */
export class N3Sessions {
  private readonly tunnels = new Map<number, N3Tunnel>();
  private readonly seen = new Map<number, DownlinkSeen>();
  private nextTeid = 0x5000_0001;

  constructor(
    private readonly n3: GtpuEndpoint,
    private readonly upfPort: (address: string) => number,
  ) {}

  /** UPF N3 addresses seen (a few UPFs): a held tunnel points at one of these, not at an object of its own. */
  private readonly upfs = new Map<string, TransportLayerAddress>();

  private shared(upf: TransportLayerAddress): TransportLayerAddress {
    const k = `${upf.ipv4 ?? ''}/${upf.ipv6 ?? ''}`;
    const known = this.upfs.get(k);
    if (known) return known;
    if (this.upfs.size < 1024) this.upfs.set(k, upf);
    return upf;
  }

  private static key(ranUeId: number, pduSessionId: number): number {
    return ranUeId * 256 + pduSessionId;
  }

  /** Our end of N3 as a TransportLayerAddress (TS 38.414 §5.1). */
  localAddress(): TransportLayerAddress {
    const a = this.n3.endpoint.address;
    return a.includes(':') ? { ipv6: a } : { ipv4: a };
  }

  /**
   * Sets up the tunnel of one PDU session toward the UPF's UL F-TEID: the UPF address of our own
   * N3 family (a 160-bit address offers both), a fresh DL TEID. A string says why it cannot be.
   */
  setup(
    ranUeId: number,
    pduSessionId: number,
    upf: TransportLayerAddress,
    ulTeid: number,
    qfis: number[],
    n2Type?: string,
  ): N3Tunnel | string {
    const v6 = this.n3.endpoint.address.includes(':');
    if (v6 ? !upf.ipv6 : !upf.ipv4)
      return `the UPF's N3 address (${upf.ipv4 ?? ''}${upf.ipv4 && upf.ipv6 ? '/' : ''}${upf.ipv6 ?? ''}) has no IPv${v6 ? 6 : 4} address for this gNB's IPv${v6 ? 6 : 4} N3`;
    const dlTeid = this.nextTeid;
    this.nextTeid = this.nextTeid >= 0xfffffff0 ? 0x5000_0001 : this.nextTeid + 1;
    const t: N3Tunnel = { upf: this.shared(upf), ulTeid, dlTeid, qfis, ...(n2Type ? { n2Type } : {}) };
    const key = N3Sessions.key(ranUeId, pduSessionId);
    const old = this.tunnels.get(key);
    if (old) this.n3.release(old.dlTeid);
    this.tunnels.set(key, t);
    return t;
  }

  get(ranUeId: number, pduSessionId: number): N3Tunnel | undefined {
    return this.tunnels.get(N3Sessions.key(ranUeId, pduSessionId));
  }

  release(ranUeId: number, pduSessionId: number): boolean {
    const key = N3Sessions.key(ranUeId, pduSessionId);
    const t = this.tunnels.get(key);
    if (!t) return false;
    this.n3.release(t.dlTeid);
    this.tunnels.delete(key);
    this.seen.delete(key);
    return true;
  }

  releaseAll(ue: { ranUeId: number; pduSessionIds: readonly number[] }): void {
    for (const id of ue.pduSessionIds) this.release(ue.ranUeId, id);
  }

  /**
   * The user plane of one PDU session as a bearer for the UE's IP hosts: uplink G-PDUs carry the
   * PDU Session Container with the session's QFI (TS 38.415 §5.5.2.2); downlink ones are counted
   * by what their container says.
   */
  bearer(ranUeId: number, pduSessionId: number): { bearer: Bearer; downlink: DownlinkSeen } | undefined {
    const key = N3Sessions.key(ranUeId, pduSessionId);
    const t = this.tunnels.get(key);
    if (!t) return undefined;
    const address = this.n3.endpoint.address.includes(':') ? t.upf.ipv6! : t.upf.ipv4!;
    const inner = this.n3.bearer(t.dlTeid, t.ulTeid, { address, port: this.upfPort(address) }, { qfi: t.qfis[0] ?? 1 });
    const downlink: DownlinkSeen = { packets: 0, withoutContainer: 0, otherQfi: 0 };
    this.seen.set(key, downlink);
    const bearer: Bearer = {
      send: (p) => inner.send(p),
      onPacket: (listener) =>
        inner.onPacket((packet, qfi) => {
          downlink.packets++;
          if (qfi < 0) downlink.withoutContainer++;
          else if (!t.qfis.includes(qfi)) downlink.otherQfi++;
          listener(packet, qfi);
        }),
    };
    return { bearer, downlink };
  }
}
