import { noteIdentity } from '../common/identities.ts';
import { APPLICATION, creditControlRequest, type CreditControlRequest } from '../../protocol/diameter/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { DiameterClient, type DiameterOutcome } from '../common/diameter-client.ts';
import type { Endpoint } from '../common/udp-peer.ts';

/**
 * The PCEF side of Gx (TS 29.212 §4.5.1, §4.5.2, §4.5.7), as a PGW-C plays it toward a PCRF over
 * Diameter on TCP: the IP-CAN session's CCR-I with the UE's addresses, RAT and IP-CAN type, APN and
 * user location; CCR-U and CCR-T on the same Session-Id with increasing CC-Request-Number (RFC 4006
 * §8.2). The answers come back with what the PCRF authorized (readCreditControlAnswer).
 */
export interface GxClientOptions {
  pcrf: Endpoint;
  recorder: PacketRecorder;
  /** The PCRF's realm (Destination-Realm); ours is the same by default. */
  realm?: string;
  answerTimeoutMs?: number;
}

export type GxOutcome = DiameterOutcome;
export type GxSessionFacts = Omit<
  CreditControlRequest,
  'sessionId' | 'originHost' | 'originRealm' | 'destinationRealm' | 'requestType' | 'requestNumber'
>;

export class GxClient {
  private readonly client: DiameterClient;
  private readonly numbers = new Map<string, number>();

  constructor(opts: GxClientOptions) {
    this.client = new DiameterClient({
      server: opts.pcrf,
      serverName: 'the PCRF',
      recorder: opts.recorder,
      host: 'pcef',
      realm: opts.realm ?? 'epc.mnc001.mcc001.3gppnetwork.org',
      productName: 'v6harness PCEF',
      applications: [APPLICATION.GX],
      answerTimeoutMs: opts.answerTimeoutMs,
    });
  }

  open(signal?: AbortSignal): Promise<GxOutcome> {
    return this.client.open(signal);
  }

  /** §4.5.1 CCR-I; returns the new Session-Id with the answer. */
  async initial(facts: GxSessionFacts, signal?: AbortSignal): Promise<{ sessionId: string; outcome: GxOutcome }> {
    noteIdentity('imsi', facts.imsi);
    const sessionId = this.client.newSessionId();
    this.numbers.set(sessionId, 0);
    return { sessionId, outcome: await this.send(sessionId, 'initial', facts, signal) };
  }

  /** §4.5.2 CCR-U of a session. */
  update(sessionId: string, facts: GxSessionFacts = {}, signal?: AbortSignal): Promise<GxOutcome> {
    return this.send(sessionId, 'update', facts, signal);
  }

  /** §4.5.7 CCR-T: the IP-CAN session ends. */
  terminate(sessionId: string, signal?: AbortSignal): Promise<GxOutcome> {
    return this.send(sessionId, 'termination', {}, signal);
  }

  private send(
    sessionId: string,
    requestType: CreditControlRequest['requestType'],
    facts: GxSessionFacts,
    signal?: AbortSignal,
  ): Promise<GxOutcome> {
    const id = this.client.identity!;
    const n = this.numbers.get(sessionId) ?? 0;
    this.numbers.set(sessionId, n + 1);
    return this.client.request(
      (ids) =>
        creditControlRequest(
          {
            ...facts,
            sessionId,
            originHost: id.originHost,
            originRealm: id.originRealm,
            destinationRealm: this.client.realm,
            requestType,
            requestNumber: n,
          },
          ids,
        ),
      signal,
    );
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
