import { createHash } from 'node:crypto';

/**
 * RFC 2866 §3 Request Authenticator of an Accounting-Request:
 * MD5(Code + Identifier + Length + 16 zero octets + Attributes + Secret).
 */
export function requestAuthenticatorValid(msg: Buffer, secret: string): boolean {
  const length = msg.length >= 20 ? msg.readUInt16BE(2) : 0;
  if (length < 20 || length > msg.length) return false;
  const copy = Buffer.from(msg.subarray(0, length));
  copy.fill(0, 4, 20);
  return createHash('md5').update(copy).update(secret).digest().equals(msg.subarray(4, 20));
}

/**
 * RFC 2865 §3 / RFC 2866 §3 Response Authenticator of any response:
 * MD5(Code + Identifier + Length + the request's authenticator + Attributes + Secret).
 */
export function responseAuthenticatorValid(msg: Buffer, requestAuthenticator: Buffer, secret: string): boolean {
  const length = msg.length >= 20 ? msg.readUInt16BE(2) : 0;
  if (length < 20 || length > msg.length) return false;
  return createHash('md5')
    .update(msg.subarray(0, 4))
    .update(requestAuthenticator)
    .update(msg.subarray(20, length))
    .update(secret)
    .digest()
    .equals(msg.subarray(4, 20));
}
