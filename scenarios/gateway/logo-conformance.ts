import { fragmentIpv6 } from '../../harness/protocol/ip/fragmentation.ts';
import { encodeIpPacket } from '../../harness/protocol/ip/index.ts';
import { neighborSolicitation } from '../../harness/protocol/ip/index.ts';
import { formatIpv6 } from '../../harness/protocol/common/ip-bytes.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { echoBytes, isReplyTo, openProbe, pattern } from './logo-probe.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * Core IPv6 conformance of one interface (item LOGO, in the spirit of the IPv6 Ready Logo Phase-2
 * core tests), against the address of the target element `ipv6-node` (the docker lab's Linux
 * router is the reference): reassembly, overlapping and atomic fragments, unknown next header,
 * hop limit exceeded, ICMPv6 error rate limiting, Neighbor Discovery.
 */
const common = { covers: ['LOGO', 'MNO-GATEWAY'], needs: ['ipv6-node'], tags: ['logo', 'conformance'] };

export const echoFragmented = defineScenario({
  ...common,
  id: 'gateway/logo-echo-fragmented',
  title: 'A fragmented 3000-octet Echo Request is reassembled and answered in full',
  async run(ctx) {
    const probe = await openProbe(ctx);
    try {
      const data = pattern(3000);
      await probe.send(fragmentIpv6(echoBytes(probe, 1, data), 1280, 0x6c6f0001));
      const [reply] = await probe.collect(129, 2000, { test: isReplyTo(probe, 1) });
      ctx.check(`Echo Reply from ${probe.node} to 3 fragments`, {
        expected: { octets: 3000, data: 'unchanged' },
        observed: reply
          ? { octets: reply.message.length - 8, data: reply.message.subarray(8).equals(data) ? 'unchanged' : 'changed' }
          : 'no Echo Reply',
        clause: 'RFC 8200 §4.5, RFC 4443 §4.2',
        element: 'ipv6-node',
      });
    } finally {
      probe.close();
    }
  },
});

export const overlappingFragments = defineScenario({
  ...common,
  id: 'gateway/logo-overlapping-fragments',
  title: 'Overlapping fragments are discarded (and proper ones are not)',
  async run(ctx) {
    const probe = await openProbe(ctx);
    try {
      const data = pattern(2000);
      // The control: the same datagram, properly fragmented, is answered.
      await probe.send(fragmentIpv6(echoBytes(probe, 2, data), 1280, 0x6c6f0002));
      const control = await probe.collect(129, 2000, { test: isReplyTo(probe, 2) });
      ctx.expect('properly fragmented Echo Request is answered (the control)', {
        expected: 'Echo Reply',
        observed: control.length ? 'Echo Reply' : 'no Echo Reply: the node does not reassemble',
        ok: control.length > 0,
        clause: 'RFC 8200 §4.5',
        element: 'ipv6-node',
      });
      const frags = fragmentIpv6(echoBytes(probe, 3, data), 1280, 0x6c6f0003);
      // Move the second fragment 8 octets back, over the first one's tail (Fragment Offset in 8-octet units).
      const second = Buffer.from(frags[1]);
      const field = second.readUInt16BE(42);
      second.writeUInt16BE(((((field >> 3) - 1) << 3) | (field & 7)) & 0xffff, 42);
      await probe.send([frags[0], second]);
      const overlapped = await probe.collect(129, 1500, { test: isReplyTo(probe, 3) });
      ctx.check('Echo Request in overlapping fragments is discarded silently', {
        expected: 'no Echo Reply',
        observed: overlapped.length ? 'Echo Reply: the overlapping datagram was reassembled' : 'no Echo Reply',
        clause: 'RFC 5722 §4',
        element: 'ipv6-node',
      });
    } finally {
      probe.close();
    }
  },
});

export const atomicFragment = defineScenario({
  ...common,
  id: 'gateway/logo-atomic-fragment',
  title: 'An atomic fragment (offset 0, M = 0) is processed on its own',
  async run(ctx) {
    const probe = await openProbe(ctx);
    try {
      const data = pattern(64);
      const packet = encodeIpPacket(
        probe.packet(
          { type: 'icmpv6', message: { type: 'echo-request', identifier: probe.identifier, sequence: 4, data } },
          { extensionHeaders: [{ type: 'fragment', offset: 0, more: false, identification: 0x6c6f0004 }] },
        ),
      );
      await probe.send([packet]);
      const reply = await probe.collect(129, 2000, { test: isReplyTo(probe, 4) });
      ctx.check('Echo Request as an atomic fragment is answered', {
        expected: 'Echo Reply',
        observed: reply.length ? 'Echo Reply' : 'no Echo Reply',
        clause: 'RFC 6946 §4, RFC 8200 §4.5',
        element: 'ipv6-node',
      });
    } finally {
      probe.close();
    }
  },
});

/** An upper-layer packet with Next Header 253 (RFC 3692 experimentation): no node knows it. */
const unknownNextHeader = (probe: Awaited<ReturnType<typeof openProbe>>, i: number) =>
  encodeIpPacket(probe.packet({ type: 'raw', protocol: 253, data: pattern(16 + (i % 8) * 8) }));

export const unknownNext = defineScenario({
  ...common,
  id: 'gateway/logo-unknown-next-header',
  title: 'An unknown Next Header is answered with Parameter Problem code 1 pointing at it',
  async run(ctx) {
    const probe = await openProbe(ctx);
    try {
      await probe.send([unknownNextHeader(probe, 0)]);
      const [pp] = await probe.collect(4, 2000);
      ctx.check('Parameter Problem for Next Header 253', {
        expected: { code: 1, pointer: 6 },
        observed: pp ? { code: pp.message[1], pointer: pp.message.readUInt32BE(4) } : 'no Parameter Problem',
        clause: 'RFC 8200 §4, RFC 4443 §3.4',
        element: 'ipv6-node',
      });
    } finally {
      probe.close();
    }
  },
});

export const hopLimit = defineScenario({
  ...common,
  id: 'gateway/logo-hop-limit-exceeded',
  title: 'A router answers a packet it cannot forward (hop limit 1) with Time Exceeded code 0',
  async run(ctx) {
    const probe = await openProbe(ctx);
    try {
      const beyond = ctx.gateway().ipv6NodeBeyond;
      await probe.send([echoBytes(probe, 5, pattern(32), { hopLimit: 1, dst: beyond })], beyond);
      const [te] = await probe.collect(3, 2000);
      ctx.check(`Time Exceeded for an Echo Request to ${beyond} with hop limit 1`, {
        expected: { code: 0, invoking: beyond },
        observed: te
          ? {
              code: te.message[1],
              invoking: te.message.length >= 48 ? ipv6Text(formatIpv6(te.message.subarray(32, 48))) : 'truncated',
            }
          : 'no Time Exceeded',
        clause: 'RFC 4443 §3.3, RFC 8200 §3',
        element: 'ipv6-node',
      });
    } finally {
      probe.close();
    }
  },
});

export const rateLimit = defineScenario({
  ...common,
  id: 'gateway/logo-icmpv6-rate-limit',
  title: 'ICMPv6 error messages are rate-limited',
  async run(ctx) {
    const probe = await openProbe(ctx);
    try {
      // Under 50: Linux also has a host-wide ICMP budget (burst 50) that would hide a missing per-peer limit.
      const burst = 40;
      await probe.send(Array.from({ length: burst }, (_, i) => unknownNextHeader(probe, i)));
      const errors = await probe.collect(4, 1500, { atLeast: burst });
      ctx.check(`Parameter Problems for a burst of ${burst} offending packets`, {
        expected: `fewer than ${burst}`,
        observed: errors.length,
        ok: errors.length > 0 && errors.length < burst,
        clause: 'RFC 4443 §2.4(f)',
        element: 'ipv6-node',
      });
      ctx.metric('icmpv6_errors_per_burst', errors.length, 'messages');
    } finally {
      probe.close();
    }
  },
});

export const neighborDiscovery = defineScenario({
  ...common,
  id: 'gateway/logo-neighbor-discovery',
  title: 'A unicast Neighbor Solicitation gets a solicited Neighbor Advertisement',
  async run(ctx) {
    const probe = await openProbe(ctx);
    try {
      // RFC 4861 §7.2.2 (a unicast probe, as NUD sends): hop limit 255, target = destination.
      const ns = encodeIpPacket({ ...neighborSolicitation(probe.src, probe.node, probe.node), hopLimit: 255 });
      await probe.send([ns]);
      const [na] = await probe.collect(136, 2000);
      ctx.check(`Neighbor Advertisement from ${probe.node}`, {
        expected: { solicited: true, target: probe.node },
        observed: na
          ? { solicited: (na.message[4] & 0x40) !== 0, target: ipv6Text(formatIpv6(na.message.subarray(8, 24))) }
          : 'no Neighbor Advertisement',
        clause: 'RFC 4861 §7.2.4',
        element: 'ipv6-node',
      });
    } finally {
      probe.close();
    }
  },
});
