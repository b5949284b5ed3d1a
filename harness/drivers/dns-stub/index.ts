export { DnsStub, type DnsOutcome, type QueryOptions } from './stub.ts';
