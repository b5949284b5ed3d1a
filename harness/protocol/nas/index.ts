/** NAS session management: EPS ESM (TS 24.301) and 5GSM (TS 24.501) subsets. */
export {
  encode,
  decode,
  encodingLength,
  ESM_MESSAGE_TYPES,
  SM5G_MESSAGE_TYPES,
  ESM_CAUSE_NAMES,
  type NasMessage,
} from './messages.ts';
export type { NasIe, PduAddress } from './ies.ts';
