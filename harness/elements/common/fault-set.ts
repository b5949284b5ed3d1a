/**
 * The faults a shared element component acts on (the first hop, accounting, the NAT64...), typed
 * with that component's own union of names: a misspelt `faults.has('ra-no-mtuu')` does not compile.
 * Only asked, never listed, so an element passes its own typed set when it knows every fault the
 * component does (the compiler checks that) and `sharedFaults` of it when it knows only some.
 */
export interface FaultSet<F extends string> {
  has(fault: F): boolean;
}

/** The faults of `faults` that are also in `known`: the part of an element's set a component acts on. */
export function sharedFaults<F extends string, E extends string>(
  faults: Iterable<E>,
  known: readonly F[],
): ReadonlySet<Extract<E, F>> {
  const k = new Set<string>(known);
  return new Set([...faults].filter((f): f is Extract<E, F> => k.has(f)));
}
