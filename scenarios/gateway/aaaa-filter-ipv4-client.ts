import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask, sorted } from './dns-ask.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * The AAAA filter for IPv4 clients, as the operator declares it (`gateway.aaaaFilterIpv4Clients`):
 * when `filtered`, a client asking over IPv4 gets NOERROR with no AAAA for a name that also has an
 * A, but keeps the AAAA of an AAAA-only name (filter-aaaa(8): only where an A exists); A answers are
 * never touched. A dual-stack UE that happens to ask over IPv4 is filtered too, and so reaches
 * dual-stack services over IPv4 only (RFC 7849 A_REC#4 wants IPv6 preferred): the scenario reports
 * it as affected.
 */
export default defineScenario({
  id: 'gateway/aaaa-filter-ipv4-client',
  title: 'AAAA filter removes AAAA for IPv4 clients only where an A exists',
  covers: ['ISP-AAAA', 'MNO-GATEWAY'],
  tags: ['aaaa-filter', 'dns'],
  needs: ['aaaa-filter'],
  async run(ctx) {
    const { names, aaaaFilterIpv4Clients } = ctx.gateway();
    const filtered = aaaaFilterIpv4Clients === 'filtered';
    const dual = await ask(ctx, 'aaaa-filter', names.dualStack.name, 'AAAA', { family: 4 });
    const observedDual = sorted(dual.records.map((r) => r.data));
    ctx.check(`IPv4 client gets AAAA ${names.dualStack.name} ${filtered ? 'filtered' : 'unchanged'}`, {
      expected: filtered
        ? { rcode: 'NOERROR', aaaa: [] }
        : { rcode: 'NOERROR', aaaa: [ipv6Text(names.dualStack.ipv6)] },
      observed: { rcode: dual.rcode, aaaa: observedDual },
      clause: 'filter-aaaa(8) filter-aaaa-on-v4; target gateway.aaaaFilterIpv4Clients',
      element: 'aaaa-filter',
    });
    const only = await ask(ctx, 'aaaa-filter', names.aaaaOnly.name, 'AAAA', { family: 4 });
    ctx.check(`IPv4 client keeps AAAA ${names.aaaaOnly.name} (no A to fall back to)`, {
      expected: [ipv6Text(names.aaaaOnly.ipv6)],
      observed: only.records.length ? sorted(only.records.map((r) => r.data)) : `${only.rcode}, no AAAA`,
      clause: 'filter-aaaa(8): AAAA is omitted only when an A exists',
      element: 'aaaa-filter',
    });
    const a = await ask(ctx, 'aaaa-filter', names.dualStack.name, 'A', { family: 4 });
    ctx.check(`A ${names.dualStack.name} is answered unchanged`, {
      expected: [names.dualStack.ipv4],
      observed: sorted(a.records.map((r) => r.data)),
      clause: 'filter-aaaa(8)',
      element: 'aaaa-filter',
    });
    const hit = observedDual.length === 0;
    ctx.fact('clients asking over IPv4', hit ? 'filtered' : 'not filtered');
    if (hit) {
      ctx.fact(
        'dual-stack UE asking over IPv4',
        'affected: reaches dual-stack names over IPv4 only (RFC 7849 A_REC#4)',
      );
      ctx.log(
        `a dual-stack UE that asks ${ctx.element('aaaa-filter').ipv4Address} over IPv4 gets no AAAA for ${names.dualStack.name} and uses IPv4 (RFC 7849 A_REC#4)`,
      );
    }
  },
});
