import {
  commonFlag,
  findIe,
  findIes,
  GTPV1C_CAUSE as CAUSE,
  PDP_TYPE,
  type Gtpv1cIe,
  type Gtpv1cMessage,
} from '../../protocol/gtpv1c/index.ts';
import { Writer } from '../../protocol/common/cursor.ts';
import { pcoLength, writePco, type Pco } from '../../protocol/common/pco.ts';
import { randomInterfaceId } from '../common/address-pools.ts';
import { ueAddress } from '../common/address-index.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import { answerPco } from '../common/pco-answer.ts';
import { decideFamily, type PdnType } from '../common/pdn-type-decision.ts';
import type { GgsnFault } from './faults.ts';
import type { PdpContext, PdpContextTable } from './pdp-contexts.ts';
import type { WindowCounter } from './window-counter.ts';

/** What the GGSN's procedures work with. */
export interface GnProcedureContext {
  table: PdpContextTable;
  apns: Readonly<Record<string, ApnConfig>>;
  faults: ReadonlySet<GgsnFault>;
  /** The GGSN's address for GTP-C and GTP-U (its GGSN Addresses, §7.7.32). */
  address: string;
  restartCounter: number;
  /** The low-overload-threshold fault's admission. */
  admission: WindowCounter;
}

const FAMILY: Record<number, PdnType> = {
  [PDP_TYPE.IPV4]: 'ipv4',
  [PDP_TYPE.IPV6]: 'ipv6',
  [PDP_TYPE.IPV4V6]: 'ipv4v6',
};
const PDP_TYPE_OF: Record<PdnType, number> = { ipv4: PDP_TYPE.IPV4, ipv6: PDP_TYPE.IPV6, ipv4v6: PDP_TYPE.IPV4V6 };
/** TS 29.060 §7.7.1 causes for the family decision (TS 23.060 §9.2.1). */
const DECISION_CAUSE = {
  accepted: CAUSE.REQUEST_ACCEPTED,
  'network-preference': CAUSE.NEW_PDP_TYPE_NETWORK_PREFERENCE,
  'single-address-bearer-only': CAUSE.NEW_PDP_TYPE_SINGLE_ADDRESS_BEARER_ONLY,
  'not-allowed': CAUSE.UNKNOWN_PDP_ADDRESS_OR_PDP_TYPE,
} as const;

/**
 * Create PDP Context (TS 29.060 §7.3.1/§7.3.2; TS 29.061 §11.2.1.3): the mandatory IEs, the APN,
 * the PDP type decided by the APN's policy (End User Address 0x21, 0x57 or 0x8D, §7.7.27; IPv4v6
 * needs the Dual Address Bearer Flag, §7.7.48), a /64 with an interface identifier and an IPv4
 * address from the pools, the PCO answer; a Create for an already active IMSI/NSAPI replaces it
 * (§7.3.1). `from` is where the request came from, `path` the SGSN path it belongs to.
 */
export function createPdpContext(
  g: GnProcedureContext,
  req: Gtpv1cMessage,
  from: { address: string; port: number },
  path: string,
): Gtpv1cMessage {
  const sgsnC = findIe(req, 'teid-control-plane')?.teid ?? 0;
  const reply = (cause: number, ies: Gtpv1cIe[] = []): Gtpv1cMessage => ({
    type: 'create-pdp-context-response',
    teid: sgsnC,
    sequence: req.sequence,
    ies: [{ ie: 'cause', value: cause }, ...ies],
  });
  if (g.faults.has('low-overload-threshold') && !g.admission.admit(performance.now()))
    return reply(CAUSE.NO_RESOURCES_AVAILABLE);
  const eua = findIe(req, 'end-user-address');
  const apnIe = findIe(req, 'apn');
  const sgsnD = findIe(req, 'teid-data-i');
  const nsapi = findIe(req, 'nsapi');
  const gsn = findIes(req, 'gsn-address');
  // §7.3.1 Table 5: mandatory IEs (TEID-C is conditional: the SGSN may have sent it before).
  if (!eua || !apnIe || !sgsnD || !nsapi || gsn.length < 2 || !findIe(req, 'qos-profile'))
    return reply(CAUSE.MANDATORY_IE_MISSING);
  const apn = apnIe.apn.toLowerCase();
  const cfg = g.apns[apn];
  if (!cfg) return reply(CAUSE.MISSING_OR_UNKNOWN_APN);
  const requested = eua.pdpTypeOrganization === 1 ? FAMILY[eua.pdpType] : undefined;
  if (!requested) return reply(CAUSE.UNKNOWN_PDP_ADDRESS_OR_PDP_TYPE);
  const decision = g.faults.has('ignore-pdp-type-policy')
    ? { granted: requested, outcome: 'accepted' as const }
    : decideFamily(requested, commonFlag(findIe(req, 'common-flags'), 'dualAddressBearer'), {
        allowed: cfg.pdnTypes,
        singleAddressBearersOnly: cfg.singleAddressBearersOnly,
        prefer: cfg.prefer,
      });
  if (decision.granted === undefined) return reply(DECISION_CAUSE[decision.outcome]);
  const granted = decision.granted;
  const imsi = findIe(req, 'imsi')?.digits ?? '';
  // §7.3.1: a Create for an already active PDP context is a new session; the old one goes first.
  const active = imsi ? g.table.active(imsi, nsapi.nsapi) : undefined;
  if (active) g.table.release(active);
  const addresses = g.table.allocate(apn, cfg, granted);
  if (!addresses) return reply(CAUSE.ALL_DYNAMIC_PDP_ADDRESSES_OCCUPIED);
  const { prefix, ipv4 } = addresses;
  const interfaceId = prefix ? randomInterfaceId() : undefined;
  const teid = g.table.newTeid();
  const ctx: PdpContext = {
    apn,
    imsi,
    msisdn: findIe(req, 'msisdn')?.digits,
    pdpType: granted,
    teid,
    nsapi: nsapi.nsapi,
    sgsnTeidControl: sgsnC,
    // §7.3.1: the first GSN Address is the SGSN's for signalling, the second for user traffic.
    sgsn: { address: gsn[0].address, port: gsn[0].address === from.address ? from.port : 2123 },
    path,
    ipv6Prefix: prefix,
    interfaceId,
    ipv4,
    peerUserPlane: { teid: sgsnD.teid, address: gsn[1].address },
    config: cfg,
  };
  g.table.add(ctx);
  const ies: Gtpv1cIe[] = [
    { ie: 'reordering-required', required: false },
    { ie: 'recovery', restartCounter: g.restartCounter },
    { ie: 'teid-data-i', teid },
    { ie: 'teid-control-plane', teid },
    // §7.3.2: Charging ID is conditional on acceptance; libgtp peers (sgsnemu, osmo-sgsn) require it.
    { ie: 'charging-id', chargingId: teid },
  ];
  if (!g.faults.has('missing-eua')) {
    ies.push({
      ie: 'end-user-address',
      pdpTypeOrganization: 1,
      pdpType: PDP_TYPE_OF[granted],
      ...(ipv4 ? { ipv4 } : {}),
      ...(prefix && interfaceId ? { ipv6: ueAddress(prefix, interfaceId) } : {}),
    });
  }
  // TS 29.060 §7.3.2 (PCO, type 132: after the EUA, before the GSN Addresses); TS 29.061 §11.2.1.5.
  const pco = answerPco(findIe(req, 'pco'), {
    apn: cfg,
    granted,
    ipv4,
    withDns: !g.faults.has('no-pco-dns'),
    ipcp: g.faults.has('ipcp-ignored') ? 'ignore' : g.faults.has('ipcp-ack-unchanged') ? 'ack-unchanged' : 'negotiate',
  });
  if (pco) ies.push({ ie: 'pco', ...(g.faults.has('pco-overrun') ? overrun(pco) : pco) });
  ies.push(
    { ie: 'gsn-address', address: g.address },
    { ie: 'gsn-address', address: g.address },
    { ie: 'qos-profile', allocationRetentionPriority: 2, data: Buffer.from('0b921f', 'hex') },
  );
  return reply(DECISION_CAUSE[decision.outcome], ies);
}

/** The pco-overrun fault: the PCO gains a DNS container whose length says 4 octets where 1 follows. */
function overrun(pco: Pco): Pco {
  const w = Writer.alloc(pcoLength(pco) + 4, 'gtpv1c');
  writePco(w, pco);
  w.bytes(Buffer.from([0x00, 0x0d, 0x04, 0xc0]));
  return { ...pco, malformed: { octets: w.buf, reason: 'pco-overrun fault' } };
}
