import type { PacketRecorder } from '../../net/pcap/index.ts';
import {
  applyAction,
  flagsIe,
  INTERFACE,
  networkInstance,
  OUTER_HEADER_REMOVAL,
  PDN_TYPE,
  PFCP_PORT,
  type PfcpIe,
  type PfcpMessage,
} from '../../protocol/pfcp/index.ts';
import type { ReliabilityTimers } from '../common/gtp-transactions.ts';
import { gtpuOuterHeader, PfcpCpNode, type PfcpOutcome } from '../common/pfcp-cp.ts';
import type { Endpoint } from '../common/udp-peer.ts';

/**
 * The SMF side of N4 (TS 29.244 in the 5G role, TS 23.501 §5.8.2), driving a UPF under test. A PDU
 * session's rules: uplink PDR (Access, F-TEID chosen by the UPF, the QFI, the UE IP address as
 * source, GTP-U removed) → FAR to Core; downlink PDR (Core, UE IP address as destination) → FAR to
 * Access, buffered until the gNB's N3 F-TEID is known (Modification); a QER with the QFI and the
 * session AMBR as MBR; a volume URR. For IPv6 PDU sessions, TS 23.501 §5.8.2.2.2: a PDR that sends
 * the UE's Router Solicitations (SDF "permit out 58 from ff02::2/128 to assigned") to the SMF over
 * N4-u, and a PDR for what the SMF sends back (Source Interface CP-function) → the downlink FAR.
 */
export interface SmfN4Options {
  /** `kind`: a real or external UPF gets our N4 on port 8805 where it is free (see `open`). */
  upf: Endpoint & { kind?: 'standin' | 'external' | 'real' };
  recorder: PacketRecorder;
  timers?: ReliabilityTimers;
}

export interface N4SessionParams {
  dnn: string;
  pduSessionType: 'ipv4' | 'ipv6' | 'ipv4v6';
  /** The UE's /64 (prefix::) from the SMF's pool, or 'choose' (CHV6: the UPF allocates it, §5.21.1). */
  ueIpv6?: string | 'choose';
  ueIpv4?: string | 'choose';
  qfi: number;
  /** N3 address family of the F-TEID the UPF should choose. */
  n3Family: 'ipv6' | 'ipv4';
  /** The SMF's N4-u F-TEID that Router Solicitations are sent to (none: no RS forwarding rules). */
  cpTunnel?: { teid: number; address: string };
  /** Session AMBR (kbps) as the QER's MBR. */
  ambrKbps?: { ul: number; dl: number };
}

export const PDR = { UPLINK: 1, DOWNLINK: 2, ROUTER_SOLICITATION: 3, FROM_CP: 4 } as const;
export const FAR = { TO_CORE: 1, TO_ACCESS: 2, TO_CP: 3 } as const;

export class SmfN4Driver {
  private readonly cp: PfcpCpNode;

  constructor(private readonly opts: SmfN4Options) {
    this.cp = new PfcpCpNode(opts.upf, opts.recorder, 'upf', opts.timers);
  }

  /**
   * Toward a real UPF our N4 listens on PFCP's port, 8805, as an SMF does: a UP function sends its
   * requests (Heartbeat, Session Report) there (TS 29.244 §7.2.2.2). Where the port is taken on
   * this host, any port (those requests are then lost unless the UPF sends them to our source port).
   * A stand-in answers wherever we are.
   */
  async open(): Promise<Endpoint> {
    if (this.opts.upf.kind && this.opts.upf.kind !== 'standin')
      try {
        return await this.cp.open(undefined, PFCP_PORT);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      }
    return this.cp.open();
  }

  close(): Promise<void> {
    return this.cp.close();
  }

  get address(): string {
    return this.cp.address;
  }

  associate(signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.associate(signal);
  }

  heartbeat(signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.heartbeat(signal);
  }

  /** §6.2.8.2 Association Release: the UPF deletes the sessions of this association. */
  releaseAssociation(signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.release(signal);
  }

  /** §7.5.2 Session Establishment Request; returns the outcome and our (CP) SEID. */
  async establish(p: N4SessionParams, signal?: AbortSignal): Promise<{ outcome: PfcpOutcome; cpSeid: bigint }> {
    const cpSeid = this.cp.allocateSeid();
    const outcome = await this.cp.request(
      {
        type: 'session-establishment-request',
        seid: 0n,
        ies: [this.cp.nodeId(), this.cp.fseid(cpSeid), ...sessionRules(p)],
      } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
    return { outcome, cpSeid };
  }

  /** §7.5.4 Session Modification: the downlink FAR forwards to the gNB's N3 F-TEID (TS 23.502 §4.3.2.2.1 step 16). */
  modifyDownlink(upSeid: bigint, gnb: { teid: number; address: string }, signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.request(
      {
        type: 'session-modification-request',
        seid: upSeid,
        ies: [
          {
            ie: 'update-far',
            ies: [
              { ie: 'far-id', ruleId: FAR.TO_ACCESS },
              applyAction('forw'),
              {
                ie: 'update-forwarding-parameters',
                ies: [{ ie: 'destination-interface', value: INTERFACE.access }, gtpuOuterHeader(gnb)],
              },
            ],
          },
        ],
      } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }

  /** §7.5.4 Session Modification of the session QER's gates (§8.2.7: open or closed per direction, §5.4.2). */
  modifyGates(
    upSeid: bigint,
    gates: { ul: 'open' | 'closed'; dl: 'open' | 'closed' },
    signal?: AbortSignal,
  ): Promise<PfcpOutcome> {
    const v = (g: 'open' | 'closed') => (g === 'open' ? 0 : 1);
    return this.cp.request(
      {
        type: 'session-modification-request',
        seid: upSeid,
        ies: [
          {
            ie: 'update-qer',
            ies: [
              { ie: 'qer-id', ruleId: 1 },
              { ie: 'gate-status', ul: v(gates.ul), dl: v(gates.dl) },
            ],
          },
        ],
      } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }

  /** §7.5.6 Session Deletion. */
  delete(upSeid: bigint, signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.request(
      { type: 'session-deletion-request', seid: upSeid, ies: [] } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }

  /** Any request (negative tests: a Modification with a rule that cannot be applied, ...). */
  request(m: Omit<PfcpMessage, 'sequence'>, signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.request(m, signal);
  }
}

function ueIp(p: N4SessionParams, sd: 'source' | 'destination'): PfcpIe {
  const ie: PfcpIe = { ie: 'ue-ip-address', sourceOrDestination: sd };
  if (p.ueIpv6 === 'choose') ie.chooseIpv6 = true;
  else if (p.ueIpv6) {
    ie.ipv6 = p.ueIpv6;
    ie.ipv6PrefixLength = 64;
  }
  if (p.ueIpv4 === 'choose') ie.chooseIpv4 = true;
  else if (p.ueIpv4) ie.ipv4 = p.ueIpv4;
  return ie;
}

/** The Create PDR/FAR/QER/URR IEs of one PDU session with its default QoS flow. */
export function sessionRules(p: N4SessionParams): PfcpIe[] {
  const v6 = p.n3Family === 'ipv6';
  const ni = networkInstance(p.dnn);
  const ohr: PfcpIe = {
    ie: 'outer-header-removal',
    description: v6 ? OUTER_HEADER_REMOVAL.GTPU_UDP_IPV6 : OUTER_HEADER_REMOVAL.GTPU_UDP_IPV4,
  };
  const n3Teid: PfcpIe = { ie: 'f-teid', choose: { ipv4: !v6, ipv6: v6, chooseId: 1 } };
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
    { ie: 'create-far', ies: [{ ie: 'far-id', ruleId: FAR.TO_ACCESS }, applyAction('buff')] },
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
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: PDR.ROUTER_SOLICITATION },
          { ie: 'precedence', value: 1 },
          {
            ie: 'pdi',
            ies: [
              { ie: 'source-interface', value: INTERFACE.access },
              n3Teid,
              ni,
              { ie: 'qfi', value: p.qfi },
              { ie: 'sdf-filter', flowDescription: 'permit out 58 from ff02::2/128 to assigned' },
            ],
          },
          ohr,
          { ie: 'far-id', ruleId: FAR.TO_CP },
        ],
      },
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
  }
  return rules;
}
