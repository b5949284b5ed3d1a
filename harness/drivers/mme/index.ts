export {
  MmeS11Driver,
  s11Session,
  type AttachParams,
  type MmeDriverOptions,
  type Outcome,
  type S11Session,
} from './s11-client.ts';
export { Enb } from './enb.ts';
export { S6aClient, describeS6aOutcome, type S6aClientOptions, type S6aOutcome } from './s6a-client.ts';
export { choosePdnType, type PdnTypeChoice, type SubscribedType } from './subscribed-pdn-type.ts';
