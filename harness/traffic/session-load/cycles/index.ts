import type { CycleDriver, CycleOptions, CycleTarget } from './types.ts';
import { openGn } from './gn.ts';
import { openS11 } from './s11.ts';
import { openS5 } from './s5.ts';
import { openSxb } from './sxb.ts';
import { openN4 } from './n4.ts';

export {
  elementOf,
  type CycleDriver,
  type CycleTarget,
  type LoadInterface,
  type LoadUe,
  type PeerEndpoint,
} from './types.ts';

/** The cycle driver of a target's interface, with its socket open (and, on Sxb and N4, associated). */
export function openCycles(t: CycleTarget, o: CycleOptions, signal?: AbortSignal): Promise<CycleDriver> {
  switch (t.interface) {
    case 's5':
      return openS5(t, o);
    case 's11':
      return openS11(t, o);
    case 'gn':
      return openGn(t, o);
    case 'sxb':
      return openSxb(t, o, signal);
    case 'n4':
      return openN4(t, o, signal);
  }
}
