export { SgwS5Driver, recoveryOf, type SgwDriverOptions, type CreateSessionParams } from './s5-client.ts';
export type { Outcome, ReliabilityTimers } from '../common/gtpv2c-transactions.ts';
