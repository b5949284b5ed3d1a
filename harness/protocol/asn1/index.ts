/**
 * ITU-T X.691 aligned PER (APER), the transfer syntax of NGAP, S1AP, XnAP and F1AP: a small
 * runtime of codec factories composed by tables, not a compiler. No maintained npm library
 * encodes APER (asn1.js, @peculiar/asn1-schema, asn1js, @ldapjs/asn1 are BER/DER only).
 *
 * - per-cursor.ts: bit-level PerWriter/PerReader over one buffer
 * - whole-number.ts: constrained, semi-constrained, unconstrained, normally small whole numbers;
 *   length determinants with fragmentation (≥16K)
 * - primitives.ts, strings.ts: INTEGER, BOOLEAN, NULL, ENUMERATED; BIT/OCTET STRING, character strings
 * - constructed.ts: SEQUENCE (optional bitmap, extension additions), SEQUENCE OF, CHOICE
 * - open-type.ts: open types (in-place length patching)
 * - ie-container.ts: the 3GPP ProtocolIE-Container / ProtocolExtensionContainer pattern
 */
export * from './codec.ts';
export * from './constructed.ts';
export * from './ie-container.ts';
export * from './open-type.ts';
export * from './per-cursor.ts';
export * from './primitives.ts';
export * from './strings.ts';
export * from './whole-number.ts';
