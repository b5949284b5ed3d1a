import { Address6 } from 'ip-address';
import { synthesize } from '../../harness/protocol/dns/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask } from './dns-ask.ts';

/**
 * Reverse lookup of a synthesized address (RFC 6147 §5.3.1): a PTR question under the Pref64's
 * ip6.arpa zone is answered from the embedded IPv4 address's in-addr.arpa name.
 */
export default defineScenario({
  id: 'gateway/dns64-ptr',
  title: 'PTR of a synthesized address names the IPv4 host',
  covers: ['MNO-GATEWAY'],
  tags: ['dns64', 'rfc6147'],
  needs: ['dns64'],
  async run(ctx) {
    const { nat64Prefix, names } = ctx.gateway();
    const address = synthesize(nat64Prefix, names.aOnly.ipv4);
    const reverse = new Address6(address).reverseForm({ omitSuffix: false }).replace(/\.$/, '');
    // A resolver cut off from the in-addr.arpa zone gets "cannot resolve <name>: <rcode|timeout>".
    const ptr = await ask(ctx, 'dns64', reverse, 'PTR', { resolve: { level: 'SHOULD', clause: 'RFC 6147 §5.3.1' } });
    ctx.check(`PTR ${address}`, {
      expected: [names.aOnly.name],
      observed: ptr.records.length ? ptr.records.map((r) => r.data.replace(/\.$/, '')) : `${ptr.rcode}, no PTR`,
      level: 'SHOULD',
      clause: 'RFC 6147 §5.3.1',
      element: 'dns64',
    });
  },
});
