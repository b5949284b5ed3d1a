export { Ggsn, type GgsnConfig } from './ggsn.ts';
export { GGSN_FAULTS, isGgsnFault, type GgsnFault } from './faults.ts';
