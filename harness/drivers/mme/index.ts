export { MmeS11Driver, s11Session, type AttachParams, type MmeDriverOptions, type Outcome, type S11Session } from './s11-client.ts';
export { Enb } from './enb.ts';
