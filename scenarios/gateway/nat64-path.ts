import { icmpv6Echo, udpEcho } from '../../harness/drivers/ipv6-host/index.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';
import { synthesize, WELL_KNOWN_PREFIX } from '../../harness/protocol/dns/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { embeddingPrefix } from './rfc6052-prefix.ts';

/**
 * Which Pref64 the NAT64 actually translates (RFC 6052 §2.1 the well-known prefix, §2.2 a
 * network-specific one; RFC 7050 §3 is how a host learns it). One round, side by side: ICMPv6
 * Echo (RFC 7915 §4.2) and UDP echo (RFC 862) to the target's IPv4-only host embedded under the
 * declared `gateway.nat64Prefix` and under 64:ff9b::/96. A prefix "works" when either comes back.
 *
 * The verdict names the prefix that worked: the declared one passes; only the well-known one
 * fails with `translated via 64:ff9b::/96, declared 2001:db8:64::/96 unused`; neither fails at
 * once (a dead path costs this one round, about two seconds, instead of every check's timeouts).
 * A failure ends the scenario (ctx.expect).
 */
const ROUND = { attempts: 3, timeoutMs: 700 };

export interface Nat64Path {
  /** The declared Pref64::/n. */
  prefix: string;
  /** The IPv4-only host's address under it (RFC 6052 §2.2). */
  dst: string;
}

interface PrefixProbe {
  prefix: string;
  dst: string;
  /** What answered: 'ICMPv6 echo', 'UDP echo'. */
  answered: string[];
  /** The Pref64 an ICMPv6 answer came back from, when another than the one asked (RFC 6052 §2.2). */
  returnedVia?: string;
  errors: string[];
}

async function probe(ctx: ScenarioContext, prefix: string, ipv4: string, port: number): Promise<PrefixProbe> {
  const dst = ipv6Text(synthesize(prefix, ipv4));
  const [icmp, udp] = await Promise.all([
    icmpv6Echo(dst, ctx.recorder, ctx.signal, ROUND),
    udpEcho(dst, port, ctx.recorder, ctx.signal, ROUND).catch((e: unknown) => ({
      kind: 'error' as const,
      message: e instanceof Error ? e.message : String(e),
    })),
  ]);
  const answered: string[] = [];
  const errors: string[] = [];
  let returnedVia: string | undefined;
  if (icmp.kind === 'reply') {
    answered.push('ICMPv6 echo');
    const via = embeddingPrefix(ipv6Text(icmp.from), ipv4);
    if (via && via !== prefix) returnedVia = via;
  } else if (icmp.kind === 'error') errors.push(icmp.message);
  if (udp.kind === 'reply') answered.push('UDP echo');
  else if (udp.kind === 'error') errors.push(udp.message);
  return { prefix, dst, answered, errors, ...(returnedVia ? { returnedVia } : {}) };
}

/** Probes both prefixes once and checks the declared one is the one translated; see above. */
export async function nat64Path(ctx: ScenarioContext, element = 'nat64'): Promise<Nat64Path> {
  const { nat64Prefix: declared } = ctx.gateway();
  const host = ctx.internet();
  const prefixes = declared === WELL_KNOWN_PREFIX ? [declared] : [declared, WELL_KNOWN_PREFIX];
  const t0 = performance.now();
  const [mine, wellKnown] = await Promise.all(prefixes.map((p) => probe(ctx, p, host.ipv4Only, host.udpEchoPort)));
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const works = (p: PrefixProbe | undefined) => !!p && p.answered.length > 0;
  for (const p of [mine, wellKnown])
    if (p)
      ctx.log(
        `Pref64 ${p.prefix}: ${p.answered.length ? p.answered.join(' and ') : 'nothing'} came back from ${p.dst}`,
      );
  let observed: string;
  if (works(mine)) {
    observed = `translated via ${declared}`;
    if (mine.returnedVia) observed += `, but the answer came back from ${mine.returnedVia}`;
    else if (works(wellKnown)) ctx.fact('also translates', WELL_KNOWN_PREFIX);
  } else if (works(wellKnown)) {
    observed = `translated via ${WELL_KNOWN_PREFIX}, declared ${declared} unused`;
  } else {
    const why = [...new Set([...mine.errors, ...(wellKnown?.errors ?? [])])];
    observed = `nothing translated: no ICMPv6 or UDP echo from ${host.ipv4Only} via ${prefixes.join(' nor ')} (${ROUND.attempts} tries each in ${seconds} s)${why.length ? `: ${why.join('; ')}` : ''}`;
  }
  ctx.fact('Pref64 translated', works(mine) ? declared : works(wellKnown) ? WELL_KNOWN_PREFIX : 'none');
  ctx.expect(`the NAT64 translates the declared Pref64 ${declared}`, {
    expected: `translated via ${declared}`,
    observed,
    clause: 'RFC 6052 §2.1, §2.2; RFC 7050 §3',
    element,
  });
  return { prefix: declared, dst: mine.dst };
}
