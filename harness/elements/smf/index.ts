export { Smf, type SmfOptions } from './smf.ts';
export { SMF_FAULTS, isSmfFault, type SmfFault } from './faults.ts';
export type { N16Record } from './n16-log.ts';
