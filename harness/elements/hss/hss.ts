import {
  APPLICATION,
  COMMANDS,
  RESULT,
  readUpdateLocationRequest,
  updateLocationAnswer,
  type DiameterMessage,
  type PeerIdentity,
} from '../../protocol/diameter/index.ts';
import { commandUnsupported, DiameterServer } from '../common/diameter-server.ts';
import type { HssFault } from './faults.ts';
import { updateLocation, type SubscriberRecord } from './subscriber-data.ts';

/**
 * An HSS stand-in on S6a (TS 29.272) over Diameter on TCP: the base protocol (capabilities exchange,
 * watchdog, disconnect) is common/diameter-server.ts; each Update Location Request gets the answer of
 * subscriber-data.ts (TS 29.272 §5.2.1.1.3).
 */
export interface HssOptions {
  address: string;
  port?: number;
  realm?: string;
  /** The home PLMN as MCC-MNC. */
  homePlmn?: string;
  subscribers: Readonly<Record<string, SubscriberRecord>>;
  faults?: readonly HssFault[];
  onError?: (e: unknown) => void;
}

export class Hss {
  private readonly identity: PeerIdentity;
  private readonly server: DiameterServer;

  constructor(private readonly opts: HssOptions) {
    const realm = opts.realm ?? 'epc.mnc001.mcc001.3gppnetwork.org';
    this.identity = {
      originHost: `hss.${realm}`,
      originRealm: realm,
      hostIpAddresses: [opts.address],
      productName: 'v6harness HSS stand-in',
      originStateId: 1,
    };
    this.server = new DiameterServer({
      address: opts.address,
      port: opts.port,
      identity: this.identity,
      application: APPLICATION.S6A,
      ceaWithoutOriginHost: this.has('cea-without-origin-host'),
      onError: opts.onError,
      onRequest: (m) => {
        if (m.commandCode !== COMMANDS['Update-Location']) return commandUnsupported(m, this.identity);
        return this.has('silent') ? undefined : this.updateLocationAnswer(m);
      },
    });
  }

  get endpoint(): { address: string; port: number } {
    return this.server.endpoint;
  }

  start(): Promise<void> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private has(f: HssFault): boolean {
    return this.opts.faults?.includes(f) ?? false;
  }

  private updateLocationAnswer(req: DiameterMessage): DiameterMessage {
    const u = readUpdateLocationRequest(req);
    if (!u.imsi || !u.visitedPlmn)
      return updateLocationAnswer(req, this.identity, { kind: 'result-code', code: RESULT.DIAMETER_MISSING_AVP });
    return updateLocationAnswer(
      req,
      this.identity,
      updateLocation(
        this.opts.subscribers,
        this.opts.homePlmn ?? '001-01',
        u.imsi,
        u.visitedPlmn,
        this.opts.faults ?? [],
      ),
    );
  }
}
