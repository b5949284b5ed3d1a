import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask, sorted } from './dns-ask.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * Address synthesis with every Pref64 length of RFC 6052 §2.2, judged against the RFC's own table
 * (§2.4: 192.0.2.33 under each example prefix), not against our own encoder. Each length needs a
 * DNS64 configured with that example prefix: the target's elements dns64-p32 … dns64-p96.
 */
const VECTORS = [
  { length: 32, prefix: '2001:db8::/32', address: '2001:db8:c000:221::' },
  { length: 40, prefix: '2001:db8:100::/40', address: '2001:db8:1c0:2:21::' },
  { length: 48, prefix: '2001:db8:122::/48', address: '2001:db8:122:c000:2:2100::' },
  { length: 56, prefix: '2001:db8:122:300::/56', address: '2001:db8:122:3c0:0:221::' },
  { length: 64, prefix: '2001:db8:122:344::/64', address: '2001:db8:122:344:c0:2:2100:0' },
  { length: 96, prefix: '2001:db8:122:344::/96', address: '2001:db8:122:344::c000:221' },
] as const;

export default VECTORS.map(({ length, prefix, address }) =>
  defineScenario({
    id: `gateway/dns64-rfc6052-p${length}`,
    title: `DNS64 with a /${length} Pref64 embeds 192.0.2.33 as RFC 6052 §2.4 shows`,
    covers: ['MNO-GATEWAY', 'TRANSITION'],
    tags: ['dns64', 'rfc6052'],
    needs: [`dns64-p${length}`],
    async run(ctx) {
      const { name, ipv4 } = ctx.gateway().names.rfc6052;
      const element = `dns64-p${length}`;
      const aaaa = await ask(ctx, element, name, 'AAAA');
      ctx.check(`AAAA ${name} (A ${ipv4}) under ${prefix}`, {
        expected:
          ipv4 === '192.0.2.33' ? [ipv6Text(address)] : `the RFC's table is for 192.0.2.33, the target names ${ipv4}`,
        observed: aaaa.records.length ? sorted(aaaa.records.map((r) => r.data)) : `${aaaa.rcode}, no AAAA`,
        clause: `RFC 6052 §2.2, §2.4 (/${length}); the element must be configured with ${prefix}`,
        element,
      });
    },
  }),
);
