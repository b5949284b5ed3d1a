import { createHash } from 'node:crypto';

/**
 * An Accounting-Request signed again after mutation (RFC 2866 §3: Request Authenticator =
 * MD5(Code + Identifier + Length + 16 zero octets + Attributes + Secret), over the octets the
 * Length field declares). Where the header is cut or declares more than there is, it stays as it
 * is: no signature can make it valid.
 */
export function signAccountingRequest(b: Buffer, secret: string): Buffer {
  if (b.length < 20) return b;
  const length = b.readUInt16BE(2);
  if (length < 20 || length > b.length) return b;
  const out = Buffer.from(b);
  out.fill(0, 4, 20);
  createHash('md5').update(out.subarray(0, length)).update(secret).digest().copy(out, 4);
  return out;
}
