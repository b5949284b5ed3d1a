import test from 'ava';
import { type FaultSet, sharedFaults } from '../../../harness/elements/common/fault-set.ts';
import { FIRST_HOP_FAULTS, type FirstHopFault } from '../../../harness/elements/common/ipv6-first-hop.ts';
import type { AccountingFault } from '../../../harness/elements/common/radius-accounting.ts';
import { GGSN_FAULTS, type GgsnFault } from '../../../harness/elements/ggsn/index.ts';
import type { PgwFault } from '../../../harness/elements/pgw/index.ts';

/**
 * Shared components take their own fault names (issue 19): a misspelt name is a compile error
 * (`tsc --noEmit` runs over this file, and an unused @ts-expect-error fails it), and an element
 * hands on the part of its list a component knows.
 */
test('a misspelt fault name does not compile; the PGW knows every first-hop and accounting fault', (t) => {
  const firstHop: FaultSet<FirstHopFault> = new Set<FirstHopFault>(['ra-no-mtu']);
  // @ts-expect-error 'ra-no-mtuu' is no first-hop fault
  t.false(firstHop.has('ra-no-mtuu'));
  t.true(firstHop.has('ra-no-mtu'));
  // The PGW passes its own set as it is: the compiler checks its list holds every fault these components know.
  const pgw: ReadonlySet<PgwFault> = new Set<PgwFault>(['no-ra', 'no-accounting']);
  const asFirstHop: FaultSet<FirstHopFault> = pgw;
  const asAccounting: FaultSet<AccountingFault> = pgw;
  t.true(asFirstHop.has('no-ra') && asAccounting.has('no-accounting'));
  // The GGSN knows only some: its list is not a first-hop fault set.
  const ggsn: ReadonlySet<GgsnFault> = new Set(GGSN_FAULTS);
  // @ts-expect-error the GGSN's list lacks first-hop faults (ra-no-mtu ...): it passes sharedFaults of it
  const wrong: FaultSet<FirstHopFault> = ggsn;
  t.truthy(wrong);
});

test('sharedFaults hands on exactly the faults an element and a component both know', (t) => {
  const ggsn = new Set<GgsnFault>(['no-ra', 'ra-on-link', 'missing-eua', 'no-accounting']);
  t.deepEqual([...sharedFaults(ggsn, FIRST_HOP_FAULTS)].sort(), ['no-ra', 'ra-on-link']);
  t.deepEqual([...sharedFaults(new Set<GgsnFault>(['missing-eua']), FIRST_HOP_FAULTS)], []);
});
