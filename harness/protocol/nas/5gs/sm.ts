import type { Reader, Writer } from '../../common/cursor.ts';
import type { MessageOf } from '../common/message-def.ts';
import { messageSet } from '../common/message-set.ts';
import type { Sm5gIe } from './ies/index.ts';
import { SM5G_MESSAGES } from './sm-messages.ts';

/**
 * 5GS session management (TS 24.501 §8.3, §9.2): extended protocol discriminator 0x2E, PDU
 * session identity, procedure transaction identity, message type.
 */
export const EPD_5GSM = 0x2e;

export interface Sm5gHeader {
  pduSessionId: number;
  pti: number;
}

export type Sm5gMessage = MessageOf<(typeof SM5G_MESSAGES)[number], '5gsm', Sm5gHeader, Sm5gIe>;

export const sm5g = messageSet<Sm5gMessage, Sm5gHeader>(
  '5gsm',
  '5GSM',
  {
    read(r: Reader) {
      const epd = r.u8();
      if (epd !== EPD_5GSM)
        r.fail(`extended protocol discriminator 0x${epd.toString(16)} is not 5GSM (0x2e)`, r.offset - 1);
      return { pduSessionId: r.u8(), pti: r.u8() };
    },
    write(w: Writer, h) {
      w.u8(EPD_5GSM).u8(h.pduSessionId, 'PDU session ID').u8(h.pti, 'PTI');
    },
  },
  SM5G_MESSAGES,
);

/** Message type names → octets (TS 24.501 §9.7 Table 9.7.2). */
export const SM5G_MESSAGE_TYPES: Readonly<Record<Sm5gMessage['type'], number>> = Object.fromEntries(
  sm5g.types,
) as Record<Sm5gMessage['type'], number>;

/** TS 24.501 §9.11.4.2 5GSM causes the harness names. */
export const SM5G_CAUSE_NAMES: Readonly<Record<number, string>> = {
  8: 'Operator determined barring',
  26: 'Insufficient resources',
  27: 'Missing or unknown DNN',
  28: 'Unknown PDU session type',
  29: 'User authentication or authorization failed',
  31: 'Request rejected, unspecified',
  32: 'Service option not supported',
  33: 'Requested service option not subscribed',
  35: 'PTI already in use',
  36: 'Regular deactivation',
  38: 'Network failure',
  39: 'Reactivation requested',
  41: 'Semantic error in the TFT operation',
  42: 'Syntactical error in the TFT operation',
  43: 'Invalid PDU session identity',
  44: 'Semantic errors in packet filter(s)',
  45: 'Syntactical error in packet filter(s)',
  46: 'Out of LADN service area',
  47: 'PTI mismatch',
  50: 'PDU session type IPv4 only allowed',
  51: 'PDU session type IPv6 only allowed',
  54: 'PDU session does not exist',
  57: 'PDU session type IPv4v6 only allowed',
  58: 'PDU session type Unstructured only allowed',
  59: 'Unsupported 5QI value',
  61: 'PDU session type Ethernet only allowed',
  67: 'Insufficient resources for specific slice and DNN',
  68: 'Not supported SSC mode',
  69: 'Insufficient resources for specific slice',
  70: 'Missing or unknown DNN in a slice',
  81: 'Invalid PTI value',
  82: 'Maximum data rate per UE for user-plane integrity protection is too low',
  83: 'Semantic error in the QoS operation',
  84: 'Syntactical error in the QoS operation',
  85: 'Invalid mapped EPS bearer identity',
  95: 'Semantically incorrect message',
  96: 'Invalid mandatory information',
  97: 'Message type non-existent or not implemented',
  98: 'Message type not compatible with the protocol state',
  99: 'Information element non-existent or not implemented',
  100: 'Conditional IE error',
  101: 'Message not compatible with the protocol state',
  111: 'Protocol error, unspecified',
};
