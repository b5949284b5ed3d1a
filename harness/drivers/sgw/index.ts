export { SgwS5Driver, recoveryOf, type SgwDriverOptions, type CreateSessionParams, type Outcome } from './s5-client.ts';
export type { ReliabilityTimers } from '../common/gtp-transactions.ts';
