import { Pgw, PGW_FAULTS, isPgwFault } from '../../elements/pgw/index.ts';
import type { StandinElement } from '../target.ts';

/**
 * The stand-ins the in-process lab can run, by name. Each entry knows its fault list (validated
 * before the run starts) and how to start one instance on a loopback address.
 */
export interface RunningStandin {
  address: string;
  port: number;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface StandinFactory {
  faults: readonly string[];
  start(el: StandinElement, log: (line: string) => void): Promise<RunningStandin>;
}

export const STANDINS: Record<string, StandinFactory> = {
  pgw: {
    faults: PGW_FAULTS,
    async start(el, log) {
      const pgw = new Pgw({
        address: el.transport === 'ipv6' ? '::1' : '127.0.0.1',
        restartCounter: el.restartCounter,
        faults: el.faults.filter(isPgwFault),
        onError: (err) => log(`pgw: ${err instanceof Error ? err.message : String(err)}`),
      });
      await pgw.start();
      return {
        ...pgw.endpoint,
        restart: () => pgw.restart(),
        stop: () => pgw.stop(),
      };
    },
  },
};
