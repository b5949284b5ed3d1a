import type { Reader, Writer } from '../../common/cursor.ts';
import type { MessageOf } from '../common/message-def.ts';
import { messageSet } from '../common/message-set.ts';
import { ESM_MESSAGES } from './esm-messages.ts';
import type { EsmIe } from './ies/index.ts';

/**
 * EPS session management (TS 24.301 §8.3, §9.3): octet 1 is the EPS bearer identity (bits 8-5)
 * and protocol discriminator 2 (bits 4-1), octet 2 the procedure transaction identity, octet 3
 * the message type.
 */
export const PD_ESM = 0x2;

export interface EsmHeader {
  epsBearerIdentity: number;
  pti: number;
}

export type EsmMessage = MessageOf<(typeof ESM_MESSAGES)[number], 'esm', EsmHeader, EsmIe>;

export const esm = messageSet<EsmMessage, EsmHeader>(
  'esm',
  'ESM',
  {
    read(r: Reader) {
      const o = r.u8();
      if ((o & 0x0f) !== PD_ESM) r.fail(`protocol discriminator ${o & 0x0f} is not ESM (2)`, r.offset - 1);
      return { epsBearerIdentity: o >> 4, pti: r.u8() };
    },
    write(w: Writer, h) {
      w.u8(((h.epsBearerIdentity & 0x0f) << 4) | PD_ESM, 'EPS bearer identity').u8(h.pti, 'PTI');
    },
  },
  ESM_MESSAGES,
);

/** Message type names → octets (TS 24.301 §9.8 Table 9.8.2). */
export const ESM_MESSAGE_TYPES: Readonly<Record<EsmMessage['type'], number>> = Object.fromEntries(esm.types) as Record<
  EsmMessage['type'],
  number
>;

/** TS 24.301 §9.9.4.4 ESM causes the harness names. */
export const ESM_CAUSE_NAMES: Readonly<Record<number, string>> = {
  8: 'Operator Determined Barring',
  26: 'Insufficient resources',
  27: 'Missing or unknown APN',
  28: 'Unknown PDN type',
  29: 'User authentication or authorization failed',
  30: 'Request rejected by Serving GW or PDN GW',
  31: 'Request rejected, unspecified',
  32: 'Service option not supported',
  33: 'Requested service option not subscribed',
  34: 'Service option temporarily out of order',
  35: 'PTI already in use',
  36: 'Regular deactivation',
  37: 'EPS QoS not accepted',
  38: 'Network failure',
  39: 'Reactivation requested',
  41: 'Semantic error in the TFT operation',
  42: 'Syntactical error in the TFT operation',
  43: 'Invalid EPS bearer identity',
  44: 'Semantic errors in packet filter(s)',
  45: 'Syntactical errors in packet filter(s)',
  47: 'PTI mismatch',
  49: 'Last PDN disconnection not allowed',
  50: 'PDN type IPv4 only allowed',
  51: 'PDN type IPv6 only allowed',
  52: 'Single address bearers only allowed',
  53: 'ESM information not received',
  54: 'PDN connection does not exist',
  55: 'Multiple PDN connections for a given APN not allowed',
  56: 'Collision with network initiated request',
  57: 'PDN type IPv4v6 only allowed',
  58: 'PDN type non IP only allowed',
  59: 'Unsupported QCI value',
  60: 'Bearer handling not supported',
  61: 'PDN type Ethernet only allowed',
  65: 'Maximum number of EPS bearers reached',
  66: 'Requested APN not supported in current RAT and PLMN combination',
  81: 'Invalid PTI value',
  95: 'Semantically incorrect message',
  96: 'Invalid mandatory information',
  97: 'Message type non-existent or not implemented',
  98: 'Message type not compatible with the protocol state',
  99: 'Information element non-existent or not implemented',
  100: 'Conditional IE error',
  101: 'Message not compatible with the protocol state',
  111: 'Protocol error, unspecified',
  112: 'APN restriction value incompatible with active EPS bearer context',
  113: 'Multiple accesses to a PDN connection not allowed',
};
