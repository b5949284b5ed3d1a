export { Smf, type SmfOptions } from './smf.ts';
export { SMF_FAULTS, isSmfFault, type SmfFault } from './faults.ts';
