import { benchAccuracy } from './accuracy.ts';
import { benchCodecs } from './codecs.ts';
import { benchGtpu } from './gtpu.ts';
import { benchMemory } from './memory.ts';
import { benchN4 } from './n4.ts';
import { benchN2 } from './n2.ts';
import { benchN2Memory } from './n2-memory.ts';
import { benchSctp } from './sctp.ts';
import { benchSessions } from './sessions.ts';
import { benchUserPlane } from './user-plane.ts';

/** Benchmarks by name for `npm run bench -- NAME`. Each returns whether its targets were met. */
export const BENCHES: Record<string, () => Promise<boolean>> = {
  codecs: benchCodecs,
  sessions: benchSessions,
  n4: benchN4,
  gtpu: benchGtpu,
  memory: benchMemory,
  accuracy: benchAccuracy,
  sctp: benchSctp,
  n2: benchN2,
  'n2-memory': benchN2Memory,
  userplane: benchUserPlane,
};
