/**
 * gNB + UE driver on N2/N3 (TS 38.413 NGAP over userspace SCTP, TS 24.501 NAS, TS 29.281 GTP-U
 * with the TS 38.415 PDU Session Container): NG Setup, many UEs per gNB, registration with SUCI
 * and 5G AKA, NAS security, PDU sessions of type IPv4, IPv6 and IPv4v6 with their N3 tunnels as
 * bearers for the UE model (drivers/ue), release and deregistration.
 */
export { Gnb, type GnbOptions } from './gnb.ts';
export { N2Link, type N2Peer } from './n2-link.ts';
export { Ue5g, DEFAULT_CAPABILITY, type UeProfile } from './ue.ts';
export { suciOf, type SuciProtection } from './suci.ts';
export { establishPduSession, releasePduSession, sessionBearer, type PduSessionRequest } from './pdu-session.ts';
export type { DownlinkSeen } from './n3-sessions.ts';
export * from './outcomes.ts';
