export { PgwCSxDriver, type SxDriverOptions, type SxSessionParams, type Outcome } from './sx-client.ts';
export { GxClient, type GxClientOptions, type GxOutcome, type GxSessionFacts } from './gx-client.ts';
