/** Diameter base protocol (RFC 6733) and the S6a application (TS 29.272): codec and framing. */
export {
  avp,
  avpGroup,
  avpNumber,
  avpOctets,
  avpText,
  avpsLength,
  findAllAvps,
  findAvp,
  readAvps,
  writeAvps,
  type Avp,
  type AvpData,
} from './avp.ts';
export {
  APPLICATION,
  AVPS,
  COMMANDS,
  EXPERIMENTAL_RESULT,
  NO_STATE_MAINTAINED,
  PDN_TYPE,
  RAT_TYPE_EUTRAN,
  RESULT,
  VENDOR_3GPP,
  avpByCode,
  avpByName,
  commandName,
  pdnTypeName,
  type AvpDefinition,
  type AvpName,
  type CommandName,
  type SubscribedPdnType,
} from './dictionary.ts';
export {
  DIAMETER_HEADER,
  DIAMETER_PORT,
  decodeDiameter,
  describeMessage,
  encodeDiameter,
  encodingLength,
  type DiameterMessage,
} from './message.ts';
export { DiameterDeframer } from './stream.ts';
export { resultOf, type DiameterResult } from './result.ts';
export { plmnOctets, plmnFromOctets } from './plmn-id.ts';
export { capabilitiesExchange, deviceWatchdog, disconnectPeer, type Ids, type PeerIdentity } from './base.ts';
export {
  ULR_FLAGS,
  readSubscription,
  readUpdateLocationRequest,
  subscriptionData,
  updateLocationAnswer,
  updateLocationRequest,
  type ApnConfiguration,
  type Subscription,
  type UlaOutcome,
  type UlrFields,
  type UpdateLocationRequest,
} from './s6a.ts';
