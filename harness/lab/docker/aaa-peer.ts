import type { RunningStandin } from '../inproc/standins.ts';

/**
 * The AAA a PGW container accounts to (TS 29.061 §16), as the docker lab passes it in V6H_CONFIG:
 * the AAA runs in its own container (freeradius, or the AAA stand-in), so the PGW learns its
 * address and secret from the lab instead of from its in-process peers.
 */
export interface AaaPeer {
  /** The AAA's element name in the target (the PGW's `aaa:`). */
  name: string;
  address: string;
  port: number;
  secret: string;
}

/** The peer as the stand-in factories expect one (only its address, port and secret are used). */
export function aaaPeer(p: AaaPeer): RunningStandin {
  return {
    role: 'aaa',
    address: p.address,
    port: p.port,
    aaa: { secret: p.secret, records: () => [] },
    restart: async () => {},
    stop: async () => {},
  };
}
