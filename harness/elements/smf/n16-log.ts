import type { N16Record } from '../../protocol/sbi/index.ts';

export type { N16Record };

/** Kept records per SMF: a load must not grow it with the rate. */
const MAX_RECORDS = 1000;

/**
 * What one SMF saw of N16, per PDU session, oldest first: as H-SMF the Creates, Updates and
 * Releases it answered and the Updates it sent the V-SMF; as V-SMF the answers it got and the
 * H-SMF's Updates. A scenario reads it (the lab's `n16`) to say which SMF of a home-routed session
 * decided: the H-SMF's reject, or the release the V-SMF did or did not forward.
 */
export class N16Log {
  private readonly kept: N16Record[] = [];

  add(r: N16Record): void {
    if (this.kept.length < MAX_RECORDS) this.kept.push(r);
  }

  get records(): readonly N16Record[] {
    return this.kept;
  }
}
