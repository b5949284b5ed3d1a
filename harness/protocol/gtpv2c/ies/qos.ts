import { EncodeError } from '../../common/decode-error.ts';
import type { IeCodec } from './ie-codec.ts';

/**
 * §8.15 Bearer Level QoS: ARP (PCI, PL, PVI), QCI, then MBR and GBR for uplink and downlink as
 * 5-octet values in kbps (TS 36.413 bit rates; they fit a JavaScript number).
 */
export interface BearerQosIe {
  ie: 'bearer-qos';
  instance: number;
  /** Pre-emption capability (1 = may not pre-empt). */
  pci: boolean;
  priorityLevel: number;
  /** Pre-emption vulnerability (1 = may not be pre-empted). */
  pvi: boolean;
  qci: number;
  mbrUplink: number;
  mbrDownlink: number;
  gbrUplink: number;
  gbrDownlink: number;
  /** Bits 8 and 2 of the ARP octet, spare, kept when set. */
  spare?: number;
}

const MAX40 = 2 ** 40 - 1;

function w40(w: Parameters<IeCodec<BearerQosIe>['encode']>[1], v: number, element: string): void {
  if (!Number.isInteger(v) || v < 0 || v > MAX40)
    throw new EncodeError('gtpv2c', element, `${v} is not a 40-bit value`);
  w.u8(Math.floor(v / 2 ** 32), element).u32(v % 2 ** 32, element);
}

export const bearerQos: IeCodec<BearerQosIe> = {
  type: 80,
  name: 'bearer-qos',
  encode(v, w) {
    w.u8(
      ((v.spare ?? 0) & 0x82) | (v.pci ? 0x40 : 0) | ((v.priorityLevel & 0x0f) << 2) | (v.pvi ? 1 : 0),
      'Bearer QoS ARP',
    );
    w.u8(v.qci, 'QCI');
    w40(w, v.mbrUplink, 'MBR uplink');
    w40(w, v.mbrDownlink, 'MBR downlink');
    w40(w, v.gbrUplink, 'GBR uplink');
    w40(w, v.gbrDownlink, 'GBR downlink');
  },
  decode(r, instance) {
    r.at('Bearer QoS');
    const arp = r.u8();
    const qci = r.u8();
    const mbrUplink = r.u8() * 2 ** 32 + r.u32();
    const mbrDownlink = r.u8() * 2 ** 32 + r.u32();
    const gbrUplink = r.u8() * 2 ** 32 + r.u32();
    const gbrDownlink = r.u8() * 2 ** 32 + r.u32();
    const ie: BearerQosIe = {
      ie: 'bearer-qos',
      instance,
      pci: (arp & 0x40) !== 0,
      priorityLevel: (arp >> 2) & 0x0f,
      pvi: (arp & 1) !== 0,
      qci,
      mbrUplink,
      mbrDownlink,
      gbrUplink,
      gbrDownlink,
    };
    if (arp & 0x82) ie.spare = arp & 0x82;
    return ie;
  },
  encodingLength: () => 22,
};
