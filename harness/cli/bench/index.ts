import { benchCodecs } from './codecs.ts';
import { benchSessions } from './sessions.ts';

/** Benchmarks by name for `npm run bench -- NAME`. Each returns whether its targets were met. */
export const BENCHES: Record<string, () => Promise<boolean>> = {
  codecs: benchCodecs,
  sessions: benchSessions,
};
