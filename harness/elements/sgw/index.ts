export { Sgw, type SgwConfig } from './sgw.ts';
export { SGW_FAULTS, isSgwFault, type SgwFault } from './faults.ts';
