import { Address6 } from 'ip-address';
import { DnsStub, type DnsOutcome, type QueryOptions } from '../../harness/drivers/dns-stub/index.ts';
import { rcodeOf, type DnsPacket } from '../../harness/protocol/dns/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';

export interface Answer {
  rcode: string;
  /** The answer section's records of the asked type (CNAME chains skipped). */
  records: { name: string; type: string; ttl: number; data: string }[];
  message: DnsPacket;
}

/**
 * Asks `element` (a resolver) one question from the harness host, over its IPv6 address or, with
 * `family: 4`, its IPv4 one; ends the scenario (naming the element) when no answer comes back.
 */
export async function ask(
  ctx: ScenarioContext,
  element: string,
  name: string,
  type: 'A' | 'AAAA' | 'PTR' | 'SOA',
  opts: QueryOptions & { family?: 4 | 6 } = {},
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
  try {
    out = await stub.query(name, type, opts, ctx.signal);
  } finally {
    await stub.close();
  }
  ctx.expect(`${element} answers ${type} ${name} over IPv${opts.family ?? 6}`, {
    expected: 'an answer',
    observed:
      out.kind === 'answer'
        ? `${rcodeOf(out.message)} in ${out.rttMs.toFixed(1)} ms`
        : out.kind === 'timeout'
          ? `no answer after ${out.attempts} attempts`
          : `a malformed answer: ${out.error}`,
    ok: out.kind === 'answer',
    clause: 'RFC 1035 §4.1',
    element,
  });
  if (out.kind !== 'answer') throw new Error('unreachable');
  const records = (out.message.answers ?? [])
    .filter((a) => a.type === type)
    .map((a) => ({
      name: a.name,
      type: a.type,
      ttl: 'ttl' in a ? (a.ttl ?? 0) : 0,
      data: 'data' in a ? (type === 'AAAA' ? norm6(String(a.data)) : String(a.data)) : '',
    }));
  return { rcode: rcodeOf(out.message), records, message: out.message };
}

export const sorted = (xs: string[]): string[] => [...xs].sort();

/** One spelling per IPv6 address (RFC 5952), so a DUT's and the target's forms compare equal. */
export function norm6(a: string): string {
  try {
    return new Address6(a).correctForm();
  } catch {
    return a;
  }
}
