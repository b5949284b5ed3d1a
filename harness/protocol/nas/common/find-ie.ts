/** The first optional IE of a name in a decoded NAS message, typed by the message's IE list. */
export function findIe<I extends { ie: string }, K extends I['ie']>(
  m: { ies: readonly I[] },
  name: K,
): Extract<I, { ie: K }> | undefined {
  return m.ies.find((ie) => ie.ie === name) as Extract<I, { ie: K }> | undefined;
}
