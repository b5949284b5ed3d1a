import type { Reader, Writer } from '../../common/cursor.ts';
import type { MessageOf } from '../common/message-def.ts';
import { messageSet } from '../common/message-set.ts';
import { EPD_5GMM } from '../common/security-protected.ts';
import type { Mm5gIe } from './mm-ies.ts';
import { MM5G_MESSAGES } from './mm-messages.ts';

/**
 * 5GS mobility management, plain messages (TS 24.501 §8.2, §9.1.1): extended protocol
 * discriminator 0x7E, spare half octet and security header type 0, message type. Security
 * protected 5GMM messages (security header type 1-4) are framed by common/security-protected.ts.
 */
export interface Mm5gHeader {
  /** Octet 2 bits 8-5 of a plain message, kept when not zero. */
  spare?: number;
}

export type Mm5gMessage = MessageOf<(typeof MM5G_MESSAGES)[number], '5gmm', Mm5gHeader, Mm5gIe>;

export const mm5g = messageSet<Mm5gMessage, Mm5gHeader>(
  '5gmm',
  '5GMM',
  {
    read(r: Reader) {
      const epd = r.u8();
      if (epd !== EPD_5GMM)
        r.fail(`extended protocol discriminator 0x${epd.toString(16)} is not 5GMM (0x7e)`, r.offset - 1);
      const o = r.u8();
      if (o & 0x0f) r.fail(`security header type ${o & 0x0f} in a plain 5GMM message`, r.offset - 1);
      return o ? { spare: o >> 4 } : {};
    },
    write(w: Writer, h) {
      w.u8(EPD_5GMM).u8(((h.spare ?? 0) & 0x0f) << 4);
    },
  },
  MM5G_MESSAGES,
);

/** Message type names → octets (TS 24.501 §9.7 Table 9.7.1). */
export const MM5G_MESSAGE_TYPES: Readonly<Record<Mm5gMessage['type'], number>> = Object.fromEntries(
  mm5g.types,
) as Record<Mm5gMessage['type'], number>;

/** TS 24.501 §9.11.3.2 5GMM causes the harness names. */
export const MM5G_CAUSE_NAMES: Readonly<Record<number, string>> = {
  3: 'Illegal UE',
  5: 'PEI not accepted',
  6: 'Illegal ME',
  7: '5GS services not allowed',
  9: 'UE identity cannot be derived by the network',
  10: 'Implicitly de-registered',
  11: 'PLMN not allowed',
  12: 'Tracking area not allowed',
  13: 'Roaming not allowed in this tracking area',
  15: 'No suitable cells in tracking area',
  20: 'MAC failure',
  21: 'Synch failure',
  22: 'Congestion',
  23: 'UE security capabilities mismatch',
  24: 'Security mode rejected, unspecified',
  26: 'Non-5G authentication unacceptable',
  27: 'N1 mode not allowed',
  28: 'Restricted service area',
  62: 'No network slices available',
  65: 'Maximum number of PDU sessions reached',
  67: 'Insufficient resources for specific slice and DNN',
  69: 'Insufficient resources for specific slice',
  71: 'ngKSI already in use',
  90: 'Payload was not forwarded',
  91: 'DNN not supported or not subscribed in the slice',
  92: 'Insufficient user-plane resources for the PDU session',
  95: 'Semantically incorrect message',
  96: 'Invalid mandatory information',
  97: 'Message type non-existent or not implemented',
  98: 'Message type not compatible with the protocol state',
  99: 'Information element non-existent or not implemented',
  100: 'Conditional IE error',
  101: 'Message not compatible with the protocol state',
  111: 'Protocol error, unspecified',
};
