import type { Outcome } from '../../harness/drivers/common/gtp-transactions.ts';

/** A one-line account of a GTP-C request's outcome (GTPv1 or GTPv2), naming what came back instead of the answer. */
export function describeOutcome(o: Outcome): string {
  if (o.kind === 'response') return `${o.message.type} (sequence ${o.message.sequence})`;
  const instead = [
    ...o.unmatched.map((m) => `${m.type} with sequence ${m.sequence}`),
    ...o.undecodable.map((e) => `an undecodable message (${e.message})`),
  ];
  const counted = [...new Set(instead)].map((d) => {
    const n = instead.filter((x) => x === d).length;
    return n > 1 ? `${d} (${n} times)` : d;
  });
  return counted.length ? `${o.description}; received instead: ${counted.join(', ')}` : o.description;
}
