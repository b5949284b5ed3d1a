import { RTO_DEFAULTS, type RtoConfig } from './rto.ts';

/**
 * Association parameters (RFC 9260 §16 protocol parameters, §5.1.1 streams) with the RFC's
 * defaults where it gives one.
 */
export interface AssociationOptions {
  /** Outbound streams we ask for (OS); the peer's MIS may lower it. */
  outboundStreams: number;
  /** Maximum inbound streams we accept (MIS). */
  inboundStreams: number;
  /** Receive buffer: the a_rwnd we advertise when nothing is held. */
  receiveBuffer: number;
  rto: RtoConfig;
  /** Association.Max.Retrans. */
  maxRetransmissions: number;
  /** Max.Init.Retransmits (for INIT and COOKIE ECHO). */
  maxInitRetransmits: number;
  /** HB.interval in ms; 0 turns heartbeats off. */
  heartbeatInterval: number;
  /** The delayed SACK timer (§6.2: SHOULD be 200 ms, MUST be below 500 ms). */
  sackDelay: number;
  /** Path MTU in octets (IP packet size); SCTP packets are this less the IP and UDP headers. */
  pathMtu: number;
  /** Valid.Cookie.Life, ms. */
  cookieLifespan: number;
}

export const ASSOCIATION_DEFAULTS: AssociationOptions = {
  outboundStreams: 10,
  inboundStreams: 65535,
  receiveBuffer: 1 << 20,
  rto: RTO_DEFAULTS,
  maxRetransmissions: 10,
  maxInitRetransmits: 8,
  heartbeatInterval: 30_000,
  sackDelay: 200,
  pathMtu: 1500,
  cookieLifespan: 60_000,
};

export function associationOptions(o: Partial<AssociationOptions> = {}): AssociationOptions {
  const r = { ...ASSOCIATION_DEFAULTS, ...o, rto: { ...ASSOCIATION_DEFAULTS.rto, ...o.rto } };
  for (const k of ['outboundStreams', 'inboundStreams'] as const)
    if (!Number.isInteger(r[k]) || r[k] < 1 || r[k] > 65535)
      throw new RangeError(`SCTP ${k} must be 1..65535, not ${r[k]}`);
  if (r.pathMtu < 576) throw new RangeError(`SCTP pathMtu ${r.pathMtu} is below 576`);
  if (r.sackDelay >= 500) throw new RangeError('SCTP sackDelay must be below 500 ms (RFC 9260 §6.2)');
  return r;
}
