import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask, sorted } from './dns-ask.ts';
import { embeddingPrefix } from './rfc6052-prefix.ts';

/**
 * Pref64::/n discovery (RFC 7050 §3, RFC 8880 §7.2): the AAAA of ipv4only.arpa is synthesized from
 * its well-known A records 192.0.0.170 and 192.0.0.171, so a host finds the prefix by looking for
 * those octets at the RFC 6052 positions. The prefix found must be the operator's.
 */
export default defineScenario({
  id: 'gateway/dns64-ipv4only-arpa',
  title: 'ipv4only.arpa reveals the declared Pref64::/n (RFC 7050 discovery)',
  covers: ['MNO-GATEWAY', 'TRANSITION'],
  tags: ['dns64', 'rfc7050', 'rfc8880'],
  needs: ['dns64'],
  async run(ctx) {
    const { nat64Prefix } = ctx.gateway();
    // A resolver that cannot resolve the name (cut off from the arpa zone, RFC 8880 §7.2 not done
    // locally) gets "cannot resolve ipv4only.arpa: <rcode|timeout>": hosts cannot discover the prefix.
    const aaaa = await ask(ctx, 'dns64', 'ipv4only.arpa', 'AAAA', {
      resolve: { clause: 'RFC 7050 §3, RFC 8880 §7.2' },
    });
    const found = sorted([
      ...new Set(
        aaaa.records.map(
          (r) =>
            embeddingPrefix(r.data, '192.0.0.170') ??
            embeddingPrefix(r.data, '192.0.0.171') ??
            `${r.data} (embeds neither 192.0.0.170 nor .171)`,
        ),
      ),
    ]);
    ctx.check('ipv4only.arpa AAAA embeds 192.0.0.170/171 under the declared prefix', {
      expected: [nat64Prefix],
      observed: found.length ? found : `${aaaa.rcode}, no AAAA`,
      clause: 'RFC 7050 §3, RFC 8880 §7.2',
      element: 'dns64',
    });
    ctx.fact('discovered Pref64', found.join(', ') || 'none');
  },
});
