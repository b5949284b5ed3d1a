import { sourceAddressFor } from '../../harness/drivers/common/source-address.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';
import { synthesize } from '../../harness/protocol/dns/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { Nat64SocketTester } from '../../harness/traffic/nat64-socket-tester.ts';
import { judgeStatefulNat64, STEP } from './nat64-stateful-judge.ts';

/**
 * Stateful NAT64 benchmarking (RFC 9693) of the declared NAT64, beside the RFC 8219 throughput of
 * gateway/throughput-nat64: the maximum connection establishment rate (§4.4: the RFC 8219 binary
 * search over phase 1's rate, each step of 300 new UDP connections passing only when every frame
 * reached the Responder and every connection answered in phase 2) and the connection tracking
 * table capacity (§4.6: doubling, then bisection, at a safe rate). The harness is both sides of
 * the Tester: the Initiator on its IPv6 address, the Responder on the IPv4 address it reaches the
 * NAT64's IPv4 side from (`ipv4Address` of the element), at Pref64::R.
 *
 * The tear-down rate (§4.5) needs a command that empties the DUT's table and a clock around it;
 * no target declares one, so it is reported as not measured. Steps do not wait out the DUT's state
 * timeout (§4.4 asks for an empty table): each phase 1 uses fresh source ports, so its
 * connections are new, while the previous step's linger. Against tayga (stateless SIIT, RFC 7915,
 * with one dynamic-pool address per IPv6 host) behind the lab's NAT44, the state measured is the
 * Linux connection tracking of that NAT44: tayga itself holds one map entry for the harness.
 */
export default defineScenario({
  id: 'gateway/nat64-stateful',
  title: 'Stateful NAT64 benchmarks: connection establishment rate and connection table capacity (RFC 9693)',
  covers: ['MNO-GATEWAY', 'TRANSITION', 'MEASURE'],
  tags: ['nat64', 'rfc9693', 'throughput'],
  needs: ['nat64'],
  async run(ctx) {
    const nat = ctx.element('nat64');
    if (!nat.ipv4Address) return ctx.skip('elements.nat64.ipv4Address (the IPv4 side the Responder sits on)');
    const responder4 = await sourceAddressFor(nat.ipv4Address);
    const target6 = ipv6Text(synthesize(ctx.gateway().nat64Prefix, responder4));
    // The Tester alone first (loopback, no translator): a loss here is the harness's, never the NAT64's.
    const alone = new Nat64SocketTester({ target6: '::ffff:127.0.0.1', responder4: '127.0.0.1', settleMs: 300 });
    await alone.open();
    const cal = await alone.establish(STEP, 3000).finally(() => alone.close());
    const fit = ctx.check('the Tester alone (loopback, no NAT64) delivers phase 1 at 3000 frames/s', {
      expected: STEP,
      observed: cal.received,
      element: 'harness',
    });
    if (!fit) return;
    const tester = new Nat64SocketTester({ target6, responder4, settleMs: 300 });
    await tester.open();
    try {
      await judgeStatefulNat64(ctx, tester);
    } finally {
      tester.close();
    }
  },
});
