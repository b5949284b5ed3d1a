import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask, sorted } from './dns-ask.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * An AAAA filter must never touch IPv6 users (ISP-AAAA; BIND filter-aaaa(8) `filter-aaaa-on-v6
 * no`): a client asking over IPv6 gets a dual-stack name's AAAA unchanged, or it would fall back
 * to IPv4 although it has IPv6.
 */
export default defineScenario({
  id: 'gateway/aaaa-filter-ipv6-client',
  title: 'AAAA filter leaves AAAA records alone for clients asking over IPv6',
  covers: ['ISP-AAAA', 'MNO-GATEWAY'],
  tags: ['aaaa-filter', 'dns'],
  needs: ['aaaa-filter'],
  async run(ctx) {
    const { names } = ctx.gateway();
    for (const { name, ipv6 } of [names.dualStack, names.aaaaOnly]) {
      const aaaa = await ask(ctx, 'aaaa-filter', name, 'AAAA', { family: 6 });
      const observed = sorted(aaaa.records.map((r) => r.data));
      ctx.check(`IPv6 client gets AAAA ${name}`, {
        expected: [ipv6Text(ipv6)],
        observed: observed.length ? observed : `${aaaa.rcode}, no AAAA: the IPv6 client was filtered`,
        clause: 'ISP-AAAA; filter-aaaa(8) filter-aaaa-on-v6',
        element: 'aaaa-filter',
      });
    }
    ctx.fact('clients asking over IPv6', 'not filtered');
  },
});
