import type { Reader, Writer } from '../../common/cursor.ts';

/**
 * Security protected NAS messages (TS 24.301 §9.1 / §9.3.1 for EPS, TS 24.501 §9.1.1 / §9.3 for
 * 5GS): a security header type other than 0 wraps a whole NAS message behind a 4-octet message
 * authentication code and a sequence number. EPS: octet 1 is security header type (bits 8-5)
 * and PD 7 (EMM). 5GS: EPD 0x7E (5GMM), then spare (bits 8-5) and security header type
 * (bits 4-1). Header types 1 and 3 are integrity protected only: the payload is a plain NAS
 * message; 2 and 4 are ciphered as well.
 */
export interface SecurityProtected {
  protocol: 'emm' | '5gmm';
  type: 'security-protected';
  securityHeaderType: number;
  mac: number;
  sequenceNumber: number;
  payload: Buffer;
  /** 5GS octet 2 bits 8-5, kept when not zero. */
  spare?: number;
}

export const PD_EMM = 0x7;
export const EPD_5GMM = 0x7e;

/** Security header types 1 and 3 (TS 24.301 Table 9.3.1, TS 24.501 Table 9.3.1): integrity only. */
export const isCiphered = (securityHeaderType: number): boolean => securityHeaderType !== 1 && securityHeaderType !== 3;

export function readSecurityProtected(r: Reader, protocol: SecurityProtected['protocol']): SecurityProtected {
  r.element = 'security protected NAS message header';
  const first = r.u8();
  let securityHeaderType: number;
  let spare = 0;
  if (protocol === 'emm') securityHeaderType = first >> 4;
  else {
    const o = r.u8();
    securityHeaderType = o & 0x0f;
    spare = o & 0xf0;
  }
  const m: SecurityProtected = {
    protocol,
    type: 'security-protected',
    securityHeaderType,
    mac: r.u32(),
    sequenceNumber: r.u8(),
    payload: r.rest(),
  };
  if (spare) m.spare = spare;
  return m;
}

export function writeSecurityProtected(w: Writer, m: SecurityProtected): void {
  const sht = m.securityHeaderType & 0x0f;
  if (m.protocol === 'emm') w.u8((sht << 4) | PD_EMM);
  else w.u8(EPD_5GMM).u8(((m.spare ?? 0) & 0xf0) | sht);
  w.u32(m.mac, 'message authentication code').u8(m.sequenceNumber, 'sequence number').bytes(m.payload);
}
