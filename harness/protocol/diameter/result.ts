import { avpGroup, avpNumber, type Avp } from './avp.ts';

/**
 * The outcome an answer carries (RFC 6733 §7.1 Result-Code; §7.6 Experimental-Result with the
 * Vendor-Id whose code space it is, e.g. TS 29.272 §7.4.3 codes under 10415).
 */
export type DiameterResult =
  | { kind: 'result-code'; code: number }
  | { kind: 'experimental'; vendorId: number; code: number }
  | { kind: 'none' };

export function resultOf(avps: readonly Avp[]): DiameterResult {
  const code = avpNumber(avps, 'Result-Code');
  if (code !== undefined) return { kind: 'result-code', code };
  const exp = avpGroup(avps, 'Experimental-Result');
  const expCode = exp && avpNumber(exp, 'Experimental-Result-Code');
  if (exp && expCode !== undefined)
    return { kind: 'experimental', vendorId: avpNumber(exp, 'Vendor-Id') ?? 0, code: expCode };
  return { kind: 'none' };
}
