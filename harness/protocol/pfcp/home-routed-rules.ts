import { applyAction } from './ies/flags.ts';
import type { PfcpIe } from './ies/index.ts';
import { INTERFACE, OUTER_HEADER_REMOVAL } from './ies/rules.ts';
import { FAR, gtpuOuterHeader, PDR } from './session-rules.ts';

/**
 * The N4 rules a V-SMF installs on its V-UPF for a home-routed PDU session (TS 23.502 §4.3.2.2.2
 * step 6, TS 23.501 §5.6.4): the V-UPF relays GTP-U between N3 (the gNB) and N9 (the home UPF),
 * with no UE address and no SDF in its PDRs — everything on the session's tunnels is the UE's,
 * the UE's Router Solicitations included (they reach the H-SMF through the H-UPF). Uplink PDR
 * (Access, N3 F-TEID chosen, QFI, GTP-U removed) → FAR toward Core, buffered until the H-SMF's
 * answer names the H-UPF's N9 F-TEID (step 14: Modification, `uplinkFarUpdate`); downlink PDR
 * (Core, N9 F-TEID chosen, GTP-U removed) → FAR toward Access, buffered until the gNB's F-TEID.
 */
export interface VisitedN4Params {
  dnn: string;
  qfi: number;
  /** Family of N3 and N9 (one node address, as the UPF stand-in has). */
  family: 'ipv6' | 'ipv4';
}

export function visitedSessionRules(p: VisitedN4Params): PfcpIe[] {
  const v6 = p.family === 'ipv6';
  const ni: PfcpIe = { ie: 'network-instance', name: p.dnn };
  const ohr: PfcpIe = {
    ie: 'outer-header-removal',
    description: v6 ? OUTER_HEADER_REMOVAL.GTPU_UDP_IPV6 : OUTER_HEADER_REMOVAL.GTPU_UDP_IPV4,
  };
  const choose = (chooseId: number): PfcpIe => ({ ie: 'f-teid', choose: { ipv4: !v6, ipv6: v6, chooseId } });
  return [
    {
      ie: 'create-pdr',
      ies: [
        { ie: 'pdr-id', ruleId: PDR.UPLINK },
        { ie: 'precedence', value: 255 },
        {
          ie: 'pdi',
          ies: [{ ie: 'source-interface', value: INTERFACE.access }, choose(1), ni, { ie: 'qfi', value: p.qfi }],
        },
        ohr,
        { ie: 'far-id', ruleId: FAR.TO_CORE },
        { ie: 'qer-id', ruleId: 1 },
      ],
    },
    {
      ie: 'create-pdr',
      ies: [
        { ie: 'pdr-id', ruleId: PDR.DOWNLINK },
        { ie: 'precedence', value: 255 },
        { ie: 'pdi', ies: [{ ie: 'source-interface', value: INTERFACE.core }, choose(2), ni] },
        ohr,
        { ie: 'far-id', ruleId: FAR.TO_ACCESS },
        { ie: 'qer-id', ruleId: 1 },
      ],
    },
    { ie: 'create-far', ies: [{ ie: 'far-id', ruleId: FAR.TO_CORE }, applyAction('buff')] },
    { ie: 'create-far', ies: [{ ie: 'far-id', ruleId: FAR.TO_ACCESS }, applyAction('buff')] },
    {
      ie: 'create-qer',
      ies: [
        { ie: 'qer-id', ruleId: 1 },
        { ie: 'gate-status', ul: 0, dl: 0 },
        { ie: 'qfi', value: p.qfi },
      ],
    },
  ];
}

/** §7.5.4 Update FAR of the V-UPF's uplink: forward over N9 to the H-UPF's F-TEID (TS 23.502 §4.3.2.2.2 step 14). */
export function uplinkFarUpdate(hUpf: { teid: number; address: string }): PfcpIe {
  return {
    ie: 'update-far',
    ies: [
      { ie: 'far-id', ruleId: FAR.TO_CORE },
      applyAction('forw'),
      {
        ie: 'update-forwarding-parameters',
        ies: [{ ie: 'destination-interface', value: INTERFACE.core }, gtpuOuterHeader(hUpf)],
      },
    ],
  };
}

/**
 * §7.5.4 Update FAR of the V-UPF's uplink: drop (apply action DROP), the V-UPF's N9 uplink stopped
 * before the H-SMF is asked to release (TS 23.502 §4.3.4.3 step 1a).
 */
export function uplinkFarStop(): PfcpIe {
  return { ie: 'update-far', ies: [{ ie: 'far-id', ruleId: FAR.TO_CORE }, applyAction('drop')] };
}
