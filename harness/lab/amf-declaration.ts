import { homeNetworkPublicKey } from '../protocol/crypto5g/index.ts';
import type { TargetElement } from './target.ts';

/**
 * What an AMF's target entry declares, as drivers and scenarios use it (TS 23.003, TS 33.501):
 * PLMN, TAC, served S-NSSAIs, the SUCI home network public keys the USIMs hold (a stand-in's
 * derived from its private keys), the NAS algorithm preference, and N2's SCTP transport.
 */
export interface AmfDeclaration {
  plmn: { mcc: string; mnc: string };
  tac: number;
  slices: { sst: number; sd?: number }[];
  suciKeys: { id: number; profile: 'A' | 'B'; publicKey: Buffer }[];
  /** 5G-IA / 5G-EA identities in order of preference (TS 33.501 §6.7.1). */
  integrity: number[];
  ciphering: number[];
  /**
   * The element that answers 5GSM, as checks name it: the SMF stand-in the AMF relays to (the lab
   * says so when it runs one), else the AMF (a stand-in without an SMF, or a real AMF whose SMF
   * the target does not declare).
   */
  sessionManagement: string;
}

export function amfDeclaration(el: Exclude<TargetElement, { kind: 'real' }>): AmfDeclaration {
  const [mcc, mnc] = (el.homePlmn ?? '001-01').split('-');
  return {
    plmn: { mcc, mnc },
    tac: el.tac ?? 1,
    slices: (el.slices ?? [{ sst: 1 }]).map((s) =>
      s.sd ? { sst: s.sst, sd: Number.parseInt(s.sd, 16) } : { sst: s.sst },
    ),
    suciKeys: (el.suciKeys ?? []).map((k) => ({
      id: k.id,
      profile: k.profile,
      publicKey: k.publicKey
        ? Buffer.from(k.publicKey, 'hex')
        : homeNetworkPublicKey(k.profile, Buffer.from(k.privateKey!, 'hex')),
    })),
    integrity: (el.nasSecurity?.integrity ?? ['nia2']).map((a) => Number(a.slice(3))),
    ciphering: (el.nasSecurity?.ciphering ?? ['nea2', 'nea0']).map((a) => Number(a.slice(3))),
    sessionManagement: 'amf',
  };
}
