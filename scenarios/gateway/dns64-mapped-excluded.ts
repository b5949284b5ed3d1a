import { synthesize } from '../../harness/protocol/dns/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask, sorted } from './dns-ask.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * The exclusion set (RFC 6147 §5.1.4): an AAAA in ::ffff:0:0/96 (IPv4-mapped, RFC 4291 §2.5.5.2)
 * is useless to an IPv6-only host, so a DNS64 SHOULD treat it as absent and synthesize from the A.
 */
export default defineScenario({
  id: 'gateway/dns64-mapped-excluded',
  title: 'DNS64 treats IPv4-mapped AAAA records (::ffff:0:0/96) as absent',
  covers: ['MNO-GATEWAY', 'TRANSITION'],
  tags: ['dns64', 'rfc6147'],
  needs: ['dns64'],
  async run(ctx) {
    const { nat64Prefix, names } = ctx.gateway();
    const { name, ipv4 } = names.mapped;
    const aaaa = await ask(ctx, 'dns64', name, 'AAAA');
    const observed = sorted(aaaa.records.map((r) => r.data));
    const mapped = observed.filter((o) => o.toLowerCase().startsWith('::ffff:'));
    ctx.check(`AAAA ${name} is synthesized from its A, not the IPv4-mapped record`, {
      expected: [ipv6Text(synthesize(nat64Prefix, ipv4))],
      observed: observed.length ? observed : `${aaaa.rcode}, no AAAA`,
      level: 'SHOULD',
      clause: 'RFC 6147 §5.1.4',
      element: 'dns64',
    });
    ctx.fact('::ffff:0:0/96 excluded', mapped.length ? 'no' : 'yes');
  },
});
