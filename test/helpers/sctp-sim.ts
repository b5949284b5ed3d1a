import { setImmediate as tick } from 'node:timers/promises';
import { decodePacket, encodePacket, type SctpChunk, type SctpChunkName } from '../../harness/protocol/sctp/index.ts';
import type { Association } from '../../harness/net/sctp/association.ts';
import { ManualClock } from '../../harness/net/sctp/clock.ts';
import { SctpEndpoint, type EndpointOptions } from '../../harness/net/sctp/endpoint.ts';
import type { SctpMessage } from '../../harness/net/sctp/inbound.ts';
import { type Impairment, MemoryNetwork } from '../../harness/net/sctp/memory-link.ts';

/**
 * Two SCTP endpoints on an in-process link (harness/net/sctp/memory-link.ts) driven by a
 * simulated clock: `run(ms)` lets the protocol's timers run for `ms` of simulated time, so
 * retransmission and heartbeat behaviour is tested without waiting.
 */
export const SERVER = '2001:db8::1';
export const CLIENT = '2001:db8::2';
export const SERVER_PORT = 38412;

export interface Sim {
  clock: ManualClock;
  net: MemoryNetwork;
  server: SctpEndpoint;
  client: SctpEndpoint;
  /** Associations the server accepted, in order. */
  accepted: Association[];
  run(ms: number): Promise<void>;
  /** Runs until `done()` holds or `maxMs` of simulated time passed; returns whether it holds. */
  until(done: () => boolean, maxMs?: number): Promise<boolean>;
  /** Chunk names of every packet the link carried, as "from>to: a,b". */
  chunkLog(): string[];
}

export function sim(
  o: { server?: EndpointOptions; client?: EndpointOptions; impair?: Impairment; delay?: number } = {},
): Sim {
  const clock = new ManualClock();
  const net = new MemoryNetwork(clock, o.delay ?? 1, o.impair);
  net.keepLog = true;
  const server = new SctpEndpoint(net.transport(SERVER), { port: SERVER_PORT, clock, ...o.server }).listen();
  const client = new SctpEndpoint(net.transport(CLIENT), { clock, ...o.client });
  const accepted: Association[] = [];
  server.on('association', (a) => accepted.push(a));
  const run = async (ms: number) => {
    const end = clock.now() + ms;
    for (;;) {
      await tick();
      const next = clock.nextDeadline();
      if (next === undefined || next > end) break;
      clock.advance(next - clock.now());
    }
    clock.advance(end - clock.now());
    await tick();
  };
  const until = async (done: () => boolean, maxMs = 600_000) => {
    const end = clock.now() + maxMs;
    for (;;) {
      await tick();
      if (done()) return true;
      const next = clock.nextDeadline();
      if (next === undefined || next > end) return done();
      clock.advance(next - clock.now());
    }
  };
  const chunkLog = () =>
    net.log.map((l) => {
      const names: SctpChunkName[] = decodePacket(l.packet).chunks.map((c) => c.type);
      return `${l.from === CLIENT ? 'c>s' : 's>c'}${l.fate.drop ? ' (dropped)' : ''}: ${names.join(',')}`;
    });
  return { clock, net, server, client, accepted, run, until, chunkLog };
}

/** Collects an association's messages. */
export function collect(a: Association): SctpMessage[] {
  const got: SctpMessage[] = [];
  a.on('message', (m) => got.push(m));
  return got;
}

/** Puts a packet on the link as if the client had sent it to the server. */
export function inject(s: Sim, srcPort: number, verificationTag: number, chunks: SctpChunk[]): void {
  s.net.carry(encodePacket({ srcPort, dstPort: SERVER_PORT, verificationTag, chunks }), CLIENT, SERVER);
}

/** Resolves with the first `n` messages of a real association; rejects if it closes first. */
export function received(a: Association, n: number): Promise<SctpMessage[]> {
  const got: SctpMessage[] = [];
  return new Promise((resolve, reject) => {
    a.on('message', (m) => {
      got.push(m);
      if (got.length === n) resolve(got);
    });
    a.once('close', (r) => reject(new Error(`closed after ${got.length} of ${n} messages: ${JSON.stringify(r)}`)));
  });
}
