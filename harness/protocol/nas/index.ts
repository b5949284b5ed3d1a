/**
 * NAS (TS 24.007 framing; EPS ESM per TS 24.301, 5GS 5GSM per TS 24.501), table-driven.
 *
 * Layout:
 * - common/      what every NAS protocol shares: IE formats (ie-format.ts: type 1/2/3/4/6), message
 *                definitions (message-def.ts), the one reader/writer of message bodies (body.ts),
 *                message sets (message-set.ts: header + table message type → definition), security
 *                protected messages (security-protected.ts), IEs of TS 24.008 and shared ones (ies/:
 *                APN/DNN, PCO/ePCO, GPRS timers, TFT and packet filters, octets).
 * - eps/         EPS: ESM message definitions (esm-messages.ts), the ESM set (esm.ts), ESM IEs (ies/).
 * - 5gs/         5GS: 5GSM message definitions (sm-messages.ts), the 5GSM set (sm.ts), 5GMM message
 *                definitions (mm-messages.ts, IE map mm-ies.ts), the 5GMM set (mm.ts), 5GS IEs (ies/).
 * - message.ts   decode/encode of any NAS message: protocol discriminator / EPD → message set.
 *
 * Where things go:
 * - A new IE: one codec (a `Codec<T>` in the protocol's ies/ folder, or common/ies/ when TS 24.008
 *   or both EPS and 5GS use it), its name and value type in that protocol's IE map
 *   (eps/ies/index.ts `EsmIeValues`, 5gs/ies/index.ts `Sm5gIeValues`), and one row
 *   `o(IEI, 'name', format)` in each message definition that carries it.
 * - A new message: one `message(type, 'name', [mandatory IEs], [optional IEs])` row in the
 *   protocol's *-messages.ts, copied from the spec's message table (§8.x), in the table's order.
 * - A new protocol (5GMM, EMM): a header codec and a definitions file beside the others
 *   (5gs/mm.ts + 5gs/mm-messages.ts for 5GMM), its IE map, and one row in message.ts's `BY_EPD`
 *   or `BY_PD`; its type joins the `NasMessage` union there. Security protected 5GMM/EMM
 *   messages are already framed by common/security-protected.ts (decodeInner reads the plain
 *   message inside).
 */
export { decode, decodeFrom, decodeInner, encode, encodeInto, encodingLength, type NasMessage } from './message.ts';
export { esm, ESM_CAUSE_NAMES, ESM_MESSAGE_TYPES, PD_ESM, type EsmHeader, type EsmMessage } from './eps/esm.ts';
export { protect5gs, unprotect5gs } from './5gs/security.ts';
export { NasSecurity5g } from './5gs/security-context.ts';
export { mm5g, MM5G_CAUSE_NAMES, MM5G_MESSAGE_TYPES, type Mm5gHeader, type Mm5gMessage } from './5gs/mm.ts';
export type { Mm5gIe, Mm5gIeValues } from './5gs/mm-ies.ts';
export { MM5G_MESSAGES, PAYLOAD_CONTAINER_TYPE, REGISTRATION_TYPE, REQUEST_TYPE } from './5gs/mm-messages.ts';
export { mobileIdentity5gs, suciNullScheme, type MobileIdentity5gs } from './5gs/ies/mobile-identity.ts';
export { algorithmBit, type UeSecurityCapability } from './5gs/ies/security-capability.ts';
export { sm5g, SM5G_CAUSE_NAMES, SM5G_MESSAGE_TYPES, EPD_5GSM, type Sm5gHeader, type Sm5gMessage } from './5gs/sm.ts';
export type { EsmIe, EsmIeValues, EpsQos, PdnAddress } from './eps/ies/index.ts';
export { epsQosRateKbps } from './eps/ies/index.ts';
export type {
  IntegrityProtectionMaximumDataRate,
  PduAddress,
  QosFlowDescription,
  QosFlowParameter,
  QosRule,
  QosRulePacketFilter,
  SessionAmbr,
  SNssai,
  Sm5gIe,
  Sm5gIeValues,
} from './5gs/ies/index.ts';
export { ambrKbps, QOS_FLOW_PARAMETER } from './5gs/ies/index.ts';
export { dnnName, type Dnn } from './common/ies/apn.ts';
export { gprsTimer3Seconds, gprsTimerSeconds, type GprsTimer } from './common/ies/gprs-timer.ts';
export {
  PACKET_FILTER_COMPONENTS,
  type PacketFilterComponent,
  type PacketFilterContents,
} from './common/ies/packet-filter.ts';
export type { Tft, TftPacketFilter, TftParameter } from './common/ies/tft.ts';
export type { Pco } from './common/ies/pco.ts';
export type { InvalidIe, UnknownHalfIe, UnknownIe } from './common/message-def.ts';
export { EPD_5GMM, isCiphered, PD_EMM, type SecurityProtected } from './common/security-protected.ts';
export { findIe } from './common/find-ie.ts';
