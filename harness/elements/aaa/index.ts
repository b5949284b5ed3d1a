export { AaaStandin, AAA_FAULTS, isAaaFault, requestAuthenticatorValid, type AaaFault, type AaaConfig, type AccountingRecord } from './aaa.ts';
