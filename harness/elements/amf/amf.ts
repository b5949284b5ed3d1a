import { randomUUID } from 'node:crypto';
import { SbiClient, SbiServer } from '../../net/sbi/index.ts';
import { type Association, PPID, type SctpServer, sctpListen, type TransportChoice } from '../../net/sctp/index.ts';
import type { Plmn } from '../../protocol/common/plmn.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { encode, type NasMessage } from '../../protocol/nas/index.ts';
import {
  decodeNgap,
  encodeNgap,
  ieValue,
  ngapMessage,
  type NgapMessage,
  type NgapPdu,
} from '../../protocol/ngap/index.ts';
import type { AmfFault } from './faults.ts';
import { onUplinkNas, type MmHost } from './mm.ts';
import {
  onN1N2Transfer,
  onN1Sm,
  onSessionResourcesAnswer,
  releaseSessions,
  type SmHost,
  type SmStatusNotification,
} from './sm-relay.ts';
import type { AmfUe, GnbPeer } from './ue-context.ts';
import { type HomeNetworkKey, type SubscriberKeys, Udm } from './udm.ts';
import { LocalSm } from './sm-local.ts';
import type { ApnConfig } from '../common/apn-config.ts';

/**
 * An AMF stand-in (TS 23.501 §6.2.1) on N2 over our SCTP (TS 38.412; raw IP or RFC 6951 UDP
 * encapsulation): NG Setup (TS 38.413 §8.7.1); registration with 5G AKA (AUSF/UDM folded in, as
 * the HSS stand-in does for 4G), NAS security mode control and Initial Context Setup; PDU
 * sessions relayed to the SMF over N11 (TS 29.502 Create/Update SM Context; the SMF's
 * N1N2MessageTransfer, TS 29.518, comes back to our own Namf server); UE-originating
 * deregistration with UE Context Release; Error Indication for unknown UE NGAP IDs (§10.6).
 */
export interface AmfOptions {
  address: string;
  /** SCTP port: 38412 (TS 38.412 §7). */
  port?: number;
  transport: TransportChoice;
  /** UDP encapsulation port (RFC 6951: 9899); 0 lets the kernel pick one. */
  udpPort?: number;
  name?: string;
  plmn: Plmn;
  /** Tracking areas this AMF serves (NG Setup fails for a gNB with none of them). */
  tacs: readonly number[];
  slices: readonly SNssaiValue[];
  /** GUAMI parts (TS 23.003 §2.10.1): AMF Region ID, AMF Set ID, AMF Pointer. */
  guami?: { regionId: number; setId: number; pointer: number };
  subscribers: Readonly<Record<string, SubscriberKeys>>;
  homeNetworkKeys?: readonly HomeNetworkKey[];
  /** NAS algorithm preference (TS 33.501 §6.7.1): 5G-IA and 5G-EA identities, first preferred. */
  integrity?: readonly number[];
  ciphering?: readonly number[];
  /** The SMF's N11 API root (http://host:port), when the AMF has one. */
  smf?: string;
  /**
   * Without an SMF: the DNNs whose PDU sessions the AMF answers itself (sm-local.ts, for targets
   * without an SMF), and the N3 address put as the UL tunnel (default `address`).
   */
  dnns?: Readonly<Record<string, ApnConfig>>;
  n3Address?: string;
  /**
   * Where the Namf callback server listens, whose URIs the SMF is given (SmContextStatusNotify,
   * N1N2MessageTransfer, TS 29.518 §5.2.2.3): an address the SMF can reach (default `address`).
   */
  namfAddress?: string;
  faults?: readonly AmfFault[];
  onError?: (e: unknown) => void;
}

export interface SNssaiValue {
  sst: number;
  sd?: number;
}

export class Amf implements MmHost, SmHost {
  private server?: SctpServer;
  readonly namf = new SbiServer(
    (req) => onN1N2Transfer(this, req),
    (e) => this.opts.onError?.(e),
  );
  readonly udm: Udm;
  readonly ues = new Map<number, AmfUe>();
  readonly bySupiSession = new Map<string, AmfUe>();
  readonly statusNotifications: SmStatusNotification[] = [];
  readonly nfInstanceId = randomUUID();
  smf?: SbiClient;
  readonly localSm?: LocalSm;
  private nextAmfUeId = 1;
  private nextTmsi = 1;
  endpoint = { address: '', port: 0 };

  constructor(readonly opts: AmfOptions) {
    this.udm = new Udm(opts.subscribers, opts.homeNetworkKeys ?? []);
    if (opts.smf) this.smf = new SbiClient(opts.smf);
    else if (opts.dnns && Object.keys(opts.dnns).length) {
      const n3 = opts.n3Address ?? opts.address;
      this.localSm = new LocalSm(this, opts.dnns, n3.includes(':') ? { ipv6: n3 } : { ipv4: n3 });
    }
  }

  n1Sm(ue: AmfUe, t: Parameters<typeof onN1Sm>[2]): void {
    onN1Sm(this, ue, t);
  }

  releaseSessions(ue: AmfUe): Promise<void> {
    return releaseSessions(this, ue);
  }

  onError(e: unknown): void {
    this.opts.onError?.(e);
  }

  has(f: AmfFault): boolean {
    return this.opts.faults?.includes(f) ?? false;
  }

  get guami() {
    const g = this.opts.guami ?? { regionId: 0xca, setId: 0x3f8, pointer: 1 };
    return { plmnIdentity: this.opts.plmn, amfRegionId: g.regionId, amfSetId: g.setId, amfPointer: g.pointer };
  }

  /** The SCTP port and, over UDP, the encapsulation port the gNB sends to. */
  get udpPort(): number | undefined {
    return this.server?.udpPort;
  }

  async start(): Promise<void> {
    const server = await sctpListen({
      transport: this.opts.transport,
      address: this.opts.address,
      port: this.opts.port ?? 38412,
      ...(this.opts.udpPort !== undefined ? { udpPort: this.opts.udpPort } : {}),
    });
    try {
      await this.namf.listen(this.opts.namfAddress ?? this.opts.address, 0);
    } catch (e) {
      await server.close();
      throw e;
    }
    this.server = server;
    server.on('association', (a) => this.serve(a));
    this.endpoint = { address: this.opts.address, port: server.port };
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.server?.close(), this.namf.close(), this.smf?.close()]);
    this.server = undefined;
    this.ues.clear();
    this.bySupiSession.clear();
  }

  /** The Namf callback URI the SMF notifies and whose API root it sends N1N2MessageTransfer to. */
  statusUri(supi: string, pduSessionId: number): string {
    return `${this.namf.apiRoot}/namf-callback/v1/sm-context-status/${supi}/${pduSessionId}`;
  }

  allocateTmsi(): number {
    const t = this.nextTmsi;
    this.nextTmsi = t >= 0xfffffffe ? 1 : t + 1;
    return t;
  }

  private serve(a: Association): void {
    const gnb: GnbPeer = { association: a, setUp: false };
    a.on('message', (m) => {
      if (m.ppid !== PPID.NGAP || this.has('n2-silent')) return;
      let pdu: NgapPdu;
      try {
        pdu = decodeNgap(m.payload);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        // TS 38.413 §10.2: a transfer syntax error is answered with Error Indication.
        this.send(
          gnb,
          ngapMessage('ErrorIndication', { Cause: { choice: 'protocol', value: 'transfer-syntax-error' } }),
        );
        return;
      }
      try {
        this.receive(gnb, pdu);
      } catch (e) {
        this.opts.onError?.(e);
      }
    });
    a.on('close', () => {
      for (const [id, ue] of this.ues) if (ue.gnb === gnb) this.forget(id);
    });
  }

  send(gnb: GnbPeer, m: NgapMessage, ranUeId?: number): void {
    const n = gnb.association.outboundStreams;
    const stream = ranUeId === undefined || n < 2 ? 0 : 1 + (ranUeId % (n - 1));
    gnb.association.send(stream, PPID.NGAP, encodeNgap(m));
  }

  /** Downlink NAS Transport (TS 38.413 §8.6.2) of a NAS message, protected when a context is in use. */
  sendNas(ue: AmfUe, m: NasMessage, sht: 0 | 1 | 2 | 3 | 4 = 2): void {
    this.send(
      ue.gnb,
      ngapMessage('DownlinkNASTransport', {
        'AMF-UE-NGAP-ID': ue.amfUeId,
        'RAN-UE-NGAP-ID': ue.ranUeId,
        'NAS-PDU': this.nasPdu(ue, m, sht),
      }),
      ue.ranUeId,
    );
  }

  nasPdu(ue: AmfUe, m: NasMessage, sht: 0 | 1 | 2 | 3 | 4 = 2): Buffer {
    return sht === 0 || !ue.security ? encode(m) : ue.security.protect(m, sht);
  }

  /** UE Context Release Command (TS 38.413 §8.3.3) with a NAS cause. */
  releaseContext(ue: AmfUe, cause: 'normal-release' | 'deregister' | 'authentication-failure' | 'unspecified'): void {
    this.send(
      ue.gnb,
      ngapMessage('UEContextReleaseCommand', {
        'UE-NGAP-IDs': { choice: 'ueNgapIdPair', value: { amfUeNgapId: ue.amfUeId, ranUeNgapId: ue.ranUeId } },
        Cause: { choice: 'nas', value: cause },
      }),
      ue.ranUeId,
    );
  }

  forget(amfUeId: number): void {
    const ue = this.ues.get(amfUeId);
    if (!ue) return;
    this.ues.delete(amfUeId);
    if (ue.supi) for (const id of ue.sessions.keys()) this.bySupiSession.delete(`${ue.supi}/${id}`);
  }

  private receive(gnb: GnbPeer, pdu: NgapPdu): void {
    if (pdu.message === 'unknown' || pdu.message === 'pdu-extension') return;
    if (pdu.message === 'NGSetupRequest') return this.ngSetup(gnb, pdu);
    if (pdu.message === 'InitialUEMessage') {
      const ranUeId = ieValue(pdu, 'RAN-UE-NGAP-ID');
      const nas = ieValue(pdu, 'NAS-PDU');
      if (ranUeId === undefined || !nas) return;
      const ue: AmfUe = {
        amfUeId: this.nextAmfUeId++,
        ranUeId,
        gnb,
        state: 'authenticating',
        allowedNssai: [],
        ngKsi: 0,
        authAttempts: 0,
        sessions: new Map(),
      };
      this.ues.set(ue.amfUeId, ue);
      onUplinkNas(this, ue, nas, true);
      return;
    }
    const amfUeId = ieValue(pdu, 'AMF-UE-NGAP-ID');
    const ue = amfUeId === undefined ? undefined : this.ues.get(amfUeId);
    if (amfUeId !== undefined && !ue) {
      // §10.6: a UE-associated message with an unknown AMF UE NGAP ID gets Error Indication.
      if (!this.has('no-error-indication'))
        this.send(
          gnb,
          ngapMessage('ErrorIndication', {
            'AMF-UE-NGAP-ID': amfUeId,
            ...(ieValue(pdu, 'RAN-UE-NGAP-ID') !== undefined
              ? { 'RAN-UE-NGAP-ID': ieValue(pdu, 'RAN-UE-NGAP-ID') }
              : {}),
            Cause: { choice: 'radioNetwork', value: 'unknown-local-UE-NGAP-ID' },
          }),
        );
      return;
    }
    if (!ue) return;
    switch (pdu.message) {
      case 'UplinkNASTransport': {
        const nas = ieValue(pdu, 'NAS-PDU');
        if (nas) onUplinkNas(this, ue, nas, false);
        return;
      }
      case 'InitialContextSetupResponse':
        return;
      case 'InitialContextSetupFailure':
        this.releaseContext(ue, 'unspecified');
        return;
      case 'PDUSessionResourceSetupResponse':
      case 'PDUSessionResourceReleaseResponse':
        onSessionResourcesAnswer(this, ue, pdu);
        return;
      case 'UEContextReleaseRequest':
        this.releaseContext(ue, 'normal-release');
        return;
      case 'UEContextReleaseComplete':
        this.forget(ue.amfUeId);
        return;
      default:
        return;
    }
  }

  /** NG Setup (TS 38.413 §8.7.1): a gNB serving one of our TAs in our PLMN is accepted. */
  private ngSetup(gnb: GnbPeer, m: NgapMessage): void {
    const tas = ieValue(m, 'SupportedTAList') ?? [];
    const ours = tas.some(
      (t) =>
        this.opts.tacs.includes(t.tac) &&
        t.broadcastPlmnList.some(
          (p) => p.plmnIdentity.mcc === this.opts.plmn.mcc && p.plmnIdentity.mnc === this.opts.plmn.mnc,
        ),
    );
    if (!ours || this.has('ng-setup-failure')) {
      this.send(
        gnb,
        ngapMessage('NGSetupFailure', {
          Cause: ours ? { choice: 'misc', value: 'unspecified' } : { choice: 'misc', value: 'unknown-PLMN' },
          TimeToWait: 'v10s',
        }),
      );
      return;
    }
    gnb.setUp = true;
    const name = ieValue(m, 'RANNodeName');
    if (name) gnb.name = name;
    this.send(
      gnb,
      ngapMessage('NGSetupResponse', {
        AMFName: this.opts.name ?? 'v6harness-amf',
        ServedGUAMIList: [{ guami: this.guami }],
        RelativeAMFCapacity: 255,
        PLMNSupportList: [
          {
            plmnIdentity: this.opts.plmn,
            sliceSupportList: this.opts.slices.map((s) => ({
              sNssai: { sst: s.sst, ...(s.sd === undefined ? {} : { sd: s.sd }) },
            })),
          },
        ],
      }),
    );
  }
}
