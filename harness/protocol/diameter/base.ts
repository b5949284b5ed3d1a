import { avp, type Avp } from './avp.ts';
import { APPLICATION, COMMANDS, VENDOR_3GPP } from './dictionary.ts';
import type { DiameterMessage } from './message.ts';

/**
 * Base-protocol messages between two peers (RFC 6733 §5): Capabilities-Exchange (§5.3.1-2),
 * Device-Watchdog (§5.5.1-2), Disconnect-Peer (§5.4.1-2). Neither is proxiable (P clear) and
 * all use Application-ID 0.
 */
export interface PeerIdentity {
  originHost: string;
  originRealm: string;
  /** Host-IP-Address (§5.3.5): at least one in CER/CEA. */
  hostIpAddresses: string[];
  productName: string;
  originStateId?: number;
}

export interface Ids {
  hopByHop: number;
  endToEnd: number;
}

const origin = (p: PeerIdentity): Avp[] => [avp('Origin-Host', p.originHost), avp('Origin-Realm', p.originRealm)];

/**
 * §5.3.1 CER (and §5.3.2 CEA with `resultCode`): the 3GPP applications advertised vendor-specifically
 * (§6.11; S6a by default, TS 29.272 §7.1.8; Gx, TS 29.212 §5.1).
 */
export function capabilitiesExchange(
  p: PeerIdentity,
  ids: Ids,
  resultCode?: number,
  applications: readonly number[] = [APPLICATION.S6A],
): DiameterMessage {
  return {
    commandCode: COMMANDS['Capabilities-Exchange'],
    request: resultCode === undefined,
    proxiable: false,
    applicationId: APPLICATION.BASE,
    ...ids,
    avps: [
      ...(resultCode !== undefined ? [avp('Result-Code', resultCode)] : []),
      ...origin(p),
      ...p.hostIpAddresses.map((a) => avp('Host-IP-Address', a)),
      avp('Vendor-Id', VENDOR_3GPP),
      avp('Product-Name', p.productName),
      ...(p.originStateId !== undefined ? [avp('Origin-State-Id', p.originStateId)] : []),
      avp('Supported-Vendor-Id', VENDOR_3GPP),
      ...applications.map((id) =>
        avp('Vendor-Specific-Application-Id', [avp('Vendor-Id', VENDOR_3GPP), avp('Auth-Application-Id', id)]),
      ),
    ],
  };
}

/** §5.5.1 DWR, §5.5.2 DWA (with `resultCode`). */
export function deviceWatchdog(p: PeerIdentity, ids: Ids, resultCode?: number): DiameterMessage {
  return {
    commandCode: COMMANDS['Device-Watchdog'],
    request: resultCode === undefined,
    proxiable: false,
    applicationId: APPLICATION.BASE,
    ...ids,
    avps: [
      ...(resultCode !== undefined ? [avp('Result-Code', resultCode)] : []),
      ...origin(p),
      ...(p.originStateId !== undefined ? [avp('Origin-State-Id', p.originStateId)] : []),
    ],
  };
}

/** §5.4.1 DPR (Disconnect-Cause 0 REBOOTING, 1 BUSY, 2 DO_NOT_WANT_TO_TALK_TO_YOU), §5.4.2 DPA. */
export function disconnectPeer(p: PeerIdentity, ids: Ids, answer?: { resultCode: number }, cause = 2): DiameterMessage {
  return {
    commandCode: COMMANDS['Disconnect-Peer'],
    request: answer === undefined,
    proxiable: false,
    applicationId: APPLICATION.BASE,
    ...ids,
    avps: answer
      ? [avp('Result-Code', answer.resultCode), ...origin(p)]
      : [...origin(p), avp('Disconnect-Cause', cause)],
  };
}
