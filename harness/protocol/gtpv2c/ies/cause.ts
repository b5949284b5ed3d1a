import type { IeCodec } from './ie-codec.ts';

/**
 * §8.4 Cause: cause value, flags PCE (PDN connection IE error), BCE (bearer context IE error),
 * CS (cause source: 1 = originated by the remote node), and optionally the type and instance of
 * the offending IE (its length field is sent as 0).
 */
export interface CauseIe {
  ie: 'cause';
  instance: number;
  value: number;
  pce: boolean;
  bce: boolean;
  cs: boolean;
  offendingIe?: { type: number; instance: number; length?: number; spare?: number };
  /** Bits 8-4 of the flags octet, spare, kept when set. */
  spare?: number;
}

export const cause: IeCodec<CauseIe> = {
  type: 2,
  name: 'cause',
  encode(v, w) {
    w.u8(v.value, 'Cause value');
    w.u8(((v.spare ?? 0) & 0xf8) | (v.pce ? 4 : 0) | (v.bce ? 2 : 0) | (v.cs ? 1 : 0));
    const o = v.offendingIe;
    if (o)
      w.u8(o.type, 'offending IE type')
        .u16(o.length ?? 0, 'offending IE length')
        .u8(((o.spare ?? 0) & 0xf0) | (o.instance & 0x0f), 'offending IE instance');
  },
  decode(r, instance) {
    r.at('Cause');
    const value = r.u8();
    const flags = r.u8();
    const ie: CauseIe = {
      ie: 'cause',
      instance,
      value,
      pce: (flags & 4) !== 0,
      bce: (flags & 2) !== 0,
      cs: (flags & 1) !== 0,
    };
    if (flags & 0xf8) ie.spare = flags & 0xf8;
    if (r.remaining >= 4) {
      const type = r.u8();
      // The length is sent as 0 (§8.4); another value is kept, as are the spare bits.
      const length = r.u16();
      const last = r.u8();
      const o: NonNullable<CauseIe['offendingIe']> = { type, instance: last & 0x0f };
      if (length) o.length = length;
      if (last & 0xf0) o.spare = last & 0xf0;
      ie.offendingIe = o;
    }
    return ie;
  },
  encodingLength: (v) => (v.offendingIe ? 6 : 2),
};
