import type { Codec } from '../ie-format.ts';

/**
 * Values kept as octets (IEs the harness carries but does not interpret: EAP message, NBIFOM
 * container, header compression configuration ...) and plain unsigned integers (causes, one- and
 * two-octet fields that use every bit).
 */
export const octets = (name: string): Codec<Buffer> => ({
  name,
  encode: (v, w) => void w.bytes(v),
  decode: (r) => r.rest(),
  encodingLength: (v) => v.length,
});

export const uint8 = (name: string): Codec<number> => ({
  name,
  encode: (v, w) => void w.u8(v, name),
  decode: (r) => r.u8(),
  encodingLength: () => 1,
});

export const uint16 = (name: string): Codec<number> => ({
  name,
  encode: (v, w) => void w.u16(v, name),
  decode: (r) => r.u16(),
  encodingLength: () => 2,
});
