/**
 * Deliberate misbehaviours of the PGW stand-in, named in a target file's `faults:` list. Each one
 * exists so that some scenario can be shown to fail against it.
 */
export const PGW_FAULTS = [
  /** Answers Echo Request with an Echo Request (message type 1 instead of 2, TS 29.274 §7.1.2). */
  'echo-wrong-message-type',
  /** Never answers Echo Request (path failure from the peer's point of view). */
  'echo-silent',
  /** Leaves the mandatory Recovery IE out of Echo Response (TS 29.274 §7.1.2, Table 7.1.2-1). */
  'echo-no-recovery',
  /** Answers with another sequence number than the request's (TS 29.274 §7.6). */
  'echo-wrong-sequence',
  /** Answers Echo with a truncated message whose Recovery IE claims more octets than it has. */
  'echo-malformed',
  /** Bumps its restart counter on every echo without having restarted (TS 23.007 §18). */
  'restart-counter-unstable',
  /** Keeps its restart counter when restarted (the peer cannot detect the restart, TS 23.007 §18). */
  'restart-counter-stuck',
  /** Grants whatever PDN type is asked for, ignoring the APN's policy (no cause 18/19/83). */
  'ignore-pdn-policy',
  /** Leaves the PAA out of an accepted Create Session Response (TS 29.274 §7.2.2: conditional on PDN type IP). */
  'missing-paa',
  /** Hands out a /56 instead of a /64 per PDN connection (TS 23.401 §5.3.1.2.2). */
  'prefix-56',
  /** Answers PCO DNS requests with no DNS server containers. */
  'no-pco-dns',
  /** Puts TEID 0 in the header of Create/Delete Session Responses instead of the SGW's TEID (TS 29.274 §5.5.2). */
  'wrong-teid',
  /** Answers Delete Session with cause 16 but keeps the PDN connection (its /64 and TEIDs leak; a second delete finds it, TS 29.274 §7.2.10). */
  'keep-deleted-sessions',
  /** Answers no session message at all. */
  'silent-sessions',
  /**
   * Answers every session message correctly but 250 ms late (an overloaded PGW: within T3-RESPONSE,
   * so nothing is retransmitted), which only a load at a requested rate notices.
   */
  'slow-sessions',
  /** When the IPv6 pool is exhausted, hands out a /64 already in use instead of cause 84. */
  'pool-overcommit',
  /** Never answers a Router Solicitation on the user plane. */
  'no-ra',
  /** Sends its RA without the MTU option (RFC 4861 §4.6.4). */
  'ra-no-mtu',
  /** Sends its RA with the on-link flag set (L=1), against TS 29.061 §11.2.1.3.4. */
  'ra-on-link',
  /** Forwards packets whose source is not the session's prefix or IPv4 address (no anti-spoofing, BCP 38). */
  'no-source-check',
  /** Drops G-PDUs for unknown TEIDs silently instead of sending Error Indication (TS 29.281 §7.3.1). */
  'no-error-indication',
  /** Forwards link-local traffic from one UE to another (RFC 4291 §2.5.6: never forwarded). */
  'forward-link-local',
  /** Keeps a restarted SGW's PDN connections (TS 23.007 §18: they must be released). */
  'ignore-peer-restart',
  /** A parser bug on purpose: throws (TypeError) on any GTPv2-C IE type it does not know, so the fuzz job can be shown to find bugs. */
  'fragile-parser',
  /** Forwards nothing out of SGi (the internet is unreachable through the PGW). */
  'no-sgi',
  /** Drops TCP toward SGi (a filter that lets ICMPv6 and UDP through): pings work, connections never do. */
  'sgi-drops-tcp',
  /**
   * Drops every IPv4 packet the UE sends on an IPv4 or IPv4v6 PDN connection (an IPv4 user plane
   * that was never set up, TS 29.061 §11.2.1.1): the IPv4 address is granted but leads nowhere.
   */
  'no-ipv4-user-plane',
  /** Holds uplink packets toward SGi for the first 100 ms of every second (a user plane that stalls, e.g. starved of CPU); none is lost. */
  'user-plane-stalls',
  /** DHCPv6 prefix delegation without PD_EXCLUDE although the UE asked for it (RFC 6603 §4.1). */
  'pd-no-exclude',
  /** Delegates a prefix by DHCPv6 but drops packets from it (the delegated prefix is not routed to the PDN connection). */
  'pd-not-routed',
  /** Accepts global sources with the PAA's interface identifier only: /64 sharing (RFC 7278) and privacy addresses break. */
  'iid-source-check',
  /** Leaves the PREF64 option (RFC 8781) out of the RA although the APN declares a Pref64. */
  'ra-no-pref64',
  /** The NAT64 behind SGi answers from 64:ff9b::/96 whatever Pref64 was asked (its two directions disagree). */
  'nat64-wrong-prefix',
  /** The NAT64 behind SGi keeps only 1,000 bindings, evicting the oldest (its table is smaller than it claims; RFC 9693 §4.6). */
  'nat64-state-table-limit',
  /** Answers every G-PDU for an unknown TEID with an Error Indication, however many come (a reflector). */
  'error-indication-unlimited',
  /** RADIUS accounting without Framed-IPv6-Prefix / Delegated-IPv6-Prefix (the AAA cannot tell whose IPv6 traffic it is). */
  'accounting-no-ipv6-prefix',
  /** Sends no RADIUS accounting at all, although an AAA is configured (TS 29.061 §16.3). */
  'no-accounting',
  /**
   * Keeps its restart counter in memory only (TS 23.007 §18 wants it in non-volatile storage): a
   * crashed PGW comes back with the same counter, so peers cannot tell it lost their sessions.
   * Acts in a container (harness/lab/docker/standin-main.ts), where a crash is a process restart.
   */
  'volatile-restart-counter',
  /** With a kernel SGi (sgi: tun): UE packets to the PGW's own addresses are delivered locally, GTP-C included. */
  'open-sgi-input',
  /** Floods: 5,000 datagrams of garbage and stray Echo Responses before each Echo Response. */
  'echo-flood',
  /**
   * Accepts an E-UTRAN initial attach without Serving Network (TS 29.274 Table 7.2.1-1: conditional-
   * mandatory on S5/S8), which a real PGW-C refuses with cause 103: the leniency that once hid our
   * SGW driver's omission.
   */
  'accept-without-serving-network',
] as const;

export type PgwFault = (typeof PGW_FAULTS)[number];

export function isPgwFault(f: string): f is PgwFault {
  return (PGW_FAULTS as readonly string[]).includes(f);
}
