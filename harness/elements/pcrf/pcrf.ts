import {
  APPLICATION,
  COMMANDS,
  RESULT,
  avp,
  creditControlAnswer,
  findAvp,
  readCreditControlRequest,
  type CcaOutcome,
  type DiameterMessage,
  type GxRecord,
  type PeerIdentity,
} from '../../protocol/diameter/index.ts';
import type { GxPolicyDeclaration } from '../../lab/target.ts';
import { commandUnsupported, DiameterServer } from '../common/diameter-server.ts';
import type { PcrfFault } from './faults.ts';
import { decide } from './policy.ts';

export type { GxRecord };

/**
 * A PCRF stand-in on Gx (TS 29.212) over Diameter on TCP: the base protocol (capabilities exchange,
 * watchdog, disconnect) is common/diameter-server.ts; each Credit-Control Request (§5.6.2) gets the
 * decision of policy.ts. Every CCR is recorded with what the PCEF said about the
 * session (UE addresses, RAT and IP-CAN type, APN, user location) for scenarios to check.
 */
export interface PcrfOptions {
  address: string;
  port?: number;
  realm?: string;
  policy?: GxPolicyDeclaration;
  faults?: readonly PcrfFault[];
  onError?: (e: unknown) => void;
  /** Called with each record as it is made (the container writes them where the lab reads them). */
  onRecord?: (r: GxRecord) => void;
}

/** The realm (and so the identity, pcrf.<realm>) of a PCRF whose target entry names none. */
export const PCRF_DEFAULT_REALM = 'epc.mnc001.mcc001.3gppnetwork.org';

export class Pcrf {
  private readonly identity: PeerIdentity;
  private readonly server: DiameterServer;
  private readonly sessions = new Set<string>();
  readonly records: GxRecord[] = [];

  constructor(private readonly opts: PcrfOptions) {
    const realm = opts.realm ?? PCRF_DEFAULT_REALM;
    this.identity = {
      originHost: `pcrf.${realm}`,
      originRealm: realm,
      hostIpAddresses: [opts.address],
      productName: 'v6harness PCRF stand-in',
      originStateId: 1,
    };
    this.server = new DiameterServer({
      address: opts.address,
      port: opts.port,
      identity: this.identity,
      application: APPLICATION.GX,
      ceaWithoutOriginHost: this.has('cea-without-origin-host'),
      ignoreWatchdog: this.has('ignore-watchdog'),
      onError: opts.onError,
      onRequest: (m, peer) => {
        if (m.commandCode !== COMMANDS['Credit-Control']) return commandUnsupported(m, this.identity);
        return this.has('silent') ? undefined : this.creditControl(m, peer);
      },
    });
  }

  get originHost(): string {
    return this.identity.originHost;
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

  private has(f: PcrfFault): boolean {
    return this.opts.faults?.includes(f) ?? false;
  }

  /** TS 29.212 §5.6.2-3: the CCR's required AVPs, then the policy decision. */
  private creditControl(req: DiameterMessage, peer: string): DiameterMessage {
    const ccr = readCreditControlRequest(req);
    const missing = (
      [
        'Session-Id',
        'Origin-Host',
        'Origin-Realm',
        'Destination-Realm',
        'CC-Request-Type',
        'CC-Request-Number',
      ] as const
    ).find((n) => !findAvp(req.avps, n));
    const sid = ccr.sessionId ?? '';
    const outcome: CcaOutcome = missing
      ? { kind: 'result-code', code: RESULT.DIAMETER_MISSING_AVP }
      : decide(ccr, this.opts.policy, this.sessions.has(sid), this.opts.faults ?? []);
    if (outcome.kind === 'success' && ccr.requestType === 'initial') this.sessions.add(sid);
    if (ccr.requestType === 'termination') this.sessions.delete(sid);
    const cca = creditControlAnswer(req, this.identity, outcome);
    if (missing) cca.avps.push(failedAvp(missing));
    if (this.has('cca-without-result-code'))
      cca.avps = cca.avps.filter((a) => a.name !== 'Result-Code' && a.name !== 'Experimental-Result');
    const { userLocation, ...rest } = ccr;
    const record: GxRecord = {
      at: Date.now(),
      peer,
      ccr: {
        ...rest,
        ...(userLocation
          ? {
              userLocation: {
                type: userLocation.type,
                hex: userLocation.raw.toString('hex'),
                ...(userLocation.tai ? { tai: userLocation.tai } : {}),
                ...(userLocation.ecgi ? { ecgi: userLocation.ecgi } : {}),
              },
            }
          : {}),
      },
      answer: {
        kind: outcome.kind,
        ...(outcome.kind !== 'success' ? { code: outcome.code } : {}),
        ...(outcome.kind === 'success' && outcome.policy?.defaultBearerQos
          ? { qci: outcome.policy.defaultBearerQos.qci }
          : {}),
      },
    };
    this.records.push(record);
    this.opts.onRecord?.(record);
    return cca;
  }
}

/** RFC 6733 §7.5 Failed-AVP: the missing AVP with a zero-filled value of its type. */
function failedAvp(
  name: 'Session-Id' | 'Origin-Host' | 'Origin-Realm' | 'Destination-Realm' | 'CC-Request-Type' | 'CC-Request-Number',
) {
  const numeric = name === 'CC-Request-Type' || name === 'CC-Request-Number';
  return avp('Failed-AVP', [avp(name, numeric ? 0 : '')]);
}
