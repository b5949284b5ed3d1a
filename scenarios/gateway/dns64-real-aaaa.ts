import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask, sorted } from './dns-ask.ts';
import { embeddingPrefix } from './rfc6052-prefix.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * No synthesis when a real AAAA exists (RFC 6147 §5.1.1): a dual-stack name's AAAA comes back as
 * the zone holds it, with nothing added under the NAT64 prefix, and an AAAA-only name likewise.
 */
export default defineScenario({
  id: 'gateway/dns64-real-aaaa',
  title: 'DNS64 returns real AAAA records and synthesizes none beside them',
  covers: ['MNO-GATEWAY', 'TRANSITION'],
  tags: ['dns64', 'rfc6147'],
  needs: ['dns64'],
  async run(ctx) {
    const { names } = ctx.gateway();
    for (const { name, ipv6, ipv4 } of [names.dualStack, { ...names.aaaaOnly, ipv4: undefined }]) {
      const aaaa = await ask(ctx, 'dns64', name, 'AAAA');
      const observed = sorted(aaaa.records.map((r) => r.data));
      const synthesized = ipv4 ? observed.filter((o) => embeddingPrefix(o, ipv4)) : [];
      ctx.check(`AAAA ${name} is the real record only`, {
        expected: [ipv6Text(ipv6)],
        observed: observed.length ? observed : `${aaaa.rcode}, no AAAA`,
        clause: 'RFC 6147 §5.1.1',
        element: 'dns64',
      });
      if (synthesized.length) ctx.log(`synthesized beside the real AAAA: ${synthesized.join(', ')}`);
    }
  },
});
