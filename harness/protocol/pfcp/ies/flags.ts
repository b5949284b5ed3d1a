import { EncodeError } from '../../common/decode-error.ts';
import type { IeCodec } from './ie-codec.ts';

/**
 * IEs that are a row of flag octets, one more per release: §8.2.26 Apply Action (1 octet,
 * 2 from Rel-16), §8.2.19 Reporting Triggers (2, 3 from Rel-16), §8.2.25 UP Function Features
 * (2, growing), §8.2.58 CP Function Features (1, growing). The octets are kept as sent; these
 * tables name the bits ([octet index from octet 5, mask]).
 */
export const FLAG_BITS = {
  'apply-action': {
    drop: [0, 0x01],
    forw: [0, 0x02],
    buff: [0, 0x04],
    nocp: [0, 0x08],
    dupl: [0, 0x10],
    ipma: [0, 0x20],
    ipmd: [0, 0x40],
    dfrt: [0, 0x80],
    edrt: [1, 0x01],
    bdpn: [1, 0x02],
    ddpn: [1, 0x04],
    fssm: [1, 0x08],
    mbsu: [1, 0x10],
  },
  'reporting-triggers': {
    perio: [0, 0x01],
    volth: [0, 0x02],
    timth: [0, 0x04],
    quhti: [0, 0x08],
    start: [0, 0x10],
    stopt: [0, 0x20],
    droth: [0, 0x40],
    liusa: [0, 0x80],
    volqu: [1, 0x01],
    timqu: [1, 0x02],
    envcl: [1, 0x04],
    macar: [1, 0x08],
    eveth: [1, 0x10],
    evequ: [1, 0x20],
    ipmjl: [1, 0x40],
    quvti: [1, 0x80],
    reemr: [2, 0x01],
    upint: [2, 0x02],
  },
  'up-function-features': {
    bucp: [0, 0x01],
    ddnd: [0, 0x02],
    dlbd: [0, 0x04],
    trst: [0, 0x08],
    ftup: [0, 0x10],
    pfdm: [0, 0x20],
    heeu: [0, 0x40],
    treu: [0, 0x80],
    empu: [1, 0x01],
    pdiu: [1, 0x02],
    udbc: [1, 0x04],
    quoac: [1, 0x08],
    trace: [1, 0x10],
    frrt: [1, 0x20],
    pfde: [1, 0x40],
    epfar: [1, 0x80],
    dpdra: [2, 0x01],
    adpdp: [2, 0x02],
    ueip: [2, 0x04],
    sset: [2, 0x08],
    mnop: [2, 0x10],
    mte: [2, 0x20],
    bundl: [2, 0x40],
    gcom: [2, 0x80],
    mpas: [3, 0x01],
    rttl: [3, 0x02],
    vtime: [3, 0x04],
    norp: [3, 0x08],
    iptv: [3, 0x10],
    ip6pl: [3, 0x20],
    tscu: [3, 0x40],
    mptcp: [3, 0x80],
  },
  'cp-function-features': {
    load: [0, 0x01],
    ovrl: [0, 0x02],
    epfar: [0, 0x04],
    sset: [0, 0x08],
    bundl: [0, 0x10],
    mpas: [0, 0x20],
    ardr: [0, 0x40],
    uiaur: [0, 0x80],
  },
} as const satisfies Record<string, Record<string, readonly [number, number]>>;

export type FlagsIeName = keyof typeof FLAG_BITS;
export type FlagName<K extends FlagsIeName> = keyof (typeof FLAG_BITS)[K] & string;

/**
 * The octets a sender of any release includes, which a decoder accepts (§8.2.26 Apply Action: one
 * octet before Rel-16; §8.2.19 Reporting Triggers: two before Rel-16; §8.2.25; §8.2.58).
 */
const MIN_OCTETS: Record<FlagsIeName, number> = {
  'apply-action': 1,
  'reporting-triggers': 2,
  'up-function-features': 2,
  'cp-function-features': 1,
};

/**
 * The octets the current form has, which we encode (TS 29.244 V16+): Apply Action two octets
 * (octet 6: EDRT, BDPN, DDPN, FSSM, MBSU), Reporting Triggers three (octet 7: REEMR, UPINT, ...);
 * peers of Rel-16 and later refuse the shorter ones (open5gs: "Invalid TLV length 1. It should be 2").
 * CP Function Features stays one octet: Rel-16 peers (open5gs among them) take no more.
 */
const CURRENT_OCTETS: Record<FlagsIeName, number> = {
  'apply-action': 2,
  'reporting-triggers': 3,
  'up-function-features': 2,
  'cp-function-features': 1,
};

export interface FlagsIe<K extends FlagsIeName> {
  ie: K;
  flags: Buffer;
}
export type ApplyActionIe = FlagsIe<'apply-action'>;
export type ReportingTriggersIe = FlagsIe<'reporting-triggers'>;
export type UpFunctionFeaturesIe = FlagsIe<'up-function-features'>;
export type CpFunctionFeaturesIe = FlagsIe<'cp-function-features'>;

function flagsCodec<K extends FlagsIeName>(type: number, name: K, element: string): IeCodec<FlagsIe<K>> {
  const min = MIN_OCTETS[name];
  return {
    type,
    name,
    encode(v, w) {
      if (v.flags.length < min) throw new EncodeError(w.protocol, element, `needs at least ${min} octet(s)`);
      w.bytes(v.flags);
    },
    decode(r) {
      if (r.remaining < min) r.fail(`${r.remaining} octet(s), needs at least ${min}`);
      return { ie: name, flags: r.rest() };
    },
    encodingLength: (v) => v.flags.length,
  };
}

export const applyActionCodec = flagsCodec(44, 'apply-action', 'Apply Action');
export const reportingTriggers = flagsCodec(37, 'reporting-triggers', 'Reporting Triggers');
export const upFunctionFeatures = flagsCodec(43, 'up-function-features', 'UP Function Features');
export const cpFunctionFeatures = flagsCodec(89, 'cp-function-features', 'CP Function Features');

function bit<K extends FlagsIeName>(ie: K, flag: FlagName<K>): readonly [number, number] {
  return (FLAG_BITS[ie] as Record<string, readonly [number, number]>)[flag];
}

/** A flag-octet IE with the named flags set, in its current length (or longer, where the highest flag needs). */
export function flagsIe<K extends FlagsIeName>(ie: K, ...flags: FlagName<K>[]): FlagsIe<K> {
  let length = CURRENT_OCTETS[ie];
  for (const f of flags) length = Math.max(length, bit(ie, f)[0] + 1);
  const b = Buffer.alloc(length);
  for (const f of flags) {
    const [octet, mask] = bit(ie, f);
    b[octet] |= mask;
  }
  return { ie, flags: b };
}

export function hasFlag<K extends FlagsIeName>(v: FlagsIe<K>, flag: FlagName<K>): boolean {
  const [octet, mask] = bit(v.ie, flag);
  return octet < v.flags.length && (v.flags[octet] & mask) !== 0;
}

/** The named flags that are set (bits without a name here are not listed). */
export function flagNames<K extends FlagsIeName>(v: FlagsIe<K>): FlagName<K>[] {
  return (Object.keys(FLAG_BITS[v.ie]) as FlagName<K>[]).filter((f) => hasFlag(v, f));
}

/** §8.2.26 Apply Action with the given flags, e.g. `applyAction('forw')`. */
export function applyAction(...flags: FlagName<'apply-action'>[]): ApplyActionIe {
  return flagsIe('apply-action', ...flags);
}
