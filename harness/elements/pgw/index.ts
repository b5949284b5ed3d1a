export { Pgw, type PgwConfig } from './pgw.ts';
export { PGW_FAULTS, isPgwFault, type PgwFault } from './faults.ts';
