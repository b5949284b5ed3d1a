import { execa } from 'execa';

/**
 * Throughput by iperf3 (the reference the architecture names), run on the harness host as the
 * UE-side client and parsed from its JSON (`-J`): TCP goodput, and a UDP run at a fixed offered
 * rate for packets per second, loss and jitter (RFC 3550 §6.4.1 estimator, as iperf3 reports it).
 */
export type Iperf3Result =
  | { kind: 'tcp'; mbps: number; retransmits: number; seconds: number; bytes: number }
  | {
      kind: 'udp';
      mbps: number;
      receivedMbps: number;
      pps: number;
      lossPercent: number;
      jitterMs: number;
      packets: number;
      bytes: number;
    }
  | { kind: 'error'; message: string };

interface Iperf3Json {
  error?: string;
  end?: {
    sum_sent?: { bits_per_second: number; bytes: number; seconds: number; retransmits?: number };
    sum_received?: { bits_per_second: number; bytes: number };
    sum?: {
      bits_per_second: number;
      bytes: number;
      seconds: number;
      jitter_ms: number;
      lost_percent: number;
      packets: number;
    };
  };
}

/** `ip netns exec NS` before a command, when it is to run inside network namespace NS. */
function inNetns(netns: string | undefined, cmd: string, args: string[]): [string, string[]] {
  return netns ? ['ip', ['netns', 'exec', netns, cmd, ...args]] : [cmd, args];
}

/**
 * udp.mbps 0 = no rate limit (`-b 0`, as fast as iperf3 can send). For UDP, `mbps` is the rate
 * iperf3 sent and `receivedMbps` what its server received (payload octets, lost datagrams not
 * counted). omitSeconds (`-O`) leaves the first seconds (slow start, a shaper's first bucket) out;
 * socketBufferBytes (`-w`) sets both ends' socket buffers (for TCP it also pins the window);
 * tcpBlock (`-l`) is the octets per write and read for TCP; affinity (`-A`) the client's and the
 * server's CPU.
 */
export async function iperf3(
  server: string,
  opts: {
    udp?: { mbps: number; length: number };
    seconds?: number;
    omitSeconds?: number;
    socketBufferBytes?: number;
    tcpBlock?: number;
    affinity?: [client: number, server: number];
    port?: number;
    netns?: string;
    signal?: AbortSignal;
  } = {},
): Promise<Iperf3Result> {
  const seconds = opts.seconds ?? 2;
  const args = ['-c', server, '-t', String(seconds), '-J', '--connect-timeout', '3000'];
  if (opts.port) args.push('-p', String(opts.port));
  if (opts.omitSeconds) args.push('-O', String(opts.omitSeconds));
  if (opts.socketBufferBytes) args.push('-w', String(opts.socketBufferBytes));
  if (opts.tcpBlock && !opts.udp) args.push('-l', String(opts.tcpBlock));
  if (opts.affinity) args.push('-A', opts.affinity.join(','));
  if (opts.udp) args.push('-u', '-b', opts.udp.mbps > 0 ? `${opts.udp.mbps}M` : '0', '-l', String(opts.udp.length));
  const [cmd, cmdArgs] = inNetns(opts.netns, 'iperf3', args);
  const r = await execa(cmd, cmdArgs, {
    reject: false,
    timeout: (seconds + 10) * 1000,
    cancelSignal: opts.signal,
  }).catch((e: Error) => ({ exitCode: -1, stdout: '', stderr: e.message }));
  let json: Iperf3Json;
  try {
    json = JSON.parse(r.stdout || '{}') as Iperf3Json;
  } catch {
    return { kind: 'error', message: `iperf3 printed no JSON: ${(r.stderr || r.stdout).trim().slice(0, 200)}` };
  }
  if (json.error || !json.end)
    return {
      kind: 'error',
      message: json.error ?? (r.stderr.trim() || 'iperf3 failed (is it installed? containers/install-deps.sh)'),
    };
  if (opts.udp) {
    const s = json.end.sum!;
    const received = json.end.sum_received?.bits_per_second ?? s.bits_per_second * (1 - s.lost_percent / 100);
    return {
      kind: 'udp',
      mbps: s.bits_per_second / 1e6,
      receivedMbps: received / 1e6,
      pps: s.packets / s.seconds,
      lossPercent: s.lost_percent,
      jitterMs: s.jitter_ms,
      packets: s.packets,
      bytes: s.bytes,
    };
  }
  const sent = json.end.sum_sent!;
  const received = json.end.sum_received ?? sent;
  return {
    kind: 'tcp',
    mbps: received.bits_per_second / 1e6,
    retransmits: sent.retransmits ?? 0,
    seconds: sent.seconds,
    bytes: received.bytes,
  };
}

/**
 * A one-shot iperf3 server on this host (`iperf3 -s -1`; inside network namespace `netns` when
 * given), for measurements on loopback or a local path; resolves once it listens. stop() ends it
 * if the client never came.
 */
export async function iperf3Server(bind: string, port: number, netns?: string): Promise<{ stop(): Promise<void> }> {
  // --forceflush: iperf3 block-buffers a piped stdout, and "Server listening" would never arrive.
  const [cmd, args] = inNetns(netns, 'iperf3', ['-s', '-1', '--forceflush', '-B', bind, '-p', String(port)]);
  const child = execa(cmd, args, { reject: false, buffer: false });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('iperf3 -s did not start listening within 5 s'));
    }, 5000);
    child.stdout?.on('data', (d: Buffer) => {
      if (/Server listening/.test(d.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    void child.then((r) => {
      clearTimeout(timer);
      reject(
        new Error(`iperf3 -s ended: ${r.exitCode ?? r.signal ?? 'not found (containers/install-deps.sh installs it)'}`),
      );
    });
  });
  return {
    stop: async () => {
      child.kill();
      await child;
    },
  };
}
