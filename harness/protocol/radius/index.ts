/** RADIUS with the IPv6 attributes of RFC 3162, RFC 4818 and RFC 6911, over the `radius` package. */
export { requestAuthenticatorValid, responseAuthenticatorValid } from './authenticator.ts';
export {
  encodeRadius,
  decodeRadius,
  RADIUS_AUTH_PORT,
  RADIUS_ACCT_PORT,
  type RadiusAttribute,
  type RadiusPacket,
  type RadiusRequest,
  type RadiusValue,
} from './radius.ts';
export { accountingRecord, type AccountingRecord } from './accounting-record.ts';
