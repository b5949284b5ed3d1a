import type { PacketRecorder } from '../../net/pcap/index.ts';
import type { Plmn } from '../../protocol/common/plmn.ts';
import {
  globalGnbId,
  ieValue,
  ngapMessage,
  type NgapMessage,
  type NgapPdu,
  nrUserLocation,
} from '../../protocol/ngap/index.ts';
import type { SendLimit } from '../common/rate-limit.ts';
import { GtpuEndpoint } from '../common/gtpu-endpoint.ts';
import { N2Link, type N2Peer } from './n2-link.ts';
import { N3Sessions } from './n3-sessions.ts';
import type { NgSetupOutcome, Slice } from './outcomes.ts';
import { answerAmf } from './ran-procedures.ts';
import { Ue5g, type UeProfile } from './ue.ts';

/**
 * A gNB on N2 and N3 (TS 38.300 §4, TS 38.413, TS 29.281): NG Setup, then many UEs, each with its
 * RAN UE NGAP ID, whose NAS it carries in Initial UE Message, Uplink and Downlink NAS Transport
 * (§8.6). It answers the AMF's UE-associated requests as a gNB does once the radio side has done
 * its part: Initial Context Setup (§8.3.1), PDU Session Resource Setup and Release (§8.2.1,
 * §8.2.2) with its own N3 GTP-U tunnels, UE Context Release (§8.3.3).
 */
export interface GnbOptions {
  amf: N2Peer;
  plmn: Plmn;
  tac: number;
  /** gNB ID (TS 38.413 §9.3.1.6, 22..32 bits): the high bits of its NR cell identities. */
  gnbId: number;
  gnbIdBits?: number;
  /** The cell the UEs camp on: NR Cell Identity (36 bits) low bits under the gNB ID. */
  cell?: number;
  name?: string;
  /** S-NSSAIs the TA supports (NG Setup Supported TA List, §9.2.6.1). */
  slices: readonly Slice[];
  /** The N3 GTP-U address of this gNB, and port (0 in-process: several endpoints share loopback). */
  n3Address: string;
  n3Port?: number;
  /** The UDP port of a UPF's N3 GTP-U: 2152 (TS 29.281 §4.4.2) unless the lab ran it elsewhere. */
  upfPort?: (address: string) => number;
  recorder: PacketRecorder;
  userPlaneLimit?: SendLimit;
  /** Keep each UE's NGAP and NAS transcript for checks (off for loads). */
  transcripts?: boolean;
}

export class Gnb {
  private n2?: N2Link;
  readonly n3: GtpuEndpoint;
  readonly sessions: N3Sessions;
  private readonly ues = new Map<number, Ue5g>();
  private nextRanUeId = 1;
  private setupWaiter?: (pdu: NgapMessage) => void;
  /** Non-UE-associated messages the AMF sent besides the NG Setup answer (Error Indication, NG Reset ...). */
  readonly nonUeMessages: NgapMessage[] = [];
  /** UE-associated messages for no UE of ours (unknown RAN UE NGAP ID). */
  readonly strayMessages: NgapMessage[] = [];
  /** NGAP-PDUs of procedures this codec does not name. */
  unknownProcedures = 0;
  private closed = false;

  constructor(readonly options: GnbOptions) {
    this.n3 = new GtpuEndpoint(options.recorder, options.userPlaneLimit);
    this.sessions = new N3Sessions(this.n3, options.upfPort ?? (() => 2152));
  }

  get link(): N2Link {
    if (!this.n2) throw new Error('the gNB has no N2 association');
    return this.n2;
  }

  /** The NR CGI cell identity (36 bits): gNB ID then the cell's local part. */
  get nrCellIdentity(): number {
    const bits = this.options.gnbIdBits ?? 32;
    return this.options.gnbId * 2 ** (36 - bits) + (this.options.cell ?? 1);
  }

  userLocation() {
    return nrUserLocation(this.options.plmn, this.nrCellIdentity, this.options.tac);
  }

  /**
   * Sets up the SCTP association and N3 endpoint and runs NG Setup (TS 38.413 §8.7.1): resolves
   * with the AMF's answer, or with why there is none.
   */
  async open(timeoutMs = 5000, signal?: AbortSignal): Promise<NgSetupOutcome> {
    await this.n3.open(this.options.n3Address, this.options.n3Port ?? 2152);
    try {
      this.n2 = await N2Link.connect(this.options.amf, this.options.recorder);
    } catch (e) {
      return { kind: 'no-association', reason: e instanceof Error ? e.message : String(e) };
    }
    this.n2.onPdu((pdu) => this.receive(pdu));
    const answer = new Promise<NgapMessage | undefined>((resolve) => {
      const t = setTimeout(() => resolve(undefined), timeoutMs);
      const stop = () => {
        clearTimeout(t);
        resolve(undefined);
      };
      signal?.addEventListener('abort', stop, { once: true });
      this.setupWaiter = (m) => {
        clearTimeout(t);
        signal?.removeEventListener('abort', stop);
        resolve(m);
      };
    });
    const o = this.options;
    this.n2.send(
      ngapMessage('NGSetupRequest', {
        GlobalRANNodeID: globalGnbId(o.plmn, o.gnbId, o.gnbIdBits ?? 32),
        RANNodeName: o.name ?? 'v6harness-gnb',
        SupportedTAList: [
          {
            tac: o.tac,
            broadcastPlmnList: [
              {
                plmnIdentity: o.plmn,
                taiSliceSupportList: o.slices.map((s) => ({
                  sNssai: { sst: s.sst, ...(s.sd === undefined ? {} : { sd: s.sd }) },
                })),
              },
            ],
          },
        ],
        DefaultPagingDRX: 'v128',
      }),
    );
    const m = await answer;
    this.setupWaiter = undefined;
    if (!m)
      return {
        kind: 'timeout',
        reason: this.n2.closed ? `the association closed (${this.n2.closed.reason})` : 'no answer',
      };
    if (m.message === 'NGSetupResponse') return { kind: 'accepted', message: m };
    return { kind: 'rejected', message: m, cause: ieValue(m, 'Cause') };
  }

  /** Ends N2 (SCTP SHUTDOWN, ABORT after 2 s) and closes the N3 socket. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.n2?.close(), this.n3.close()]);
  }

  /** A new UE camping on this gNB's cell, with its own RAN UE NGAP ID (§9.3.3.2). */
  ue(profile: UeProfile): Ue5g {
    const id = this.nextRanUeId;
    this.nextRanUeId = this.nextRanUeId >= 0xfffffffe ? 1 : this.nextRanUeId + 1;
    const ue = new Ue5g(this, id, profile, this.options.transcripts ?? false);
    this.ues.set(id, ue);
    return ue;
  }

  /** Forgets a UE (its context was released, or the procedure gave up). */
  forget(ue: Ue5g): void {
    this.ues.delete(ue.ranUeId);
    this.sessions.releaseAll(ue);
  }

  get ueCount(): number {
    return this.ues.size;
  }

  /** A UE Context Release Command may name the AMF UE NGAP ID alone (§9.3.3.22). */
  private byAmfUeId(m: NgapMessage): number | undefined {
    const pair = ieValue(m, 'UE-NGAP-IDs');
    if (pair?.choice !== 'amfUeNgapId') return undefined;
    for (const ue of this.ues.values()) if (ue.amfUeId === pair.value) return ue.ranUeId;
    return undefined;
  }

  private receive(pdu: NgapPdu): void {
    if (this.closed) return;
    if (pdu.message === 'unknown' || pdu.message === 'pdu-extension') {
      this.unknownProcedures++;
      return;
    }
    if (pdu.message === 'NGSetupResponse' || pdu.message === 'NGSetupFailure') {
      this.setupWaiter?.(pdu);
      return;
    }
    const ranUeId = ranUeIdOf(pdu) ?? this.byAmfUeId(pdu);
    if (ranUeId === undefined) {
      this.nonUeMessages.push(pdu);
      return;
    }
    const ue = this.ues.get(ranUeId);
    if (!ue) {
      this.strayMessages.push(pdu);
      return;
    }
    answerAmf(this, ue, pdu);
  }
}

/** The RAN UE NGAP ID a UE-associated message names (UE Context Release Command: in the pair, §9.3.3.22). */
function ranUeIdOf(m: NgapMessage): number | undefined {
  const id = ieValue(m, 'RAN-UE-NGAP-ID');
  if (id !== undefined) return id;
  const pair = ieValue(m, 'UE-NGAP-IDs');
  return pair?.choice === 'ueNgapIdPair' ? pair.value.ranUeNgapId : undefined;
}
