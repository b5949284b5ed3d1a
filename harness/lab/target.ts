import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * A target file (targets/*.yaml) says, per element, whether it is a stand-in or an external DUT.
 * The schema lives with the lab because the lab is what reads it; the runner validates with it.
 */
const transport = z.enum(['ipv6', 'ipv4']);

const ipv6Prefix = z.string().regex(/^[0-9a-fA-F:]+\/\d{1,3}$/, 'an IPv6 prefix such as 2001:db8:100::/48');
const ipv4Prefix = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'an IPv4 prefix such as 198.51.100.0/24');
const ip = z.string().refine((a) => isIP(a) !== 0, 'must be an IPv4 or IPv6 address');

/**
 * The operator's declared policy for one APN (what the element is meant to do). Stand-ins are
 * configured from it; scenarios judge any element, stand-in or DUT, against it.
 */
export const apnPolicySchema = z
  .object({
    /** PDN types the APN grants: one family, or both. */
    pdnTypes: z.enum(['ipv4', 'ipv6', 'ipv4v6']),
    /** A dual-stack APN that sets up single-address bearers only (cause 19 for IPv4v6, TS 29.274 §8.4). */
    singleAddressBearersOnly: z.boolean().default(false),
    /** The family granted when only one can be. */
    prefer: z.enum(['ipv4', 'ipv6']).default('ipv6'),
    ipv6Pool: ipv6Prefix.default('2001:db8:100::/48'),
    ipv4Pool: ipv4Prefix.default('198.51.100.0/24'),
    dnsIpv6: z.array(ip).default(['2001:db8:53::1']),
    dnsIpv4: z.array(ip).default(['192.0.2.53']),
    /** IPv4 link MTU in PCO (0x0010) and the RA MTU option. */
    mtu: z.number().int().min(1280).max(9000).default(1400),
    /** An IPv6 address that answers ICMPv6 echo through this APN (e.g. the gateway's own SGi/tun address). */
    probeIpv6: ip.optional(),
    /**
     * DHCPv6 prefix delegation (TS 23.401 §5.3.1.2.6, RFC 8415): the length of the prefix each PDN
     * connection may be delegated, holding its /64 (excluded with PD_EXCLUDE, RFC 6603). Absent: none.
     */
    prefixDelegation: z.number().int().min(32).max(63).optional(),
    /**
     * 5GS: the only PDU session type the DNN allows (TS 24.501 §6.4.1.4.1): any other is rejected
     * with 5GSM cause #57 "PDU session type IPv4v6 only allowed" or #58 "PDU session type
     * Unstructured only allowed". Absent: the types of `pdnTypes` (and the #50/#51 fallback).
     */
    sessionTypeOnly: z.enum(['ipv4v6', 'unstructured']).optional(),
    /** The NAT64 prefix (Pref64::/n, RFC 6052) the RA announces in a PREF64 option (RFC 8781) for 464XLAT. */
    pref64: ipv6Prefix.optional(),
    /**
     * The element of this target that is the PLAT for `pref64` (RFC 6877 §2: the NAT64 behind the
     * APN), e.g. `nat64`. The docker lab starts it with a `sgi: tun` PGW and routes Pref64::/n to it
     * over SGi; scenarios name it when translation fails. Absent: the PGW's own (in-process, the
     * NAT64 stand-in behind its SGi).
     */
    plat: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/)
      .optional(),
  })
  .strict();

export type ApnPolicy = z.infer<typeof apnPolicySchema>;
const apns = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'APN names are lowercase labels'), apnPolicySchema)
  .default({});
/**
 * 5GS: the declared policy per DNN (TS 23.501 §5.8.2.2: the PDU session types it grants, pools,
 * DNS, MTU, Pref64), the same shape as an APN's (`pdnTypes` = PDU session types).
 */
const dnns = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'DNN names are lowercase labels'), apnPolicySchema)
  .default({});

/**
 * What a scenario asks an element's APNs for, by role rather than by name (docs/targets.md): each
 * role is the APN named in the element's `roles:`, else the first APN whose declaration fits
 * (harness/lab/apn-roles.ts). A scenario whose role no APN fills is skipped, naming the role.
 */
export const APN_ROLES = {
  dualStack: 'grants IPv4v6 with dual-address bearers (pdnTypes: ipv4v6)',
  ipv6Only: 'grants IPv6 only (pdnTypes: ipv6)',
  ipv4Only: 'grants IPv4 only (pdnTypes: ipv4)',
  singleAddress: 'dual-stack with single-address bearers only (pdnTypes: ipv4v6, singleAddressBearersOnly: true)',
  tinyPool: 'an IPv6 pool of at most 16 /64s, to exhaust (e.g. ipv6Pool: 2001:db8:300::/63)',
  prefixDelegation: 'delegates a prefix per PDN connection (prefixDelegation: 56)',
  xlat: 'IPv6-only with a PLAT for 464XLAT (pdnTypes: ipv6, pref64: …)',
  ipv4v6Only: 'a DNN allowing PDU session type IPv4v6 only (sessionTypeOnly: ipv4v6; 5GSM #57)',
  unstructuredOnly: 'a DNN allowing PDU session type Unstructured only (sessionTypeOnly: unstructured; 5GSM #58)',
} as const;
export type ApnRole = keyof typeof APN_ROLES;
const apnRoles = z
  .object(
    Object.fromEntries(Object.keys(APN_ROLES).map((r) => [r, z.string().optional()])) as Record<
      ApnRole,
      z.ZodOptional<z.ZodString>
    >,
  )
  .strict()
  .optional();

/**
 * The family per interface where it differs from the element's transport (F-TEIDs then carry V4
 * or V6 accordingly, TS 29.274 §8.22): the SGW uses s11, s1u and s5; the PGW s5; the GGSN gn.
 */
const interfaces = z.record(z.enum(['s11', 's1u', 's5', 'gn', 'sxb']), transport).default({});
export type InterfaceName = 's11' | 's1u' | 's5' | 'gn' | 'sxb';

const interfaceName = z.string().regex(/^[A-Za-z0-9_.@-]{1,15}$/, 'a network interface name such as eth1');
const ipv6Address = z.string().refine((a) => isIP(a) === 6, 'must be an IPv6 address');
const ipv4Address = z.string().refine((a) => isIP(a) === 4, 'must be an IPv4 address');

const plmnId = z.string().regex(/^\d{3}-\d{2,3}$/, 'a PLMN as MCC-MNC, e.g. 001-01');
const hex128 = z.string().regex(/^[0-9a-fA-F]{32}$/, '128 bits as 32 hex digits');

/**
 * What an AMF serves and how it is reached on N2 (TS 38.413): its TAC, the S-NSSAIs it serves
 * (SST and an SD of 6 hex digits, TS 23.003 §28.4.2), the home network keys of SUCI protection
 * (TS 33.501 Annex C.3: a stand-in holds the private key, a DUT's target the public one the USIMs
 * hold), its NAS algorithm preference (TS 33.501 §6.7.1) and SCTP over raw IP or over UDP
 * (RFC 6951). Its PLMN is `homePlmn`.
 */
const amfFields = {
  tac: z.number().int().min(0).max(0xffffff).optional(),
  slices: z
    .array(
      z
        .object({
          sst: z.number().int().min(0).max(255),
          sd: z
            .string()
            .regex(/^[0-9a-fA-F]{6}$/, 'an SD of 6 hex digits')
            .optional(),
        })
        .strict(),
    )
    .optional(),
  suciKeys: z
    .array(
      z
        .object({
          id: z.number().int().min(0).max(255),
          profile: z.enum(['A', 'B']),
          privateKey: z
            .string()
            .regex(/^[0-9a-fA-F]{64}$/, '32 octets as 64 hex digits')
            .optional(),
          publicKey: z
            .string()
            .regex(/^[0-9a-fA-F]{64,66}$/, 'the public key in hex (33 octets compressed for profile B)')
            .optional(),
        })
        .strict()
        .refine((k) => k.privateKey !== undefined || k.publicKey !== undefined, 'privateKey or publicKey'),
    )
    .optional(),
  nasSecurity: z
    .object({
      integrity: z.array(z.enum(['nia0', 'nia1', 'nia2', 'nia3'])).min(1),
      ciphering: z.array(z.enum(['nea0', 'nea1', 'nea2', 'nea3'])).min(1),
    })
    .strict()
    .optional(),
};

/**
 * One subscriber's data in the HSS (TS 29.272 §7.3.2 Subscription-Data): per APN the subscribed
 * PDN type (§7.3.62) and Context-Identifier (§7.3.27; default: the APN's position, from 1), the
 * default APN (the first), and the visited PLMNs it may roam in (§5.2.1.1.3; the HSS's home PLMN
 * is always allowed, `any` allows every PLMN).
 */
export const subscriberSchema = z
  .object({
    msisdn: z
      .string()
      .regex(/^\d{5,15}$/, 'MSISDN digits')
      .optional(),
    apns: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'APN names are lowercase labels'),
        z
          .object({
            pdnType: z.enum(['ipv4', 'ipv6', 'ipv4v6', 'ipv4-or-ipv6']),
            contextId: z.number().int().min(1).max(0xffffffff).optional(),
          })
          .strict(),
      )
      .default({}),
    roaming: z.union([z.literal('any'), z.array(plmnId)]).default([]),
    /** 5G (AMF, with the AUSF/UDM folded in): the USIM's K and OPc for MILENAGE (TS 35.206), 32 hex digits each. */
    k: hex128.optional(),
    opc: hex128.optional(),
    /** 5G: the SQN the home network starts from (TS 33.102 §6.3; 48 bits). */
    sqn: z
      .number()
      .int()
      .min(0)
      .max(2 ** 48 - 1)
      .optional(),
    /** This IMSI and the next `count - 1` share the data (the subscribers of a load). */
    count: z.number().int().min(1).max(100_000_000).default(1),
  })
  .strict()
  .refine(
    (s) => Object.keys(s.apns).length > 0 || (s.k !== undefined && s.opc !== undefined),
    'a subscriber needs at least one APN (HSS, 4G) or K and OPc (AMF, 5G)',
  );

export type Subscriber = z.infer<typeof subscriberSchema>;
/** Subscribers by IMSI (TS 23.003 §2.2: at most 15 digits). */
const subscribers = z.record(z.string().regex(/^\d{6,15}$/, 'an IMSI of 6 to 15 digits'), subscriberSchema);

/**
 * A PCRF's decision for IP-CAN sessions (TS 29.212 §4.5.1): the default bearer's QCI and ARP
 * (Default-EPS-Bearer-QoS), the APN-AMBR in bit/s, PCC rules to install (Charging-Rule-Install), or
 * a Result-Code / vendor-specific Experimental-Result-Code that rejects the session (negative tests).
 */
const bitRates = z.object({ uplink: z.number().int().min(0), downlink: z.number().int().min(0) }).strict();
const arp = z
  .object({
    priorityLevel: z.number().int().min(1).max(15).default(8),
    preemptionCapability: z.boolean().default(false),
    preemptionVulnerability: z.boolean().default(true),
  })
  .strict();
export const gxDecisionSchema = z
  .object({
    qci: z.number().int().min(1).max(254).optional(),
    arp: arp.optional(),
    apnAmbr: bitRates.optional(),
    chargingRules: z
      .array(
        z
          .object({
            name: z.string().min(1),
            precedence: z.number().int().min(0).optional(),
            /** IPFilterRule text (RFC 6733 §4.3), e.g. `permit out ip from any to assigned`. */
            flows: z.array(z.string().min(1)).min(1),
            qci: z.number().int().min(1).max(254).optional(),
            mbr: bitRates.optional(),
            gbr: bitRates.optional(),
          })
          .strict(),
      )
      .optional(),
    resultCode: z.number().int().min(1000).max(5999).optional(),
    experimentalResultCode: z.number().int().min(1000).max(5999).optional(),
  })
  .strict();
export type GxDecision = z.infer<typeof gxDecisionSchema>;
const gxPolicy = z
  .object({
    /** Every IP-CAN session, unless its APN (Called-Station-Id) has its own entry below. */
    default: gxDecisionSchema.default({}),
    apns: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'APN names are lowercase labels'), gxDecisionSchema)
      .default({}),
  })
  .strict();
export type GxPolicyDeclaration = z.infer<typeof gxPolicy>;

const standin = z
  .object({
    kind: z.literal('standin'),
    /** Which stand-in to run (defaults to the element's name). */
    standin: z.string().optional(),
    /** Address family of the element's GTP/PFCP transport. */
    transport: transport.default('ipv6'),
    interfaces,
    /**
     * The PGW's SGi: `inproc` answers for the target's internet hosts inside the stand-in; `tun`
     * (docker lab) makes SGi a real TUN device, so UE traffic crosses the kernel to host containers.
     */
    sgi: z.enum(['inproc', 'tun']).default('inproc'),
    /** Deliberate misbehaviours, to prove scenarios can fail (see each stand-in's fault list). */
    faults: z.array(z.string()).default([]),
    /** Initial Recovery restart counter (TS 23.007 §18). */
    restartCounter: z.number().int().min(0).max(255).default(1),
    /** GGSN: seconds between the Echo Requests it sends on each GTP-C path in use (TS 29.060 §7.2.1: 60 or more on a real network); absent: none. */
    echoInterval: z.number().int().min(1).max(3600).optional(),
    apns,
    dnns,
    /** Which APN plays which role in the scenarios (default: inferred from the APNs, docs/targets.md). */
    roles: apnRoles,
    /** A DNS64 stand-in's Pref64::/n where it differs from `gateway.nat64Prefix`. */
    nat64Prefix: ipv6Prefix.optional(),
    /** HSS: the subscribers it serves (S6a, TS 29.272). */
    subscribers: subscribers.optional(),
    /** HSS: its home PLMN (MCC-MNC), where every subscriber may attach. */
    homePlmn: plmnId.optional(),
    /** HSS: its Diameter realm and host (RFC 6733 §6: Origin-Realm, Origin-Host). */
    diameterRealm: z
      .string()
      .regex(/^[a-z0-9.-]+$/i)
      .optional(),
    /** PGW or GGSN: the element (an AAA) it sends RADIUS accounting to, when a scenario runs both (TS 29.061 §16). */
    aaa: z.string().optional(),
    /** AAA: the RADIUS shared secret (RFC 2866 §3) its clients use. */
    secret: z.string().min(1).optional(),
    ...amfFields,
    /** AMF: N2 over raw SCTP or SCTP over UDP (RFC 6951; in-process and between containers). */
    sctp: z.enum(['raw', 'udp']).default('udp'),
    /** AMF: the SMF (an element of this target) it relays PDU sessions to over N11. */
    smf: z.string().optional(),
    /** SMF: the UPF (an element of this target) it controls over N4 and sends Router Advertisements through. */
    upf: z.string().optional(),
    /** SMF: its role in home-routed roaming (TS 23.502 §4.3.2.2.2): a V-SMF relays to an H-SMF over N16. */
    smfRole: z.enum(['smf', 'v-smf', 'h-smf']).default('smf'),
    /** V-SMF: the H-SMF (an element of this target) it creates PDU sessions on over N16 (TS 29.502 §5.2.2.7). */
    hsmf: z.string().optional(),
    /** PCRF: what it authorizes on Gx (TS 29.212), by APN. */
    policy: gxPolicy.optional(),
  })
  .strict();

const external = z
  .object({
    kind: z.literal('external'),
    address: z.string().refine((a) => isIP(a) !== 0, 'must be an IPv4 or IPv6 address'),
    /** Where it listens; default by the element's kind (element-kinds.ts): 2123 GTP-C, 8805 PFCP, 80 SBI (an SMF's N11), 3868 Diameter, 1813 RADIUS, 53 DNS. */
    port: z.number().int().min(1).max(65535).optional(),
    /** Its GTP-U port where it is not 2152 (TS 29.281 §4.4.2): a lab that runs several gateways on one host. */
    userPlanePort: z.number().int().min(1).max(65535).optional(),
    /** The DUT's IPv4 address where it has both (a resolver that IPv4 clients ask, the AAAA filter). */
    ipv4Address: z
      .string()
      .refine((a) => isIP(a) === 4, 'must be an IPv4 address')
      .optional(),
    /** The DUT's declared transport family per interface (judged from the F-TEIDs it sends). */
    interfaces,
    /** GGSN: seconds between the Echo Requests it sends on each GTP-C path in use (TS 29.060 §7.2.1), as configured. */
    echoInterval: z.number().int().min(1).max(3600).optional(),
    apns,
    dnns,
    /** Which APN plays which role in the scenarios (default: inferred from the APNs, docs/targets.md). */
    roles: apnRoles,
    /** HSS: the subscribers it serves (S6a, TS 29.272). */
    subscribers: subscribers.optional(),
    /** HSS: its home PLMN (MCC-MNC), where every subscriber may attach. */
    homePlmn: plmnId.optional(),
    /** HSS: its Diameter realm and host (RFC 6733 §6: Origin-Realm, Origin-Host). */
    diameterRealm: z
      .string()
      .regex(/^[a-z0-9.-]+$/i)
      .optional(),
    /** AAA: the RADIUS shared secret (RFC 2866 §3) the harness may use as a NAS (backend/radius-*). */
    secret: z.string().min(1).optional(),
    /**
     * SMF: its N4 (PFCP, TS 29.244 §4.2.2) address toward its UPFs, where pre-flight sends a PFCP
     * Heartbeat (§7.4.2) beside the N11 probe; `address`/`port` are N11 (h2c, default port 80).
     */
    n4Address: z
      .string()
      .refine((a) => isIP(a) !== 0, 'must be an IPv4 or IPv6 address')
      .optional(),
    /** SMF: its N4 port where it is not 8805. */
    n4Port: z.number().int().min(1).max(65535).optional(),
    ...amfFields,
    /** AMF: N2 over raw SCTP (what AMFs speak) or over UDP (RFC 6951) on `sctpUdpPort`. */
    sctp: z.enum(['raw', 'udp']).default('raw'),
    sctpUdpPort: z.number().int().min(1).max(65535).default(9899),
    /**
     * Firewall: the harness host's interface cabled to the firewall's UE side (the harness puts the
     * declared UE addresses on it and routes the server's networks via `address` / `ipv4Address`,
     * the firewall's own addresses on that side) — docs/targets.md, "Firewall".
     */
    inside: z.object({ interface: interfaceName }).strict().optional(),
    /**
     * Firewall: the host interface cabled to its internet side; the harness makes a network
     * namespace there for the server (echo services, discard, the narrow-MTU hop) with a macvlan
     * on it, default routes via the firewall's own addresses on that side (`ipv6`, `ipv4`).
     */
    outside: z
      .object({ interface: interfaceName, ipv6: ipv6Address, ipv4: ipv4Address.optional() })
      .strict()
      .optional(),
  })
  .strict();

/**
 * A real element from a Debian package, run and configured by the docker lab from the target's
 * `gateway:` policy: unbound as DNS64, bind9 with filter-aaaa.so as the AAAA filter, tayga as
 * NAT64. `faults` are misconfigurations an operator could make (see harness/lab/docker/real/).
 */
const real = z
  .object({
    kind: z.literal('real'),
    /**
     * Debian packages (unbound, bind9, tayga, nftables, freeradius), or open5gs built from source
     * (containers/open5gs: SGW-C, SGW-U, SMF as PGW-C, UPF), each configured by the docker lab.
     */
    software: z.enum([
      'unbound',
      'bind9',
      'tayga',
      'nftables',
      'freeradius',
      'open5gs-sgwc',
      'open5gs-sgwu',
      'open5gs-smf',
      'open5gs-upf',
    ]),
    /** This DNS64's or NAT64's Pref64::/n where it differs from `gateway.nat64Prefix`. */
    nat64Prefix: ipv6Prefix.optional(),
    /** AAA (freeradius): the RADIUS shared secret (RFC 2866 §3) of its clients. */
    secret: z.string().min(1).optional(),
    /**
     * nftables: the user's own rule set (`nft -f` syntax), relative to the target file, loaded instead
     * of the one the lab writes from `gateway.firewall`; its interfaces are `ue0` (toward the UEs) and
     * `in0` (toward the internet). Not with `faults`, which edit the lab's own rule set.
     */
    rulesetFile: z.string().min(1).optional(),
    faults: z.array(z.string()).default([]),
    /** open5gs: the family the harness reaches it over (GTP-C, PFCP; default ipv6); it serves both where the lab has both. */
    transport: transport.optional(),
    /** open5gs: the declared family per interface, as for external DUTs. */
    interfaces: interfaces.optional(),
    /** open5gs SMF and UPF: the APNs (DNNs) with their pools, DNS servers and MTU. */
    apns: apns.optional(),
    /**
     * open5gs UPF in the 5G role (N4 from the SMF the harness plays, N3 from its gNB): the DNNs the
     * core5g scenarios ask of it, with their pools (on its TUN, routed back over N6 like an APN's).
     */
    dnns: dnns.optional(),
    /** open5gs SGW-C: its SGW-U (Sxa); SMF: its UPF (Sxb); each an element of this target. */
    userPlane: z.string().optional(),
    /** open5gs SMF: the PCRF it asks on Gx (an element of this target). */
    pcrf: z.string().optional(),
  })
  .strict();

export const elementSchema = z.discriminatedUnion('kind', [standin, external, real]);

/**
 * Hosts reachable through the gateways' SGi/Gi (the internet stand-in in-process; real hosts for
 * a real network): IPv6-only, IPv4-only, dual-stack, and dual-stack with broken IPv6.
 */
const dual = z.object({ ipv6: ip, ipv4: ip }).strict();
export const internetSchema = z
  .object({
    ipv6Only: ip,
    ipv4Only: ip,
    dualStack: dual,
    brokenIpv6: dual,
    /** UDP echo (RFC 862) port on every host. */
    udpEchoPort: z.number().int().min(1).max(65535).default(7),
  })
  .strict();

/**
 * What the harness may send toward elements the target marks external (CLOUD-HARM): a ceiling by
 * default, raised only by writing it here. Stand-ins are not limited.
 */
export const limitsSchema = z
  .object({
    /** GTP-C/PFCP/RADIUS messages per second toward each external element. */
    messagesPerSecond: z.number().positive().max(1_000_000).default(50),
    /** GTP-U packets per second toward each external element's user plane. */
    userPlanePacketsPerSecond: z.number().positive().max(10_000_000).default(1000),
  })
  .strict();

const dnsName = z.string().regex(/^([a-z0-9-]+\.)+[a-z0-9-]+$/i, 'a domain name such as a-only.v6lab.example');
const ipv4 = z.string().refine((a) => isIP(a) === 4, 'must be an IPv4 address');
const ipv6 = z.string().refine((a) => isIP(a) === 6, 'must be an IPv6 address');

const service = z.object({ protocol: z.enum(['tcp', 'udp']), port: z.number().int().min(1).max(65535) }).strict();

/**
 * The operator's filtering policy at the internet connection (MNO-INTERNET, IOT-GLOBAL): the UE
 * side (consumer UEs and UEs of an IoT APN with global addresses), a server on the internet
 * side, and the services blocked and allowed from UEs. The same rules hold for IPv4 and IPv6.
 * The docker lab builds this topology around an nftables firewall; the harness is the UE side.
 */
export const firewallSchema = z
  .object({
    ueIpv6: ipv6.default('2001:db8:f1::1'),
    ueIpv4: ipv4.default('203.0.113.1'),
    /** UE addresses on an IoT APN with global addressing: reachable from the internet (IOT-GLOBAL). */
    iotUeIpv6: ipv6.default('2001:db8:f1::100'),
    serverIpv6: ipv6.default('2001:db8:f2::2'),
    serverIpv4: ipv4.default('203.0.113.18'),
    /** Behind the server, over a link of `beyondMtu`: where Packet Too Big comes from. */
    beyondIpv6: ipv6.default('2001:db8:f3::1'),
    beyondMtu: z.number().int().min(1280).max(1500).default(1300),
    blocked: z.array(service).default([{ protocol: 'tcp', port: 25 }]),
    allowed: z.array(service).default([
      { protocol: 'tcp', port: 80 },
      { protocol: 'udp', port: 7 },
    ]),
  })
  .strict();

export type FirewallPolicy = z.infer<typeof firewallSchema>;

/**
 * The operator's declared gateway-centre policy: what the DNS64, NAT64 and AAAA filter are meant
 * to do, and the names (with the records their zone holds) that the gateway scenarios ask. The
 * docker lab serves these names from an authoritative bind9; against a real network they must exist.
 */
export const gatewaySchema = z
  .object({
    /** Pref64::/n of the DNS64 and the NAT64 (RFC 6052 §2.2, §2.4). */
    nat64Prefix: ipv6Prefix.default('2001:db8:64::/96'),
    names: z
      .object({
        aOnly: z
          .object({ name: dnsName, ipv4: ipv4 })
          .strict()
          .default({ name: 'a-only.v6lab.example', ipv4: '192.0.2.4' }),
        dualStack: z
          .object({ name: dnsName, ipv4: ipv4, ipv6: ipv6 })
          .strict()
          .default({ name: 'dual.v6lab.example', ipv4: '192.0.2.46', ipv6: '2001:db8:f000::46' }),
        aaaaOnly: z
          .object({ name: dnsName, ipv6: ipv6 })
          .strict()
          .default({ name: 'v6-only.v6lab.example', ipv6: '2001:db8:f000::6' }),
        /** A name whose AAAA is the IPv4-mapped form (::ffff:a.b.c.d) of its A. */
        mapped: z
          .object({ name: dnsName, ipv4: ipv4 })
          .strict()
          .default({ name: 'mapped.v6lab.example', ipv4: '192.0.2.7' }),
        nxdomain: dnsName.default('nx.v6lab.example'),
        /** A-only, with the address of RFC 6052 §2.4's examples (192.0.2.33). */
        rfc6052: z
          .object({ name: dnsName, ipv4: ipv4 })
          .strict()
          .default({ name: 'rfc6052.v6lab.example', ipv4: '192.0.2.33' }),
        /** A and AAAA of the internet host whose IPv6 is broken (`internet.brokenIpv6`): what Happy Eyeballs (RFC 8305) is for. */
        brokenIpv6: z
          .object({ name: dnsName, ipv4: ipv4, ipv6: ipv6 })
          .strict()
          .default({ name: 'broken-v6.v6lab.example', ipv4: '192.0.2.66', ipv6: '2001:db8:f000::bad' }),
        /**
         * A wildcard of A-only names (`*.name A ipv4`, no AAAA): every name under it is different, so
         * a DNS64 must synthesize each answer afresh (RFC 8219 §9 query rate, dns64perf-style).
         */
        aOnlyWildcard: z
          .object({ name: dnsName, ipv4: ipv4 })
          .strict()
          .default({ name: 'any.v6lab.example', ipv4: '192.0.2.5' }),
      })
      .strict()
      .default({}),
    /**
     * The IPv4 link MTU behind the NAT64 (the docker lab builds its IPv4 network so): a packet too
     * big for it comes back as Packet Too Big with this MTU + 20 (RFC 7915 §4.2).
     */
    nat64Ipv4Mtu: z.number().int().min(576).max(9000).default(1300),
    firewall: firewallSchema.default({}),
    /**
     * An address reached through the `ipv6-node` under test when it is a router (a Time Exceeded
     * test sends there with hop limit 1, RFC 4443 §3.3).
     */
    ipv6NodeBeyond: ipv6.default('2001:db8:f2::2'),
    /** Who the AAAA filter filters: IPv4 clients in its ACL (`filtered`), or nobody. IPv6 clients never (ISP-AAAA). */
    aaaaFilterIpv4Clients: z.enum(['filtered', 'unfiltered']).default('filtered'),
  })
  .strict();

export type GatewayPolicy = z.infer<typeof gatewaySchema>;

export const targetSchema = z
  .object({
    name: z.string().min(1),
    limits: limitsSchema.default({}),
    description: z.string().optional(),
    provider: z.enum(['inproc', 'external', 'docker']).default('inproc'),
    internet: internetSchema.optional(),
    gateway: gatewaySchema.default({}),
    elements: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'element names are lowercase'), elementSchema),
  })
  .strict();

export type Target = z.infer<typeof targetSchema>;
export type InternetHosts = z.infer<typeof internetSchema>;
export type TargetElement = z.infer<typeof elementSchema>;
export type StandinElement = Extract<TargetElement, { kind: 'standin' }>;
export type RealElement = Extract<TargetElement, { kind: 'real' }>;

/** The RADIUS shared secret where an AAA's target entry names none (lab use only). */
export const DEFAULT_RADIUS_SECRET = 'v6harness';

/** The shared secret of the AAA element `el` (a stand-in or freeradius), as its clients must use it. */
export function radiusSecret(el: TargetElement | undefined): string {
  return (el && 'secret' in el ? el.secret : undefined) ?? DEFAULT_RADIUS_SECRET;
}
