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
  /** Bumps its restart counter on every echo without having restarted (TS 23.007 §18). */
  'restart-counter-unstable',
  /** Keeps its restart counter when restarted (the peer cannot detect the restart, TS 23.007 §18). */
  'restart-counter-stuck',
] as const;

export type PgwFault = (typeof PGW_FAULTS)[number];

export function isPgwFault(f: string): f is PgwFault {
  return (PGW_FAULTS as readonly string[]).includes(f);
}
