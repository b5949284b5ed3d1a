import type { Cause } from '../../protocol/ngap/index.ts';
import type { N3Tunnel, Slice } from './outcomes.ts';

/**
 * What reaches a UE's NAS procedures from its gNB: NAS-PDUs with the NGAP message that carried
 * them, and what the gNB did for the UE on N2 meanwhile (context set up, PDU session resources
 * set up or released, context released, an Error Indication), in arrival order.
 */
export type UeEvent =
  | { kind: 'nas'; via: string; octets: Buffer }
  | { kind: 'context-setup'; securityKey: Buffer; allowedNssai: Slice[]; carriedNas: boolean }
  | { kind: 'session-resources'; pduSessionId: number; tunnel?: N3Tunnel; failure?: string }
  | { kind: 'session-resources-released'; pduSessionId: number }
  | { kind: 'context-released'; cause?: Cause }
  | { kind: 'error-indication'; cause?: Cause };
