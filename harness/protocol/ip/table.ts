/**
 * One table of codecs per layer, as everywhere in protocol/: by number (an array lookup on the
 * decode path; every number here fits one octet) and by the name decoded values carry.
 */
export interface CodecTable<C> {
  byNumber: readonly (C | undefined)[];
  byName: ReadonlyMap<string, C>;
}

export function codecTable<C extends { name: string }>(
  codecs: readonly C[],
  numberOf: (c: C) => number,
): CodecTable<C> {
  const byNumber = new Array<C | undefined>(256).fill(undefined);
  for (const c of codecs) byNumber[numberOf(c)] = c;
  return { byNumber, byName: new Map(codecs.map((c) => [c.name, c])) };
}
