export {
  AaaStandin,
  AAA_FAULTS,
  isAaaFault,
  requestAuthenticatorValid,
  type AaaFault,
  type AaaConfig,
} from './aaa.ts';
