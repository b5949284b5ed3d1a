import type { AmfOptions, SubscriberKeys } from '../../elements/amf/index.ts';
import { amfDeclaration } from '../amf-declaration.ts';
import type { StandinElement } from '../target.ts';

/**
 * The AMF stand-in's options from its target entry: PLMN (`homePlmn`), TAC, slices, NAS algorithm
 * preference, the subscribers that have K and OPc (the AUSF/UDM part) and the SUCI private keys.
 */
export function amfStandinOptions(
  el: StandinElement,
): Pick<AmfOptions, 'plmn' | 'tacs' | 'slices' | 'subscribers' | 'homeNetworkKeys' | 'integrity' | 'ciphering'> {
  const d = amfDeclaration(el);
  const subscribers: Record<string, SubscriberKeys> = {};
  for (const [imsi, s] of Object.entries(el.subscribers ?? {})) {
    if (!s.k || !s.opc) continue;
    subscribers[imsi] = {
      k: Buffer.from(s.k, 'hex'),
      opc: Buffer.from(s.opc, 'hex'),
      count: s.count,
      ...(s.sqn !== undefined ? { sqn: s.sqn } : {}),
    };
  }
  return {
    plmn: d.plmn,
    tacs: [d.tac],
    slices: d.slices,
    subscribers,
    homeNetworkKeys: (el.suciKeys ?? [])
      .filter((k) => k.privateKey)
      .map((k) => ({ id: k.id, profile: k.profile, privateKey: Buffer.from(k.privateKey!, 'hex') })),
    integrity: d.integrity,
    ciphering: d.ciphering,
  };
}
