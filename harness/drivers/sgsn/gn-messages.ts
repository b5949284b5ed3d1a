import { commonFlags, PDP_TYPE, type Gtpv1cIe } from '../../protocol/gtpv1c/index.ts';
import { pcoRequest, type PcoRequest } from '../common/pco-request.ts';

/**
 * The IEs of the SGSN's requests on Gn, in ascending type order (TS 29.060 §7.7): Create PDP
 * Context Request (§7.3.1, Table 5) and SGSN-initiated Update PDP Context Request (§7.3.3,
 * Table 7). The QoS Profile is a Release 99 best-effort one (TS 24.008 §10.5.6.5).
 */
export interface PdpContextParams {
  imsi: string;
  msisdn?: string;
  apn: string;
  pdpType: 'ipv4' | 'ipv6' | 'ipv4v6';
  nsapi?: number;
  pco?: PcoRequest[];
  /**
   * Common Flags' Dual Address Bearer Flag (§7.7.48): set by default on an IPv4v6 request, as an
   * SGSN does whose PLMN carries dual-address bearers (TS 23.060 §9.2.1).
   */
  dualAddressBearer?: boolean;
}

export const QOS_PROFILE: Extract<Gtpv1cIe, { ie: 'qos-profile' }> = {
  ie: 'qos-profile',
  allocationRetentionPriority: 2,
  data: Buffer.from('0b921f', 'hex'),
};

const PDP: Record<PdpContextParams['pdpType'], number> = {
  ipv4: PDP_TYPE.IPV4,
  ipv6: PDP_TYPE.IPV6,
  ipv4v6: PDP_TYPE.IPV4V6,
};

export function createRequestIes(
  p: PdpContextParams,
  own: { teidData: number; teidControl: number; nsapi: number; address: string; restartCounter: number },
): Gtpv1cIe[] {
  const ies: Gtpv1cIe[] = [
    { ie: 'imsi', digits: p.imsi },
    { ie: 'recovery', restartCounter: own.restartCounter },
    { ie: 'selection-mode', mode: 0 },
    { ie: 'teid-data-i', teid: own.teidData },
    { ie: 'teid-control-plane', teid: own.teidControl },
    { ie: 'nsapi', nsapi: own.nsapi },
    { ie: 'end-user-address', pdpTypeOrganization: 1, pdpType: PDP[p.pdpType] },
    { ie: 'apn', apn: p.apn },
  ];
  if (p.pco?.length) ies.push({ ie: 'pco', ...pcoRequest(p.pco) });
  // §7.3.1: SGSN Address for signalling, then for user traffic.
  ies.push({ ie: 'gsn-address', address: own.address }, { ie: 'gsn-address', address: own.address });
  ies.push({ ie: 'msisdn', addressType: 0x91, digits: p.msisdn ?? '819000000001' });
  ies.push(QOS_PROFILE);
  if (p.dualAddressBearer ?? p.pdpType === 'ipv4v6') ies.push(commonFlags({ dualAddressBearer: true }));
  return ies;
}

/** §7.3.3 Table 7: the new TEIDs and SGSN addresses, NSAPI, QoS Profile; RAT Type UTRAN (§7.7.50). */
export function updateRequestIes(own: {
  teidData: number;
  teidControl: number;
  nsapi: number;
  address: string;
  restartCounter: number;
}): Gtpv1cIe[] {
  return [
    { ie: 'recovery', restartCounter: own.restartCounter },
    { ie: 'teid-data-i', teid: own.teidData },
    { ie: 'teid-control-plane', teid: own.teidControl },
    { ie: 'nsapi', nsapi: own.nsapi },
    { ie: 'gsn-address', address: own.address },
    { ie: 'gsn-address', address: own.address },
    QOS_PROFILE,
    { ie: 'rat-type', ratType: 1 },
  ];
}
