export { PgwCSxDriver, type SxDriverOptions, type SxSessionParams, type Outcome } from './sx-client.ts';
export { GxClient, type GxClientOptions, type GxOutcome, type GxSessionFacts } from './gx-client.ts';
export { SXB_U_RULES } from './sx-client.ts';
export { answerRouterSolicitations, PGW_LINK_LOCAL, type RaContent } from './ra-responder.ts';
