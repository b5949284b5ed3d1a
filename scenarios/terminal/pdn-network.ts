import type { EsmAnswer, PdnFamily } from '../../harness/drivers/mme/esm-cause.ts';

/**
 * The network side of a terminal scenario over either access (access.ts): what the UE model
 * (harness/drivers/ue/pdn-fallback.ts) talks to. Each request is one PDN connectivity request
 * (EPS, TS 24.301 §6.5.1) or PDU session establishment (5GS, TS 24.501 §6.4.1), and records the
 * network-side check of the answer against the declared APN/DNN policy; the answer is what the UE
 * sees (ESM or 5GSM cause). `useIpv6` puts the IPv6-capable connection the UE holds to use as a
 * terminal would (RS, SLAAC with the interface identifier from NAS, echo to the probe host) and
 * says what happened and, when it failed, which element it failed at.
 */
export interface PdnNetwork {
  /** "PDN connection" or "PDU session", for the terminal checks' names. */
  readonly connection: 'PDN connection' | 'PDU session';
  request(requested: PdnFamily): Promise<EsmAnswer>;
  /** The UE tears down the connection it opened last. */
  releaseLast(): Promise<void>;
  useIpv6(probe: string | undefined): Promise<{ observed: string; element: string }>;
  /** Releases every connection still held (over 5GS, then deregisters). */
  close(): Promise<void>;
}

/** What a conforming UE ends with, in the words of the UE model's transcript. */
export const IPV6_USED = 'echo reply over IPv6';
