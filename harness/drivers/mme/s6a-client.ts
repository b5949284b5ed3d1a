import { noteIdentity } from '../common/identities.ts';
import type { Plmn } from '../../protocol/common/plmn.ts';
import {
  APPLICATION,
  readSubscription,
  updateLocationRequest,
  type DiameterMessage,
  type DiameterResult,
  type Subscription,
} from '../../protocol/diameter/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { DiameterClient, describeDiameterOutcome, type DiameterOutcome } from '../common/diameter-client.ts';
import type { Endpoint } from '../common/udp-peer.ts';

/**
 * The MME side of S6a (TS 29.272 §5.2.1.1) over Diameter on TCP (RFC 6733 §2.1): connects,
 * exchanges capabilities advertising S6a (§5.3), answers the HSS's Device-Watchdog (§5.5), sends
 * Update Location Requests with the Visited-PLMN-Id, and disconnects with DPR (§5.4). Every
 * message is recorded in the scenario's pcap as IPv6/TCP to the HSS's port.
 */
export interface S6aClientOptions {
  hss: Endpoint;
  recorder: PacketRecorder;
  /** The HSS's realm (Destination-Realm); the MME's own realm is the same by default. */
  realm?: string;
  /** How long an answer may take (the Diameter Tx timer, RFC 6733 §5.5.3 leaves it to the peer). */
  answerTimeoutMs?: number;
}

export type S6aOutcome =
  | { kind: 'answer'; message: DiameterMessage; result: DiameterResult; subscription?: Subscription; rttMs: number }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'closed'; reason: string };

export const describeS6aOutcome: (o: S6aOutcome) => string = describeDiameterOutcome;

const withSubscription = (o: DiameterOutcome): S6aOutcome =>
  o.kind === 'answer' ? { ...o, subscription: readSubscription(o.message.avps) } : o;

export class S6aClient {
  private readonly client: DiameterClient;

  constructor(opts: S6aClientOptions) {
    this.client = new DiameterClient({
      server: opts.hss,
      serverName: 'the HSS',
      recorder: opts.recorder,
      host: 'mme',
      realm: opts.realm ?? 'epc.mnc001.mcc001.3gppnetwork.org',
      productName: 'v6harness MME',
      applications: [APPLICATION.S6A],
      answerTimeoutMs: opts.answerTimeoutMs,
    });
  }

  /** Connects and exchanges capabilities; returns the CEA's outcome. */
  async open(signal?: AbortSignal): Promise<S6aOutcome> {
    return withSubscription(await this.client.open(signal));
  }

  /** TS 29.272 §5.2.1.1.2: ULR for an initial attach in `visitedPlmn` (the home PLMN when not roaming). */
  async updateLocation(imsi: string, visitedPlmn: Plmn, signal?: AbortSignal): Promise<S6aOutcome> {
    noteIdentity('imsi', imsi);
    const id = this.client.identity!;
    const sessionId = this.client.newSessionId();
    const o = await this.client.request(
      (ids) =>
        updateLocationRequest(
          {
            sessionId,
            originHost: id.originHost,
            originRealm: id.originRealm,
            destinationRealm: this.client.realm,
            imsi,
            visitedPlmn,
          },
          ids,
        ),
      signal,
    );
    return withSubscription(o);
  }

  /** RFC 6733 §5.4: DPR, then the connection closes whatever the answer. */
  close(): Promise<void> {
    return this.client.close();
  }
}
