import { availableParallelism } from 'node:os';
import { iperf3, iperf3Server } from './iperf3.ts';
import { startMeter } from './meter-child.ts';
import { TCP_BLOCK, type TcpGoodput } from './tcp-goodput.ts';
import { UDP_SOCKET_BUFFER, type UdpThroughput } from './udp-throughput.ts';

/**
 * Throughput across a path between two network namespaces (lab/netns/veth-path.ts has this
 * shape), by the harness's own meters and by iperf3, each with its sender in `senderNs` and its
 * receiver in `receiverNs`. Every figure is the receiver's, in payload Mbit/s.
 */
export interface NamespacePath {
  senderNs: string;
  receiverNs: string;
  senderAddress: string;
  receiverAddress: string;
}

export interface MeterWindow {
  warmupMs: number;
  durationMs: number;
}

/**
 * With `pinned`: the sender on CPU 0, the receiver on CPU 1, for the harness's meters and for
 * iperf3 (`-A 0,1`) alike. On a path bound by CPU, where the scheduler puts the two ends
 * (together, apart, moving) changes the result by a factor of two, so two tools compared get the
 * same placement. Not on a shaped path: there a pinned end cannot move away from other busy work.
 */
export interface Placement {
  pinned?: boolean;
}
const placement = (p: Placement) => (p.pinned && availableParallelism() >= 2 ? { sender: 0, receiver: 1 } : undefined);

/** The sender outlives the receiver's window by this much (the receiver starts counting at the first arrival). */
const SLACK_MS = 1500;

export async function harnessTcp(path: NamespacePath, w: MeterWindow, p: Placement = {}): Promise<TcpGoodput> {
  const placed = placement(p);
  // The sender listens, the receiver connects (tcp-goodput.ts says why).
  const sender = await startMeter<{ bytes: number }>(
    { mode: 'tcp-send', bind: path.senderAddress, maxMs: w.warmupMs + w.durationMs + SLACK_MS },
    { netns: path.senderNs, cpu: placed?.sender },
  );
  try {
    const receiver = await startMeter<TcpGoodput>(
      { mode: 'tcp-receive', host: path.senderAddress, port: sender.ready.port!, ...w },
      { netns: path.receiverNs, cpu: placed?.receiver },
    );
    const [result] = await Promise.all([receiver.result, sender.result]);
    return result;
  } finally {
    sender.kill();
  }
}

export async function harnessUdp(
  path: NamespacePath,
  w: MeterWindow & { payloadLength: number; offeredMbps: number },
  p: Placement = {},
): Promise<UdpThroughput> {
  const placed = placement(p);
  const receiver = await startMeter<UdpThroughput>(
    { mode: 'udp-receive', bind: path.receiverAddress, warmupMs: w.warmupMs, durationMs: w.durationMs },
    { netns: path.receiverNs, cpu: placed?.receiver },
  );
  try {
    const sender = await startMeter<{ sent: number }>(
      {
        mode: 'udp-send',
        bind: path.senderAddress,
        host: path.receiverAddress,
        port: receiver.ready.port!,
        payloadLength: w.payloadLength,
        offeredMbps: w.offeredMbps,
        durationMs: w.warmupMs + w.durationMs + SLACK_MS,
      },
      { netns: path.senderNs, cpu: placed?.sender },
    );
    const [result] = await Promise.all([receiver.result, sender.result]);
    return result;
  } finally {
    receiver.kill();
  }
}

let nextPort = 5201;

/**
 * iperf3 on the same path: `-O` omits the same warm-up, `-t` covers warm-up and window. For UDP
 * the figure is what its server received, as for the harness's meter, with the same socket
 * buffers (`-w`); for TCP with the same block per write and read (`-l`). Resolves to Mbit/s.
 */
export async function iperf3OnPath(
  path: NamespacePath,
  w: MeterWindow & { udp?: { payloadLength: number; offeredMbps: number } },
  p: Placement = {},
): Promise<number> {
  const placed = placement(p);
  const port = nextPort++;
  const server = await iperf3Server(path.receiverAddress, port, path.receiverNs);
  try {
    const r = await iperf3(path.receiverAddress, {
      port,
      netns: path.senderNs,
      seconds: Math.ceil(w.durationMs / 1000),
      omitSeconds: Math.ceil(w.warmupMs / 1000),
      udp: w.udp && { mbps: w.udp.offeredMbps, length: w.udp.payloadLength },
      tcpBlock: w.udp ? undefined : TCP_BLOCK,
      affinity: placed && [placed.sender, placed.receiver],
      socketBufferBytes: w.udp ? UDP_SOCKET_BUFFER : undefined,
    });
    if (r.kind === 'error') throw new Error(`iperf3: ${r.message}`);
    return r.kind === 'udp' ? r.receivedMbps : r.mbps;
  } finally {
    await server.stop();
  }
}
