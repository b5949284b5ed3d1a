import { DnsStub, type DnsOutcome, type QueryOptions } from '../../harness/drivers/dns-stub/index.ts';
import { rcodeOf, type DnsPacket } from '../../harness/protocol/dns/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import type { Level } from '../../harness/report/results.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

export interface Answer {
  rcode: string;
  /** The answer section's records of the asked type (CNAME chains skipped). */
  records: { name: string; type: string; ttl: number; data: string }[];
  message: DnsPacket;
}

/**
 * What a scenario needs of a name it asks: that the resolver resolve it, at this level and
 * clause. When the resolver answers other questions but not this one (a lab resolver cut off
 * from the internet that cannot reach ipv4only.arpa or a PTR zone), the verdict is "cannot
 * resolve <name>: <rcode or timeout>" at this level, not a "does not answer" failure.
 */
export interface Resolve {
  level?: Level;
  clause: string;
}

export type AskOptions = QueryOptions & { family?: 4 | 6; resolve?: Resolve };

/** Rcodes that mean "I could not resolve it" (RFC 1035 §4.1.1: 2 server failure, 5 refused). */
const UNRESOLVED = new Set(['SERVFAIL', 'REFUSED']);

const describe = (out: DnsOutcome): string =>
  out.kind === 'answer'
    ? `${rcodeOf(out.message)} in ${out.rttMs.toFixed(1)} ms`
    : out.kind === 'timeout'
      ? `no answer after ${out.attempts} attempts`
      : `a malformed answer: ${out.error}`;

/**
 * Asks `element` (a resolver) one question from the harness host, over its IPv6 address or, with
 * `family: 4`, its IPv4 one; ends the scenario (naming the element) when no answer comes back.
 * A question that times out is followed by one the operator declared the resolver answers (the
 * A-only name): when that one is answered, the resolver is alive and the verdict names what it
 * could not resolve; with `resolve`, so is a SERVFAIL or REFUSED answer.
 */
export async function ask(
  ctx: ScenarioContext,
  element: string,
  name: string,
  type: 'A' | 'AAAA' | 'PTR' | 'SOA',
  opts: AskOptions = {},
): Promise<Answer> {
  const el = ctx.element(element);
  const address = opts.family === 4 ? el.ipv4Address : el.address;
  if (!address) {
    ctx.expect(`${element} has an IPv4 address to ask`, {
      expected: 'an IPv4 address',
      observed: 'none in the target',
      ok: false,
      element,
    });
    throw new Error('unreachable');
  }
  const stub = new DnsStub({ address, port: el.port, sendLimit: el.sendLimit }, ctx.recorder);
  await stub.open();
  let out: DnsOutcome;
  let alive: string | undefined;
  try {
    out = await stub.query(name, type, opts, ctx.signal);
    const probe = out.kind === 'timeout' ? probeName(ctx, name) : undefined;
    if (probe) {
      const p = await stub.query(probe, 'A', {}, ctx.signal);
      if (p.kind === 'answer') alive = `${element} answers A ${probe}: ${describe(p)}`;
    }
  } finally {
    await stub.close();
  }
  const resolves = `${element} resolves ${type} ${name}`;
  const level = opts.resolve?.level ?? 'MUST';
  const clause = opts.resolve?.clause ?? 'RFC 1035 §4.1';
  if (out.kind === 'timeout' && alive)
    ctx.expect(resolves, {
      expected: 'an answer',
      observed: `cannot resolve ${name}: timeout (${describe(out)}; ${alive})`,
      ok: false,
      level,
      clause,
      element,
    });
  ctx.expect(`${element} answers ${type} ${name} over IPv${opts.family ?? 6}`, {
    expected: 'an answer',
    observed: describe(out),
    ok: out.kind === 'answer',
    clause: 'RFC 1035 §4.1',
    element,
  });
  if (out.kind !== 'answer') throw new Error('unreachable');
  const rcode = rcodeOf(out.message);
  if (opts.resolve && UNRESOLVED.has(rcode))
    ctx.expect(resolves, {
      expected: 'NOERROR or NXDOMAIN',
      observed: `cannot resolve ${name}: ${rcode}`,
      ok: false,
      level,
      clause,
      element,
    });
  const records = (out.message.answers ?? [])
    .filter((a) => a.type === type)
    .map((a) => ({
      name: a.name,
      type: a.type,
      ttl: 'ttl' in a ? (a.ttl ?? 0) : 0,
      data: 'data' in a ? (type === 'AAAA' ? ipv6Text(String(a.data)) : String(a.data)) : '',
    }));
  return { rcode, records, message: out.message };
}

/** A name the target declares the resolver answers, other than `asked`; none without a gateway policy. */
function probeName(ctx: ScenarioContext, asked: string): string | undefined {
  let probe: string;
  try {
    probe = ctx.gateway().names.aOnly.name;
  } catch {
    return undefined;
  }
  return probe.toLowerCase().replace(/\.$/, '') === asked.toLowerCase().replace(/\.$/, '') ? undefined : probe;
}

export const sorted = (xs: string[]): string[] => [...xs].sort();
