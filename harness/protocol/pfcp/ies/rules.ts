import { EncodeError } from '../../common/decode-error.ts';
import type { IeCodec, IeExtra } from './ie-codec.ts';

/**
 * Rule identifiers and the small fixed-size IEs of packet detection and forwarding rules.
 * §8.2.36 PDR ID (2 octets), §8.2.74 FAR ID, §8.2.54 URR ID, §8.2.75 QER ID (4 octets; bit 8 of
 * the first octet set = predefined rule), §8.2.11 Precedence (4 octets).
 */
export interface RuleIdIe<K extends 'pdr-id' | 'far-id' | 'urr-id' | 'qer-id'> extends IeExtra {
  ie: K;
  ruleId: number;
}
export type PdrIdIe = RuleIdIe<'pdr-id'>;
export type FarIdIe = RuleIdIe<'far-id'>;
export type UrrIdIe = RuleIdIe<'urr-id'>;
export type QerIdIe = RuleIdIe<'qer-id'>;

export const pdrId: IeCodec<PdrIdIe> = {
  type: 56,
  name: 'pdr-id',
  encode: (v, w) => void w.u16(v.ruleId, 'PDR ID'),
  decode: (r) => ({ ie: 'pdr-id', ruleId: r.u16() }),
  encodingLength: () => 2,
};

function ruleId32<K extends 'far-id' | 'urr-id' | 'qer-id'>(
  type: number,
  name: K,
  element: string,
): IeCodec<RuleIdIe<K>> {
  return {
    type,
    name,
    encode: (v, w) => void w.u32(v.ruleId, element),
    decode: (r) => ({ ie: name, ruleId: r.u32() }),
    encodingLength: () => 4,
  };
}

export const farId = ruleId32(108, 'far-id', 'FAR ID');
export const urrId = ruleId32(81, 'urr-id', 'URR ID');
export const qerId = ruleId32(109, 'qer-id', 'QER ID');

export interface PrecedenceIe extends IeExtra {
  ie: 'precedence';
  value: number;
}

export const precedence: IeCodec<PrecedenceIe> = {
  type: 29,
  name: 'precedence',
  encode: (v, w) => void w.u32(v.value, 'Precedence'),
  decode: (r) => ({ ie: 'precedence', value: r.u32() }),
  encodingLength: () => 4,
};

/** §8.2.2 Source Interface / §8.2.24 Destination Interface values (4 bits). */
export const INTERFACE = { access: 0, core: 1, 'sgi-lan-n6-lan': 2, 'cp-function': 3, '5g-vn-internal': 4 } as const;

export interface InterfaceIe<K extends 'source-interface' | 'destination-interface'> extends IeExtra {
  ie: K;
  /** See INTERFACE. */
  value: number;
  /** Bits 8-5, spare, kept when set. */
  spare?: number;
}
export type SourceInterfaceIe = InterfaceIe<'source-interface'>;
export type DestinationInterfaceIe = InterfaceIe<'destination-interface'>;

function interfaceIe<K extends 'source-interface' | 'destination-interface'>(
  type: number,
  name: K,
  element: string,
): IeCodec<InterfaceIe<K>> {
  return {
    type,
    name,
    encode(v, w) {
      if (v.value !== (v.value & 0x0f))
        throw new EncodeError(w.protocol, element, `interface value ${v.value} is not in 0..15`);
      w.u8(((v.spare ?? 0) & 0xf0) | v.value);
    },
    decode(r) {
      const o = r.u8();
      const ie: InterfaceIe<K> = { ie: name, value: o & 0x0f };
      if (o & 0xf0) ie.spare = o & 0xf0;
      return ie;
    },
    encodingLength: () => 1,
  };
}

export const sourceInterface = interfaceIe(20, 'source-interface', 'Source Interface');
export const destinationInterface = interfaceIe(42, 'destination-interface', 'Destination Interface');

/** §8.2.64 Outer Header Removal description values. */
export const OUTER_HEADER_REMOVAL = {
  GTPU_UDP_IPV4: 0,
  GTPU_UDP_IPV6: 1,
  UDP_IPV4: 2,
  UDP_IPV6: 3,
  IPV4: 4,
  IPV6: 5,
  GTPU_UDP_IP: 6,
  VLAN_S_TAG: 7,
  S_TAG_AND_C_TAG: 8,
} as const;

/** §8.2.64 Outer Header Removal: description, then the optional GTP-U Extension Header Deletion octet. */
export interface OuterHeaderRemovalIe extends IeExtra {
  ie: 'outer-header-removal';
  description: number;
  extensionHeaderDeletion?: number;
}

export const outerHeaderRemoval: IeCodec<OuterHeaderRemovalIe> = {
  type: 95,
  name: 'outer-header-removal',
  encode(v, w) {
    w.u8(v.description, 'Outer Header Removal description');
    if (v.extensionHeaderDeletion !== undefined) w.u8(v.extensionHeaderDeletion, 'GTP-U Extension Header Deletion');
  },
  decode(r) {
    const ie: OuterHeaderRemovalIe = { ie: 'outer-header-removal', description: r.u8() };
    if (r.remaining > 0) ie.extensionHeaderDeletion = r.u8();
    return ie;
  },
  encodingLength: (v) => (v.extensionHeaderDeletion !== undefined ? 2 : 1),
};
