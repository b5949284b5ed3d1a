/**
 * SCTP numbers (RFC 9260, which obsoletes RFC 4960; IANA "Stream Control Transmission Protocol
 * (SCTP) Parameters" registry): chunk types (§3.2), parameter types (§3.2.1, §3.3.2, §3.3.3),
 * error cause codes (§3.3.10), the UDP encapsulation port (RFC 6951 §5.1) and the payload
 * protocol identifiers the harness carries (IANA "SCTP Payload Protocol Identifiers").
 */
export const CHUNK_TYPE = {
  DATA: 0,
  INIT: 1,
  INIT_ACK: 2,
  SACK: 3,
  HEARTBEAT: 4,
  HEARTBEAT_ACK: 5,
  ABORT: 6,
  SHUTDOWN: 7,
  SHUTDOWN_ACK: 8,
  ERROR: 9,
  COOKIE_ECHO: 10,
  COOKIE_ACK: 11,
  ECNE: 12,
  CWR: 13,
  SHUTDOWN_COMPLETE: 14,
  AUTH: 15,
  I_DATA: 64,
  ASCONF_ACK: 128,
  RE_CONFIG: 130,
  PAD: 132,
  FORWARD_TSN: 192,
  ASCONF: 193,
  I_FORWARD_TSN: 194,
} as const;

/** §3.2.1 and the IANA registry: parameters in INIT, INIT ACK and HEARTBEAT chunks. */
export const PARAM_TYPE = {
  HEARTBEAT_INFO: 1,
  IPV4_ADDRESS: 5,
  IPV6_ADDRESS: 6,
  STATE_COOKIE: 7,
  UNRECOGNIZED_PARAMETER: 8,
  COOKIE_PRESERVATIVE: 9,
  /** Deprecated by RFC 9260 §3.3.2.1: a receiver aborts with Unresolvable Address. */
  HOST_NAME_ADDRESS: 11,
  SUPPORTED_ADDRESS_TYPES: 12,
  ECN_CAPABLE: 0x8000,
  /** RFC 3758 §3.1. */
  FORWARD_TSN_SUPPORTED: 0xc000,
} as const;

/** §3.3.10 error causes (in ERROR and ABORT chunks). */
export const CAUSE_CODE = {
  INVALID_STREAM_IDENTIFIER: 1,
  MISSING_MANDATORY_PARAMETER: 2,
  STALE_COOKIE: 3,
  OUT_OF_RESOURCE: 4,
  UNRESOLVABLE_ADDRESS: 5,
  UNRECOGNIZED_CHUNK_TYPE: 6,
  INVALID_MANDATORY_PARAMETER: 7,
  UNRECOGNIZED_PARAMETERS: 8,
  NO_USER_DATA: 9,
  COOKIE_RECEIVED_WHILE_SHUTTING_DOWN: 10,
  RESTART_WITH_NEW_ADDRESSES: 11,
  USER_INITIATED_ABORT: 12,
  PROTOCOL_VIOLATION: 13,
} as const;

/**
 * IANA SCTP Payload Protocol Identifiers used on 3GPP interfaces: S1AP (TS 36.412 §7), X2AP
 * (TS 36.422), NGAP (TS 38.412 §7), XnAP (TS 38.422), M3UA (RFC 4666), Diameter (RFC 6733).
 */
export const PPID = {
  M3UA: 3,
  S1AP: 18,
  X2AP: 27,
  DIAMETER: 46,
  NGAP: 60,
  XNAP: 61,
} as const;

/** Registered SCTP ports of the 3GPP application protocols (TS 38.412 §7, TS 36.412 §7). */
export const SCTP_PORT = {
  S1AP: 36412,
  NGAP: 38412,
  DIAMETER: 3868,
} as const;

/** RFC 6951 §5.1: the registered UDP port for SCTP over UDP. */
export const SCTP_UDP_PORT = 9899;

/** §3.1: source port, destination port, verification tag, checksum. */
export const COMMON_HEADER_LENGTH = 12;
/** §3.2: type, flags, length. */
export const CHUNK_HEADER_LENGTH = 4;
/** §3.3.1: the DATA chunk header up to its user data. */
export const DATA_CHUNK_HEADER_LENGTH = 16;
