import type { Plmn } from '../../protocol/common/plmn.ts';
import { conceal, type EciesProfile, PROTECTION_SCHEME } from '../../protocol/crypto5g/index.ts';
import { type MobileIdentity5gs, suciNullScheme } from '../../protocol/nas/index.ts';

/**
 * How the UE conceals its SUPI (TS 33.501 §6.12.2, Annex C): the null scheme (the MSIN in clear),
 * or ECIES profile A or B under the home network public key the USIM holds, with its identifier.
 */
export type SuciProtection =
  | { scheme: 'null' }
  | { scheme: EciesProfile; homeNetworkPublicKeyId: number; homeNetworkPublicKey: Buffer };

/**
 * The SUCI of an IMSI SUPI (TS 23.003 §2.2B, TS 24.501 §9.11.3.4): home PLMN, routing indicator,
 * protection scheme, key identifier and scheme output; the scheme input is the MSIN in BCD.
 */
export function suciOf(imsi: string, plmn: Plmn, p: SuciProtection, routingIndicator = '0'): MobileIdentity5gs {
  const msin = imsi.slice(plmn.mcc.length + plmn.mnc.length);
  const clear = suciNullScheme(plmn, msin, routingIndicator);
  if (p.scheme === 'null' || clear.type !== 'suci' || clear.supiFormat !== 'imsi') return clear;
  return {
    ...clear,
    protectionScheme: PROTECTION_SCHEME[p.scheme],
    homeNetworkPublicKeyId: p.homeNetworkPublicKeyId,
    schemeOutput: conceal(p.scheme, p.homeNetworkPublicKey, clear.schemeOutput),
  };
}
