import type { Reader, Writer } from './cursor.ts';
import { EncodeError } from './decode-error.ts';

/**
 * Protocol Configuration Options (TS 24.008 §10.5.6.3), the value carried by GTPv2-C PCO/APCO,
 * GTPv1-C PCO and NAS PCO: one octet (ext bit, configuration protocol), then containers of
 * identifier (2 octets), length (1), contents. Container ids used here (Table 10.5.154):
 * 0x0003 DNS Server IPv6 Address, 0x000D DNS Server IPv4 Address, 0x0010 IPv4 Link MTU; PPP
 * protocols such as IPCP (0x8021) are kept as they are.
 */
export interface PcoContainer {
  id: number;
  contents: Buffer;
}

export interface Pco {
  /** Configuration protocol (0 = PPP for use with IP PDP type or IP PDN type). */
  configurationProtocol: number;
  containers: PcoContainer[];
  /** Octet 3 bits 7-4 (spare, sent as 0), kept when a peer set them. */
  spare?: number;
}

export const PCO_CONTAINER = {
  PCSCF_IPV6: 0x0001,
  DNS_SERVER_IPV6: 0x0003,
  IP_ADDRESS_ALLOCATION_VIA_NAS: 0x000a,
  DNS_SERVER_IPV4: 0x000d,
  IPV4_LINK_MTU: 0x0010,
  IPCP: 0x8021,
} as const;

export function pcoLength(p: Pco): number {
  let n = 1;
  for (const c of p.containers) n += 3 + c.contents.length;
  return n;
}

export function writePco(w: Writer, p: Pco): void {
  if (p.configurationProtocol !== (p.configurationProtocol & 0x07))
    throw new EncodeError(w.protocol, 'PCO configuration protocol', `${p.configurationProtocol} is not 0..7`);
  w.u8(0x80 | ((p.spare ?? 0) & 0x78) | p.configurationProtocol, 'PCO configuration protocol');
  for (const c of p.containers) {
    w.u16(c.id, 'PCO container id');
    w.u8(c.contents.length, 'PCO container length');
    w.bytes(c.contents);
  }
}

/** Reads the whole window of `r` as PCO. */
export function readPco(r: Reader): Pco {
  const first = r.u8();
  if ((first & 0x80) === 0) r.fail('PCO octet 3: extension bit must be 1', r.offset - 1);
  const containers: PcoContainer[] = [];
  while (r.remaining > 0) {
    const id = r.u16();
    const len = r.u8();
    containers.push({ id, contents: r.bytes(len) });
  }
  const pco: Pco = { configurationProtocol: first & 0x07, containers };
  if (first & 0x78) pco.spare = first & 0x78;
  return pco;
}
