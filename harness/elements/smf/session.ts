import type { ApnConfig } from '../common/apn-config.ts';
import type { Granted } from '../common/pdu-session-policy.ts';

/** One SM context (TS 29.502 §6.1.3.3): the PDU session, its addresses and its N4 session. */
export interface SmContext {
  ref: string;
  /** SUPI as N11 names it (imsi-…), the UE context ID of N1N2MessageTransfer. */
  supi: string;
  pduSessionId: number;
  sNssai: { sst: number; sd?: number };
  /** The AMF's API root (from smContextStatusUri) that N1N2MessageTransfer goes to. */
  amf: string;
  /** Where the SMF notifies the AMF of the SM context's status (TS 29.502 §5.2.2.5). */
  statusUri: string;
  dnn: string;
  config: ApnConfig;
  granted: Granted;
  /** The PDU session's /64 (prefix::) and the interface identifier the UE was given. */
  prefix?: string;
  interfaceIdentifier?: string;
  /** The prefix DHCPv6 may delegate (DNN `prefixDelegation`, TS 23.501 §5.8.2.2.4): it starts with the /64. */
  delegated?: { prefix: string; length: number };
  ipv4?: string;
  qfi: number;
  /** Our SEID and the UPF's (after Session Establishment Response, TS 29.244 §7.5.3). */
  cpSeid: bigint;
  upSeid?: bigint;
  /** The UPF's N3 F-TEID for the uplink (Created PDR of the uplink PDR, §5.5.3). */
  n3?: { teid: number; address: string };
  /** The UPF's F-TEID that the SMF sends RAs to over N4-u (Created PDR of the CP-function PDR). */
  fromCp?: { teid: number; address: string };
  /** Our N4-u TEID the UPF sends Router Solicitations to. */
  n4uTeid: number;
  /** The gNB's DL F-TEID, after PDU Session Resource Setup Response Transfer. */
  gnb?: { teid: number; address: string };
  /**
   * As V-SMF, home-routed (TS 23.502 §4.3.2.2.2): the H-SMF's API root, its PDU session's URI
   * (Location of the N16 Create), the H-UPF's N9 F-TEID (hcnTunnelInfo) and the V-UPF's N9 F-TEID.
   */
  home?: {
    hSmf: string;
    uri?: string;
    hcn?: { teid: number; address: string };
    n9?: { teid: number; address: string };
    /** A UE-requested release sent to the H-SMF, waiting for its Update with the release (TS 23.502 §4.3.4.3 step 3). */
    pendingRelease?: (r: { cause: number; ies: Buffer }) => void;
    /** The H-SMF released its PDU session (no N16 Release after the UE's Release Complete). */
    released?: boolean;
  };
  /** As H-SMF: the V-SMF's PDU session URI and the V-UPF's N9 F-TEID (vcnTunnelInfo) the downlink goes to. */
  visited?: { uri: string; vcn: { teid: number; address: string } };
}
