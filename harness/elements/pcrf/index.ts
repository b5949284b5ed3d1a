export { PCRF_DEFAULT_REALM, Pcrf, type GxRecord, type PcrfOptions } from './pcrf.ts';
export { PCRF_FAULTS, isPcrfFault, type PcrfFault } from './faults.ts';
export { decide, decisionFor } from './policy.ts';
