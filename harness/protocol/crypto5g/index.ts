/**
 * 5G security, pure functions over node:crypto (no I/O): MILENAGE (TS 35.206), the TS 33.220
 * KDF and the 5G AKA key hierarchy of TS 33.501 Annex A, 128-NEA2/NIA2 and NEA0/NIA0 (Annex
 * D), SUCI concealment with ECIES profiles A and B (Annex C.3), and the NAS security header of
 * TS 24.501 §9.1.1.
 */
export * from './aes.ts';
export * from './aka.ts';
export * from './cmac.ts';
export * from './kdf.ts';
export * from './milenage.ts';
export * from './nas-algorithms.ts';
export * from './nas-protection.ts';
export * from './suci.ts';
