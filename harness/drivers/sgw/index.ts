export { SgwS5Driver, recoveryOf, type SgwDriverOptions } from './s5-client.ts';
export type { Outcome, ReliabilityTimers } from '../common/gtpv2c-transactions.ts';
