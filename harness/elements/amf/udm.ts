import { randomFillSync } from 'node:crypto';
import {
  deconceal,
  type EciesProfile,
  type HomeVector,
  homeVector,
  milenage,
  xor,
} from '../../protocol/crypto5g/index.ts';
import type { MobileIdentity5gs } from '../../protocol/nas/index.ts';

/**
 * The AUSF, UDM/ARPF and SIDF behind the AMF stand-in, folded in as the HSS stand-in does for 4G:
 * the subscribers' K, OPc and SQN (TS 33.102 §6.3), SUCI de-concealment with the home network
 * private keys (TS 33.501 §6.12.2, Annex C), 5G HE AVs (§6.1.3.2) and SQN resynchronisation from
 * AUTS (TS 33.102 §6.3.5).
 */
export interface SubscriberKeys {
  k: Buffer;
  opc: Buffer;
  /** Authentication management field (TS 33.102 §6.3.2): 0x8000, the separation bit set. */
  amf?: Buffer;
  /** SQN to start from (48 bits). */
  sqn?: number;
  /** Consecutive IMSIs from this one sharing the keys (a load's subscribers). */
  count?: number;
}

export interface HomeNetworkKey {
  /** Home network public key identifier (TS 24.501 §9.11.3.4). */
  id: number;
  profile: EciesProfile;
  privateKey: Buffer;
}

/** Random octets for 256 RANDs, shared by the UDMs of a process (each RAND used once). */
const RAND_BLOCK = Buffer.alloc(256 * 16);
let randAt = RAND_BLOCK.length;

/** SEQ steps of one IND range (TS 33.102 C.3.2: SQN = SEQ || IND, IND of 5 bits). */
const SQN_STEP = 32;

export class Udm {
  private readonly ranges: { first: number; count: number; keys: SubscriberKeys }[];
  private readonly sqn = new Map<string, number>();

  constructor(
    subscribers: Readonly<Record<string, SubscriberKeys>>,
    private readonly homeNetworkKeys: readonly HomeNetworkKey[] = [],
  ) {
    this.ranges = Object.entries(subscribers)
      .map(([imsi, keys]) => ({ first: Number(imsi), count: keys.count ?? 1, keys }))
      .sort((a, b) => a.first - b.first);
  }

  keys(supi: string): SubscriberKeys | undefined {
    const n = Number(supi);
    for (const r of this.ranges) if (n >= r.first && n < r.first + r.count) return r.keys;
    return undefined;
  }

  /**
   * The SUPI of a SUCI (TS 23.003 §2.2B): MCC, MNC and the MSIN, in clear for the null scheme,
   * else de-concealed with the private key of the key identifier. A string says why not.
   */
  supiOf(id: MobileIdentity5gs): string | { error: string } {
    if (id.type !== 'suci') return { error: `mobile identity ${id.type} is not a SUCI` };
    if (id.supiFormat !== 'imsi') return { error: 'SUCI with a NAI SUPI' };
    let bcd: Buffer | null = id.schemeOutput;
    if (id.protectionScheme !== 0) {
      const profile = id.protectionScheme === 1 ? 'A' : id.protectionScheme === 2 ? 'B' : undefined;
      const key = this.homeNetworkKeys.find((k) => k.id === id.homeNetworkPublicKeyId && k.profile === profile);
      if (!profile || !key)
        return {
          error: `no home network key ${id.homeNetworkPublicKeyId} for protection scheme ${id.protectionScheme}`,
        };
      bcd = deconceal(profile, key.privateKey, id.schemeOutput);
      if (!bcd) return { error: `SUCI of profile ${profile} does not de-conceal (MAC tag or key mismatch)` };
    }
    let msin = '';
    for (const b of bcd) {
      for (const n of [b & 0x0f, b >> 4]) if (n <= 9) msin += String.fromCharCode(48 + n);
    }
    return id.plmn.mcc + id.plmn.mnc + msin;
  }

  /** A fresh 5G HE AV for `supi` (TS 33.501 §6.1.3.2 step 1), its SQN moved on one IND range. */
  vector(supi: string, servingNetworkName: string): (HomeVector & { sqn: number }) | undefined {
    const keys = this.keys(supi);
    if (!keys) return undefined;
    const sqn = (this.sqn.get(supi) ?? keys.sqn ?? 0) + SQN_STEP;
    this.sqn.set(supi, sqn);
    return { ...homeVector(keys, servingNetworkName, this.rand(), sqnOctets(sqn), keys.amf), sqn };
  }

  /**
   * A fresh RAND (TS 33.102 §6.3.2), drawn from a block of random octets filled 256 RANDs at a
   * time (one randomFillSync per 256 vectors, not one randomBytes each). The view is valid until
   * the next call: homeVector copies it.
   */
  private rand(): Buffer {
    if (randAt === RAND_BLOCK.length) {
      randomFillSync(RAND_BLOCK);
      randAt = 0;
    }
    randAt += 16;
    return RAND_BLOCK.subarray(randAt - 16, randAt);
  }

  /**
   * Resynchronisation (TS 33.102 §6.3.5): SQN_MS from AUTS (AK* of RAND), MAC-S checked; the next
   * vector then starts above it. False when MAC-S is wrong.
   */
  resync(supi: string, rand: Buffer, auts: Buffer): boolean {
    const keys = this.keys(supi);
    if (!keys || auts.length !== 14) return false;
    const akStar = milenage(keys.k, keys.opc, rand, Buffer.alloc(6), Buffer.alloc(2)).akStar;
    const sqnMs = xor(auts.subarray(0, 6), akStar);
    const macS = milenage(keys.k, keys.opc, rand, sqnMs, Buffer.alloc(2)).macS;
    if (!macS.equals(auts.subarray(6, 14))) return false;
    this.sqn.set(supi, sqnMs.readUIntBE(0, 6));
    return true;
  }
}

function sqnOctets(sqn: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUIntBE(sqn, 0, 6);
  return b;
}
