import { OUTER_HEADER_CREATION } from './ies/outer-header-creation.ts';
import { applyAction, flagsIe } from './ies/flags.ts';
import type { PfcpIe } from './ies/index.ts';
import { PDN_TYPE } from './ies/pdn-type.ts';
import { INTERFACE, OUTER_HEADER_REMOVAL } from './ies/rules.ts';

/**
 * The N4 rules of one PDU session as an SMF installs them on a UPF (TS 29.244 in the 5G role,
 * TS 23.501 §5.8.2), pure data for the SMF stand-in and the harness's SMF-side driver alike:
 * uplink PDR (Access, F-TEID chosen by the UPF, the QFI, the UE IP address as source, GTP-U
 * removed) → FAR to Core; downlink PDR (Core, UE IP address as destination) → FAR to Access,
 * buffered until the gNB's N3 F-TEID is known (Modification); a QER with the QFI and the session
 * AMBR as MBR; a volume URR. For IPv6 PDU sessions, TS 23.501 §5.8.2.2.2: a PDR that sends the
 * UE's Router Solicitations (SDF "permit out 58 from ff02::2/128 to assigned") to the SMF over
 * N4-u, and a PDR for what the SMF sends back (Source Interface CP-function) → the downlink FAR;
 * TS 23.501 §5.8.2.2.4: a PDR that sends the UE's DHCPv6 (UDP to ff02::1:2 port 547, RFC 8415
 * §7.1) to the SMF the same way, the SMF being the DHCPv6 server. A prefix the SMF may delegate
 * holds the UE's /64 (its first): the UE IP Address of the uplink and downlink PDRs is then that
 * prefix with IPv6D set (TS 29.244 §8.2.62: delegation bits = 64 − its length), so the UPF routes
 * the whole of it to the PDU session.
 */
export interface N4SessionParams {
  dnn: string;
  pduSessionType: 'ipv4' | 'ipv6' | 'ipv4v6';
  /** The UE's /64 (prefix::) from the SMF's pool, or 'choose' (CHV6: the UPF allocates it, §5.21.1). */
  ueIpv6?: string | 'choose';
  ueIpv4?: string | 'choose';
  /** The length of the prefix (shorter than /64, starting at `ueIpv6`) the SMF may delegate by DHCPv6. */
  ueIpv6Delegated?: number;
  qfi: number;
  /** N3 address family of the F-TEID the UPF should choose. */
  n3Family: 'ipv6' | 'ipv4';
  /** The SMF's N4-u F-TEID that Router Solicitations are sent to (none: no RS forwarding rules). */
  cpTunnel?: { teid: number; address: string };
  /** The UE's DHCPv6 goes to the SMF over `cpTunnel` too (the SMF as DHCPv6 server, TS 23.501 §5.8.2.2.4). */
  dhcpv6?: boolean;
  /** Session AMBR (kbps) as the QER's MBR. */
  ambrKbps?: { ul: number; dl: number };
  /**
   * Where the downlink goes when it is known at establishment: the V-UPF's N9 F-TEID at the home
   * UPF (TS 23.502 §4.3.2.2.2 step 13). None: buffered until a Modification names the gNB's.
   */
  downlink?: { teid: number; address: string };
}

export const PDR = { UPLINK: 1, DOWNLINK: 2, ROUTER_SOLICITATION: 3, FROM_CP: 4, DHCPV6: 5 } as const;
export const FAR = { TO_CORE: 1, TO_ACCESS: 2, TO_CP: 3 } as const;

/** §8.2.56 Outer Header Creation toward a GTP-U peer, IPv6 or IPv4 by its address. */
export function gtpuOuterHeader(d: { teid: number; address: string }): PfcpIe {
  return d.address.includes(':')
    ? { ie: 'outer-header-creation', description: OUTER_HEADER_CREATION.GTPU_UDP_IPV6, teid: d.teid, ipv6: d.address }
    : { ie: 'outer-header-creation', description: OUTER_HEADER_CREATION.GTPU_UDP_IPV4, teid: d.teid, ipv4: d.address };
}

function ueIp(p: N4SessionParams, sd: 'source' | 'destination'): PfcpIe {
  const ie: PfcpIe = { ie: 'ue-ip-address', sourceOrDestination: sd };
  if (p.ueIpv6 === 'choose') ie.chooseIpv6 = true;
  else if (p.ueIpv6) {
    ie.ipv6 = p.ueIpv6;
    if (p.ueIpv6Delegated !== undefined && p.ueIpv6Delegated < 64) ie.ipv6PrefixDelegationBits = 64 - p.ueIpv6Delegated;
    else ie.ipv6PrefixLength = 64;
  }
  if (p.ueIpv4 === 'choose') ie.chooseIpv4 = true;
  else if (p.ueIpv4) ie.ipv4 = p.ueIpv4;
  return ie;
}

/** The Create PDR/FAR/QER/URR IEs of one PDU session with its default QoS flow. */
export function sessionRules(p: N4SessionParams): PfcpIe[] {
  const v6 = p.n3Family === 'ipv6';
  const ni: PfcpIe = { ie: 'network-instance', name: p.dnn };
  const ohr: PfcpIe = {
    ie: 'outer-header-removal',
    description: v6 ? OUTER_HEADER_REMOVAL.GTPU_UDP_IPV6 : OUTER_HEADER_REMOVAL.GTPU_UDP_IPV4,
  };
  const n3Teid: PfcpIe = { ie: 'f-teid', choose: { ipv4: !v6, ipv6: v6, chooseId: 1 } };
  /** An uplink PDR on the N3 F-TEID whose SDF filter picks what goes to the SMF over N4-u (FAR TO_CP). */
  const toCp = (id: number, flowDescription: string): PfcpIe => ({
    ie: 'create-pdr',
    ies: [
      { ie: 'pdr-id', ruleId: id },
      { ie: 'precedence', value: 1 },
      {
        ie: 'pdi',
        ies: [
          { ie: 'source-interface', value: INTERFACE.access },
          n3Teid,
          ni,
          { ie: 'qfi', value: p.qfi },
          { ie: 'sdf-filter', flowDescription },
        ],
      },
      ohr,
      { ie: 'far-id', ruleId: FAR.TO_CP },
    ],
  });
  const rules: PfcpIe[] = [
    {
      ie: 'create-pdr',
      ies: [
        { ie: 'pdr-id', ruleId: PDR.UPLINK },
        { ie: 'precedence', value: 255 },
        {
          ie: 'pdi',
          ies: [
            { ie: 'source-interface', value: INTERFACE.access },
            n3Teid,
            ni,
            ueIp(p, 'source'),
            { ie: 'qfi', value: p.qfi },
          ],
        },
        ohr,
        { ie: 'far-id', ruleId: FAR.TO_CORE },
        { ie: 'urr-id', ruleId: 1 },
        { ie: 'qer-id', ruleId: 1 },
      ],
    },
    {
      ie: 'create-pdr',
      ies: [
        { ie: 'pdr-id', ruleId: PDR.DOWNLINK },
        { ie: 'precedence', value: 255 },
        { ie: 'pdi', ies: [{ ie: 'source-interface', value: INTERFACE.core }, ni, ueIp(p, 'destination')] },
        { ie: 'far-id', ruleId: FAR.TO_ACCESS },
        { ie: 'urr-id', ruleId: 1 },
        { ie: 'qer-id', ruleId: 1 },
      ],
    },
    {
      ie: 'create-far',
      ies: [
        { ie: 'far-id', ruleId: FAR.TO_CORE },
        applyAction('forw'),
        { ie: 'forwarding-parameters', ies: [{ ie: 'destination-interface', value: INTERFACE.core }, ni] },
      ],
    },
    // Until the gNB's F-TEID is known: buffer, and do not notify the CP function (BUFF, NOCP unset).
    p.downlink
      ? {
          ie: 'create-far',
          ies: [
            { ie: 'far-id', ruleId: FAR.TO_ACCESS },
            applyAction('forw'),
            {
              ie: 'forwarding-parameters',
              ies: [{ ie: 'destination-interface', value: INTERFACE.access }, gtpuOuterHeader(p.downlink)],
            },
          ],
        }
      : { ie: 'create-far', ies: [{ ie: 'far-id', ruleId: FAR.TO_ACCESS }, applyAction('buff')] },
    {
      ie: 'create-qer',
      ies: [
        { ie: 'qer-id', ruleId: 1 },
        { ie: 'gate-status', ul: 0, dl: 0 },
        ...(p.ambrKbps ? [{ ie: 'mbr' as const, ulKbps: p.ambrKbps.ul, dlKbps: p.ambrKbps.dl }] : []),
        { ie: 'qfi', value: p.qfi },
      ],
    },
    {
      ie: 'create-urr',
      ies: [
        { ie: 'urr-id', ruleId: 1 },
        { ie: 'measurement-method', durat: false, volum: true, event: false },
        flagsIe('reporting-triggers'),
      ],
    },
    {
      ie: 'pdn-type',
      value: PDN_TYPE[p.pduSessionType === 'ipv4v6' ? 'IPV4V6' : p.pduSessionType === 'ipv6' ? 'IPV6' : 'IPV4'],
    },
  ];
  if (p.cpTunnel && p.pduSessionType !== 'ipv4') {
    rules.push(
      toCp(PDR.ROUTER_SOLICITATION, 'permit out 58 from ff02::2/128 to assigned'),
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: PDR.FROM_CP },
          { ie: 'precedence', value: 1 },
          {
            ie: 'pdi',
            ies: [
              { ie: 'source-interface', value: INTERFACE['cp-function'] },
              { ie: 'f-teid', choose: { ipv4: !v6, ipv6: v6, chooseId: 2 } },
            ],
          },
          ohr,
          { ie: 'far-id', ruleId: FAR.TO_ACCESS },
          { ie: 'qer-id', ruleId: 1 },
        ],
      },
      {
        ie: 'create-far',
        ies: [
          { ie: 'far-id', ruleId: FAR.TO_CP },
          applyAction('forw'),
          {
            ie: 'forwarding-parameters',
            ies: [{ ie: 'destination-interface', value: INTERFACE['cp-function'] }, gtpuOuterHeader(p.cpTunnel)],
          },
        ],
      },
    );
    // RFC 8415 §7.1: client port 546, to All_DHCP_Relay_Agents_and_Servers port 547.
    if (p.dhcpv6) rules.push(toCp(PDR.DHCPV6, 'permit out 17 from ff02::1:2/128 547 to assigned 546'));
  }
  return rules;
}

/**
 * §7.5.4 Update FAR of a session's downlink: forward to the gNB's N3 F-TEID (TS 23.502
 * §4.3.2.2.1 step 16), which the SMF learns from the PDU Session Resource Setup Response Transfer.
 */
export function downlinkFarUpdate(gnb: { teid: number; address: string }): PfcpIe {
  return {
    ie: 'update-far',
    ies: [
      { ie: 'far-id', ruleId: FAR.TO_ACCESS },
      applyAction('forw'),
      {
        ie: 'update-forwarding-parameters',
        ies: [{ ie: 'destination-interface', value: INTERFACE.access }, gtpuOuterHeader(gnb)],
      },
    ],
  };
}
