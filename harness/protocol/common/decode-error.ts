/**
 * The one error type every decoder throws. It names the protocol, the element being decoded
 * (message, IE, header field) and the byte offset, so a malformed packet from a DUT can be
 * reported precisely and never surfaces as a RangeError or TypeError.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly protocol: string,
    /** What was being decoded: a message name, an IE name, a header field. */
    readonly element: string,
    /** Byte offset (from the start of the decoded buffer) where the problem was found. */
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${protocol}: ${element} at offset ${offset}: ${reason}`);
  }
}

/** Thrown by encoders for values that cannot be put on the wire (out of range, wrong length). */
export class EncodeError extends Error {
  override readonly name = 'EncodeError';
  constructor(
    readonly protocol: string,
    readonly element: string,
    readonly reason: string,
  ) {
    super(`${protocol}: cannot encode ${element}: ${reason}`);
  }
}
