export { Amf, type AmfOptions } from './amf.ts';
export type { SmStatusNotification } from './sm-relay.ts';
export { AMF_FAULTS, isAmfFault, type AmfFault } from './faults.ts';
export type { HomeNetworkKey, SubscriberKeys } from './udm.ts';
