import type { Reader, Writer } from './cursor.ts';
import { EncodeError } from './decode-error.ts';

/**
 * Protocol Configuration Options (TS 24.008 §10.5.6.3), the value carried by GTPv2-C PCO/APCO,
 * GTPv1-C PCO and NAS PCO: one octet (ext bit, spare, configuration protocol), then containers of
 * identifier (2 octets), length (1), contents. Container ids used here (Table 10.5.154): 0x0003
 * DNS Server IPv6 Address, 0x000D DNS Server IPv4 Address, 0x0010 IPv4 Link MTU, and the PPP
 * protocols IPCP (0x8021, RFC 1332/1877: see ipcp.ts) and PAP (0xC023, RFC 1334).
 *
 * Real networks are sloppy here (a container whose length runs past the end, a lone octet without
 * the extension bit): such a value is not a reason to drop the whole message. It is kept as the
 * octets received, with what is wrong in `malformed.reason`; the containers before the fault are
 * still read. Checks report it at their level (TS 24.008 §10.5.6.3 is a MUST).
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
  /** A value that could not be read whole: its octets as received (what encode writes back) and why. */
  malformed?: { octets: Buffer; reason: string };
}

export const PCO_CONTAINER = {
  PCSCF_IPV6: 0x0001,
  DNS_SERVER_IPV6: 0x0003,
  IP_ADDRESS_ALLOCATION_VIA_NAS: 0x000a,
  DNS_SERVER_IPV4: 0x000d,
  IPV4_LINK_MTU: 0x0010,
  /** RFC 1334 Password Authentication Protocol. */
  PAP: 0xc023,
  /** RFC 1332 IP Control Protocol (with the RFC 1877 DNS options). */
  IPCP: 0x8021,
} as const;

export function pcoLength(p: Pco): number {
  if (p.malformed) return p.malformed.octets.length;
  let n = 1;
  for (const c of p.containers) n += 3 + c.contents.length;
  return n;
}

export function writePco(w: Writer, p: Pco): void {
  if (p.malformed) {
    w.bytes(p.malformed.octets);
    return;
  }
  if (p.configurationProtocol !== (p.configurationProtocol & 0x07))
    throw new EncodeError(w.protocol, 'PCO configuration protocol', `${p.configurationProtocol} is not 0..7`);
  w.u8(0x80 | ((p.spare ?? 0) & 0x78) | p.configurationProtocol, 'PCO configuration protocol');
  for (const c of p.containers) {
    w.u16(c.id, 'PCO container id');
    w.u8(c.contents.length, 'PCO container length');
    w.bytes(c.contents);
  }
}

/** Reads the whole window of `r` as PCO; a malformed value is kept (see `Pco.malformed`), never thrown. */
export function readPco(r: Reader): Pco {
  const start = r.offset;
  const end = r.end;
  const keep = (pco: Pco, reason: string): Pco => {
    r.offset = start;
    pco.malformed = { octets: r.bytes(end - start), reason };
    return pco;
  };
  if (r.remaining === 0) return keep({ configurationProtocol: 0, containers: [] }, 'empty (octet 3 is mandatory)');
  const first = r.u8();
  const pco: Pco = { configurationProtocol: first & 0x07, containers: [] };
  if (first & 0x78) pco.spare = first & 0x78;
  if ((first & 0x80) === 0) return keep(pco, `octet 3 is 0x${hex(first)}: its extension bit must be 1`);
  while (r.remaining > 0) {
    if (r.remaining < 3)
      return keep(pco, `${r.remaining} octet(s) after the last container, too few for a container header`);
    const id = r.u16();
    const len = r.u8();
    if (len > r.remaining)
      return keep(
        pco,
        `container 0x${hex(id, 4)} says ${len} octets but ${r.remaining} are left (offset ${r.offset - start - 3})`,
      );
    pco.containers.push({ id, contents: r.bytes(len) });
  }
  return pco;
}

function hex(v: number, digits = 2): string {
  return v.toString(16).toUpperCase().padStart(digits, '0');
}
