import type { ScenarioContext } from '../../harness/runner/context.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { iperf3, udpLatency } from '../../harness/traffic/index.ts';
import { nat64Path } from './nat64-path.ts';

/**
 * Throughput through the gateway centre (MNO-GATEWAY "performance", item MEASURE): iperf3 TCP
 * goodput and a UDP run at a fixed offered load (Mbit/s, packets/s, loss, jitter), plus UDP echo
 * latency percentiles, over IPv6 through the firewall, over IPv4 through the same firewall (the
 * comparison an operator asks for), and from an IPv6-only UE through the NAT64. The suite file
 * turns the figures into pass/fail with `thresholds:`. Each reports its IPv6 share.
 */
const UDP_LOAD = { mbps: 20, length: 1200 };

async function measure(
  ctx: ScenarioContext,
  element: string,
  server: string,
  echoPort: number | undefined,
  ipv6: boolean,
): Promise<void> {
  const tcp = await iperf3(server, { signal: ctx.signal });
  ctx.check(`iperf3 TCP to ${server}`, {
    expected: 'a measurement',
    observed: tcp.kind === 'tcp' ? `${tcp.mbps.toFixed(1)} Mbit/s` : tcp.kind === 'error' ? tcp.message : tcp.kind,
    ok: tcp.kind === 'tcp',
    element,
  });
  const udp = await iperf3(server, { udp: UDP_LOAD, signal: ctx.signal });
  ctx.check(`iperf3 UDP at ${UDP_LOAD.mbps} Mbit/s to ${server}`, {
    expected: 'a measurement',
    observed:
      udp.kind === 'udp'
        ? `${udp.pps.toFixed(0)} packets/s, ${udp.lossPercent.toFixed(2)} % lost`
        : udp.kind === 'error'
          ? udp.message
          : udp.kind,
    ok: udp.kind === 'udp',
    element,
  });
  let bytes = 0;
  let connections = 0;
  if (tcp.kind === 'tcp') {
    ctx.metric('throughput_tcp', tcp.mbps, 'Mbit/s');
    ctx.metric('tcp_retransmits', tcp.retransmits, 'segments');
    bytes += tcp.bytes;
    connections++;
  }
  if (udp.kind === 'udp') {
    ctx.metric('throughput_udp', udp.mbps, 'Mbit/s');
    ctx.metric('udp_pps', udp.pps, 'pps');
    ctx.metric('udp_loss', udp.lossPercent, '%');
    ctx.metric('udp_jitter', udp.jitterMs, 'ms');
    bytes += udp.bytes;
    connections++;
  }
  if (echoPort !== undefined) {
    const lat = await udpLatency(server, echoPort, 200, ctx.signal);
    ctx.check(`UDP echo latency to ${server}:${echoPort}`, {
      expected: '200 probes answered',
      observed: `${lat.received} of ${lat.sent}`,
      ok: lat.received > 0,
      level: lat.received === lat.sent ? 'MUST' : 'SHOULD',
      element,
    });
    if (lat.received > 0) {
      ctx.metric('latency_p50', lat.p50Ms, 'ms');
      ctx.metric('latency_p90', lat.p90Ms, 'ms');
      ctx.metric('latency_p99', lat.p99Ms, 'ms');
    }
  }
  // Item MEASURE: the share of IPv6 in what this path carried.
  ctx.metric('ipv6_share_bytes', bytes && ipv6 ? 100 : 0, '%');
  ctx.metric('ipv6_share_connections', connections && ipv6 ? 100 : 0, '%');
}

/** The three paths: where to send, which element carries it, and whether the UE side is IPv6. */
const PATHS = [
  {
    id: 'ipv6',
    title: 'over IPv6 through the firewall',
    element: 'firewall',
    covers: ['MNO-GATEWAY', 'MNO-INTERNET', 'MEASURE'],
    ipv6: true,
  },
  {
    id: 'ipv4',
    title: 'over IPv4 through the firewall (the comparison)',
    element: 'firewall',
    covers: ['MNO-GATEWAY', 'MNO-INTERNET', 'MEASURE'],
    ipv6: false,
  },
  {
    id: 'nat64',
    title: 'from an IPv6-only UE through the NAT64',
    element: 'nat64',
    covers: ['MNO-GATEWAY', 'TRANSITION', 'MEASURE'],
    ipv6: true,
  },
] as const;

async function server(
  ctx: ScenarioContext,
  path: (typeof PATHS)[number],
): Promise<{ address: string; echoPort?: number }> {
  if (path.element === 'nat64') {
    // The Pref64 the NAT64 translates, judged first: a dead path fails here in seconds.
    const { dst } = await nat64Path(ctx);
    return { address: dst, echoPort: ctx.internet().udpEchoPort };
  }
  const p = ctx.gateway().firewall;
  return {
    address: path.ipv6 ? p.serverIpv6 : p.serverIpv4,
    echoPort: p.allowed.find((s) => s.protocol === 'udp')?.port,
  };
}

export default PATHS.map((path) =>
  defineScenario({
    id: `gateway/throughput-${path.id}`,
    title: `Throughput and latency ${path.title}`,
    covers: [...path.covers],
    tags: ['throughput', path.element, 'iperf3'],
    needs: [path.element],
    timeout: 60,
    run: async (ctx) => {
      const s = await server(ctx, path);
      await measure(ctx, path.element, s.address, s.echoPort, path.ipv6);
    },
  }),
);
