export { PgwCSxDriver, type SxDriverOptions, type SxSessionParams, type Outcome } from './sx-client.ts';
