import { Reader, Writer } from '../../common/cursor.ts';
import { formatIpv6, parseIpv4Into, parseIpv6Into } from '../../common/ip-bytes.ts';
import { type Plmn, readPlmn, writePlmn } from '../../common/plmn.ts';
import {
  type BitString,
  bitString,
  bitStringNumber,
  integer,
  knownMultiplierString,
  octetString,
  octetsNumber,
  optional,
  type PerCodec,
  protocolExtensionContainer,
} from '../../asn1/index.ts';

/** iE-Extensions ProtocolExtensionContainer {...} OPTIONAL, the last component of most NGAP SEQUENCEs. */
export const ieExtensions = optional(protocolExtensionContainer);

/** PLMNIdentity ::= OCTET STRING (SIZE(3)) (TS 38.413 §9.3.3.5), digits as in TS 24.008 §10.5.1.13. */
export const plmnIdentity: PerCodec<Plmn> = {
  name: 'PLMNIdentity',
  encode(w, v) {
    const cw = Writer.alloc(3, 'NGAP');
    writePlmn(cw, v);
    w.align();
    w.octets(cw.buf);
  },
  decode(r) {
    r.align();
    return readPlmn(Reader.of(r.octets(3), 'NGAP'));
  },
};

/** TAC ::= OCTET STRING (SIZE(3)) (§9.3.3.10), as a number. */
export const tac = octetsNumber('TAC', 3);
/** GTP-TEID ::= OCTET STRING (SIZE(4)) (§9.3.2.5), as a number. */
export const gtpTeid = octetsNumber('GTP-TEID', 4);
/** AMF-UE-NGAP-ID ::= INTEGER (0..1099511627775) (§9.3.3.1). */
export const amfUeNgapId = integer('AMF-UE-NGAP-ID', 0, 2 ** 40 - 1);
/** RAN-UE-NGAP-ID ::= INTEGER (0..4294967295) (§9.3.3.2). */
export const ranUeNgapId = integer('RAN-UE-NGAP-ID', 0, 2 ** 32 - 1);
/** PDUSessionID ::= INTEGER (0..255) (§9.3.1.50). */
export const pduSessionId = integer('PDUSessionID', 0, 255);
/** NAS-PDU ::= OCTET STRING (§9.3.3.4). */
export const nasPdu = octetString('NAS-PDU');
/** AMFName / RANNodeName ::= PrintableString (SIZE(1..150, ...)) (§9.3.3.21, §9.3.1.4). */
export const amfName = knownMultiplierString('AMFName', { lb: 1, ub: 150, ext: true });
export const ranNodeName = knownMultiplierString('RANNodeName', { lb: 1, ub: 150, ext: true });
/** AMFRegionID, AMFSetID, AMFPointer ::= BIT STRING (SIZE(8 | 10 | 6)) (§9.3.3.12-14). */
export const amfRegionId = bitStringNumber('AMFRegionID', 8);
export const amfSetId = bitStringNumber('AMFSetID', 10);
export const amfPointer = bitStringNumber('AMFPointer', 6);
/** BitRate ::= INTEGER (0..4000000000000, ...) (§9.3.1.4), bit/s. */
export const bitRate = integer('BitRate', 0, 4_000_000_000_000, true);
/** An OCTET STRING (CONTAINING ...) transfer, kept as octets: decode it with its own codec (transfers.ts). */
export const transfer = (name: string) => octetString(name);

/** A variable-size BIT STRING of at most 32 bits (gNB ID) as its value and its length in bits. */
export interface SizedBits {
  value: number;
  bits: number;
}

export function sizedBits(name: string, lb: number, ub: number): PerCodec<SizedBits> {
  const bs = bitString(name, { lb, ub });
  return {
    name,
    encode(w, v) {
      if (!Number.isInteger(v.value) || v.value < 0 || v.value >= 2 ** v.bits)
        w.fail(name, `${v.value} is not a ${v.bits}-bit value`);
      const data = Buffer.alloc(4);
      data.writeUInt32BE(v.bits === 0 ? 0 : (v.value * 2 ** (32 - v.bits)) >>> 0);
      bs.encode(w, { data, length: v.bits });
    },
    decode(r) {
      const b = bs.decode(r);
      const padded = Buffer.alloc(4);
      b.data.copy(padded, 0, 0, 4);
      return { value: Math.floor(padded.readUInt32BE(0) / 2 ** (32 - b.length)), bits: b.length };
    },
  };
}

/**
 * TransportLayerAddress ::= BIT STRING (SIZE(1..160, ...)) (§9.3.2.4): an IPv4 address (32 bits),
 * an IPv6 address (128) or both (160, IPv4 first, TS 38.414 §5.1). Any other length is kept as
 * `bits`.
 */
export interface TransportLayerAddress {
  ipv4?: string;
  ipv6?: string;
  bits?: BitString;
}

const tlaBits = bitString('TransportLayerAddress', { lb: 1, ub: 160, ext: true });

export const transportLayerAddress: PerCodec<TransportLayerAddress> = {
  name: 'TransportLayerAddress',
  encode(w, v) {
    if (v.bits) {
      if (v.ipv4 !== undefined || v.ipv6 !== undefined) w.fail('TransportLayerAddress', 'bits excludes ipv4/ipv6');
      return tlaBits.encode(w, v.bits);
    }
    const data = Buffer.alloc((v.ipv4 !== undefined ? 4 : 0) + (v.ipv6 !== undefined ? 16 : 0));
    if (data.length === 0) w.fail('TransportLayerAddress', 'needs ipv4, ipv6 or both');
    if (v.ipv4 !== undefined && !parseIpv4Into(v.ipv4, data, 0))
      w.fail('TransportLayerAddress', `not an IPv4 address: ${v.ipv4}`);
    if (v.ipv6 !== undefined && !parseIpv6Into(v.ipv6, data, v.ipv4 !== undefined ? 4 : 0))
      w.fail('TransportLayerAddress', `not an IPv6 address: ${v.ipv6}`);
    tlaBits.encode(w, { data, length: data.length * 8 });
  },
  decode(r) {
    const b = tlaBits.decode(r);
    const d = b.data;
    if (b.length === 32) return { ipv4: `${d[0]}.${d[1]}.${d[2]}.${d[3]}` };
    if (b.length === 128) return { ipv6: formatIpv6(d, 0) };
    if (b.length === 160) return { ipv4: `${d[0]}.${d[1]}.${d[2]}.${d[3]}`, ipv6: formatIpv6(d, 4) };
    return { bits: b };
  },
};
