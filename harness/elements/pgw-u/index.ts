export { PgwU, type PgwUConfig } from './pgw-u.ts';
export { PGW_U_FAULTS, isPgwUFault, type PgwUFault } from './faults.ts';
