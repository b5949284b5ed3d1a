import type { Plmn } from '../common/plmn.ts';
import { xor } from './aes.ts';
import { hresStar, kamf, kausf, kseaf, resStar, servingNetworkName } from './kdf.ts';
import { milenage } from './milenage.ts';

/**
 * 5G AKA (TS 33.501 §6.1.3.2) on both sides: the home network's authentication vector and the
 * UE's (USIM + ME) answer to RAND/AUTN, with MAC and SQN checks (TS 33.102 §6.3.3) and AUTS for
 * resynchronisation. Milenage is the authentication function (TS 35.206).
 */
export interface Subscriber {
  k: Uint8Array;
  opc: Uint8Array;
}

export interface HomeVector {
  rand: Buffer;
  autn: Buffer;
  xresStar: Buffer;
  hxresStar: Buffer;
  kausf: Buffer;
  kseaf: Buffer;
}

/** HE AV → SE AV (§6.1.3.2 steps 1-4): AUTN = SQN ⊕ AK || AMF || MAC-A. */
export function homeVector(
  sub: Subscriber,
  snn: string | Plmn,
  rand: Uint8Array,
  sqn: Uint8Array,
  amf: Uint8Array = Uint8Array.of(0x80, 0),
): HomeVector {
  const name = typeof snn === 'string' ? snn : servingNetworkName(snn);
  const m = milenage(sub.k, sub.opc, rand, sqn, amf);
  const sqnAk = xor(sqn, m.ak);
  const autn = Buffer.concat([sqnAk, amf, m.macA]);
  const xs = resStar(m.ck, m.ik, name, rand, m.res);
  const ka = kausf(m.ck, m.ik, name, sqnAk);
  return {
    rand: Buffer.from(rand),
    autn,
    xresStar: xs,
    hxresStar: hresStar(rand, xs),
    kausf: ka,
    kseaf: kseaf(ka, name),
  };
}

export type UeAuthResult =
  | { ok: true; resStar: Buffer; kausf: Buffer; kseaf: Buffer; sqn: Buffer }
  | { ok: false; cause: 'mac-failure' }
  | { ok: false; cause: 'synch-failure'; auts: Buffer; sqn: Buffer };

/**
 * The UE's side (TS 33.102 §6.3.3, TS 33.501 §6.1.3.2 step 5): checks MAC-A, then that SQN is
 * above `sqnMs` (the highest accepted); a stale SQN answers with AUTS = SQN_MS ⊕ AK* || MAC-S.
 */
export function ueAuthenticate(
  sub: Subscriber,
  snn: string | Plmn,
  rand: Uint8Array,
  autn: Uint8Array,
  sqnMs?: Uint8Array,
): UeAuthResult {
  const name = typeof snn === 'string' ? snn : servingNetworkName(snn);
  const sqnAk = autn.subarray(0, 6);
  const amf = autn.subarray(6, 8);
  const mac = autn.subarray(8, 16);
  const first = milenage(sub.k, sub.opc, rand, Buffer.alloc(6), amf);
  const sqn = xor(sqnAk, first.ak);
  const m = milenage(sub.k, sub.opc, rand, sqn, amf);
  if (!m.macA.equals(Buffer.from(mac))) return { ok: false, cause: 'mac-failure' };
  if (sqnMs && Buffer.compare(sqn, Buffer.from(sqnMs)) <= 0) {
    // AUTS (TS 33.102 §6.3.3): SQN_MS ⊕ AK* || MAC-S, with MAC-S over SQN_MS and the dummy AMF 0000.
    const resync = milenage(sub.k, sub.opc, rand, sqnMs, Uint8Array.of(0, 0));
    return { ok: false, cause: 'synch-failure', auts: Buffer.concat([xor(sqnMs, m.akStar), resync.macS]), sqn };
  }
  return {
    ok: true,
    resStar: resStar(m.ck, m.ik, name, rand, m.res),
    kausf: kausf(m.ck, m.ik, name, sqnAk),
    kseaf: kseaf(kausf(m.ck, m.ik, name, sqnAk), name),
    sqn,
  };
}

/** KAMF for a SUPI and ABBA (A.7), from KSEAF. */
export { kamf };
