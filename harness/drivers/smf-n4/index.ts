export { SmfN4Driver, sessionRules, PDR, FAR, type N4SessionParams, type SmfN4Options } from './n4-client.ts';
export { answerRouterSolicitations, type RaAnswerer } from './router-advertisement.ts';
