export {
  AaaStandin,
  AAA_FAULTS,
  isAaaFault,
  requestAuthenticatorValid,
  accountingRecord,
  type AaaFault,
  type AaaConfig,
  type AccountingRecord,
} from './aaa.ts';
