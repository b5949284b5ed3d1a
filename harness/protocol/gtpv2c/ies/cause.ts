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
  offendingIe?: { type: number; instance: number };
}

export const cause: IeCodec<CauseIe> = {
  type: 2,
  name: 'cause',
  encode(v, w) {
    w.u8(v.value, 'Cause value');
    w.u8((v.pce ? 4 : 0) | (v.bce ? 2 : 0) | (v.cs ? 1 : 0));
    if (v.offendingIe)
      w.u8(v.offendingIe.type, 'offending IE type')
        .u16(0)
        .u8(v.offendingIe.instance & 0x0f, 'offending IE instance');
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
    if (r.remaining >= 4) {
      const type = r.u8();
      r.u16();
      ie.offendingIe = { type, instance: r.u8() & 0x0f };
    }
    return ie;
  },
  encodingLength: (v) => (v.offendingIe ? 6 : 2),
};
