import { DnsStub } from '../dns-stub/index.ts';
import type { Endpoint } from '../common/udp-peer.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import {
  happyEyeballs,
  RFC8305_DEFAULTS,
  type Answers,
  type Attempt,
  type HeOptions,
  type Resolver,
} from './happy-eyeballs.ts';
import { TcpClient, type IpHost } from './tcp-client.ts';

/**
 * A UE application opening a TCP connection to a name with Happy Eyeballs (happy-eyeballs.ts) and
 * using it once: the echo service (RFC 862) sends back what it got, so the first octet back is the
 * time to first byte. Times count from the moment the AAAA and A queries go out.
 */
export type HeEchoReport =
  | {
      kind: 'echoed';
      family: 4 | 6;
      address: string;
      connectMs: number;
      firstByteMs: number;
      data: Buffer;
      attempts: Attempt[];
      answers: Answers;
    }
  | {
      kind: 'no-echo';
      family: 4 | 6;
      address: string;
      connectMs: number;
      detail: string;
      attempts: Attempt[];
      answers: Answers;
    }
  | { kind: 'no-connection'; reason: string; attempts: Attempt[]; answers: Answers };

/** The UE's two stacks on its IPv4v6 PDN connection; a missing one means no address of that family. */
export interface DualStackUe {
  ipv6?: IpHost;
  ipv4?: IpHost;
}

export async function happyEyeballsEcho(
  ue: DualStackUe,
  resolver: Resolver,
  port: number,
  data: Buffer,
  opts: HeOptions = RFC8305_DEFAULTS,
  signal?: AbortSignal,
): Promise<HeEchoReport> {
  const t0 = performance.now();
  const deadline = t0 + opts.overallTimeoutMs;
  const connect = async (address: string, attempt: AbortSignal) => {
    const host = address.includes(':') ? ue.ipv6 : ue.ipv4;
    if (!host) return { kind: 'failed', reason: `no IPv${address.includes(':') ? 6 : 4} address on the UE` } as const;
    const tcp = new TcpClient(host, address, port);
    const c = await tcp.connect(deadline, attempt);
    if (c.kind === 'connected') return { kind: 'connected', connection: tcp } as const;
    if (c.kind === 'timeout' && c.aborted) tcp.abandon();
    else tcp.release();
    return { kind: 'failed', reason: c.kind === 'refused' ? 'refused (RST)' : 'no SYN-ACK' } as const;
  };
  const he = await happyEyeballs(resolver, connect, (tcp) => tcp.abandon(), opts, undefined, signal);
  if (he.kind === 'failed')
    return { kind: 'no-connection', reason: he.reason, attempts: he.attempts, answers: he.answers };
  const { connection: tcp, family, address, connectMs, attempts, answers } = he;
  const sentAt = performance.now();
  const x = await tcp.exchange(data, performance.now() + 2000, signal);
  if (x.kind !== 'echoed') {
    tcp.abandon();
    return {
      kind: 'no-echo',
      family,
      address,
      connectMs,
      detail: x.kind === 'reset' ? 'reset' : `echo incomplete: "${x.received}"`,
      attempts,
      answers,
    };
  }
  await tcp.close(performance.now() + 1000, signal);
  return {
    kind: 'echoed',
    family,
    address,
    connectMs,
    firstByteMs: sentAt - t0 + x.firstByteMs,
    data: x.data,
    attempts,
    answers,
  };
}

/**
 * The UE's resolver (RFC 1123 §6.1.3.1 stub) as Happy Eyeballs asks it: AAAA and A for one name,
 * each on its own stub so both can be outstanding at once (RFC 8305 §3).
 */
export async function dnsResolver(
  server: Endpoint,
  recorder: PacketRecorder,
  name: string,
): Promise<Resolver & { close(): Promise<void> }> {
  const stubs = { AAAA: new DnsStub(server, recorder, 1000, 2), A: new DnsStub(server, recorder, 1000, 2) };
  await Promise.all([stubs.AAAA.open(), stubs.A.open()]);
  const ask = async (type: 'AAAA' | 'A', signal: AbortSignal): Promise<string[]> => {
    const out = await stubs[type].query(name, type, {}, signal);
    if (out.kind !== 'answer') return [];
    return (out.message.answers ?? []).filter((r) => r.type === type).map((r) => String((r as { data: unknown }).data));
  };
  return {
    aaaa: (signal) => ask('AAAA', signal),
    a: (signal) => ask('A', signal),
    close: async () => void (await Promise.all([stubs.AAAA.close(), stubs.A.close()])),
  };
}
