import { synthesize } from '../../harness/protocol/dns/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask, sorted } from './dns-ask.ts';
import { embeddingPrefix } from './rfc6052-prefix.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * DNS64 synthesis (RFC 6147 §5.1.6, §5.1.7): an AAAA question for a name that has only A records
 * gets one AAAA per A, each the A's address embedded in the operator's Pref64::/n (RFC 6052
 * §2.2), and the A question itself is answered unchanged (§5.1 only touches AAAA).
 */
export default defineScenario({
  id: 'gateway/dns64-synthesis',
  title: 'DNS64 synthesizes AAAA from A with the declared Pref64::/n',
  covers: ['MNO-GATEWAY', 'TRANSITION'],
  tags: ['dns64', 'rfc6147', 'rfc6052'],
  needs: ['dns64'],
  async run(ctx) {
    const { nat64Prefix, names } = ctx.gateway();
    const { name, ipv4 } = names.aOnly;
    const a = await ask(ctx, 'dns64', name, 'A');
    ctx.check(`A ${name} is answered unchanged`, {
      expected: [ipv4],
      observed: sorted(a.records.map((r) => r.data)),
      clause: 'RFC 6147 §5.1',
      element: 'dns64',
    });
    const aaaa = await ask(ctx, 'dns64', name, 'AAAA');
    const observed = sorted(aaaa.records.map((r) => r.data));
    const expected = [ipv6Text(synthesize(nat64Prefix, ipv4))];
    const used = [...new Set(observed.map((o) => embeddingPrefix(o, ipv4) ?? `${o} (does not embed ${ipv4})`))];
    ctx.check(`AAAA ${name} is ${ipv4} under ${nat64Prefix}`, {
      expected,
      observed: observed.length ? observed : `${aaaa.rcode}, no AAAA`,
      ok: observed.length === 1 && observed[0] === expected[0],
      clause: 'RFC 6147 §5.1.6, RFC 6052 §2.2',
      element: 'dns64',
    });
    ctx.check('the synthesis prefix is the declared NAT64 prefix', {
      expected: [nat64Prefix],
      observed: used,
      clause: 'RFC 6147 §5.2, RFC 6052 §2.1',
      element: 'dns64',
    });
    ctx.fact('synthesis prefix', used.join(', ') || 'none');
  },
});
