/** The harness as a NAS (the gateway's RADIUS client role, TS 29.061 §16) toward an AAA. */
export { radiusTransaction, type RadiusOutcome, type RadiusSendOptions } from './radius-client.ts';
