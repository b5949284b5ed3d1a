import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLab, type ElementEndpoint, type Target } from '../lab/index.ts';
import { answersEcho } from '../lab/docker/health.ts';
import { PcapBuffer, noRecorder } from '../net/pcap/index.ts';
import { encodeIpPacket, udpPacket } from '../protocol/ip/index.ts';
import { radiusTransaction } from '../drivers/nas/index.ts';
import type { RadiusAttribute } from '../protocol/radius/index.ts';
import { mulberry32, mutate } from './mutate.ts';
import { collectSeeds, type Seed } from './seeds.ts';

/**
 * `v6harness fuzz`: mutated GTPv2-C, GTPv1-C and GTP-U (with ND/ICMPv6 inside) aimed at the
 * target's stand-ins for a given time (CLOUD-HARM: never at external elements). A finding is a
 * stand-in reporting anything but a DecodeError for a datagram (it threw while handling input),
 * or a stand-in that stops answering Echo. Each finding is saved as a pcap of the last datagrams
 * sent to that element, the reproducer among them.
 */
export interface FuzzOptions {
  target: Target;
  durationMs: number;
  seed: number;
  reportDir: string;
  out: (line: string) => void;
}

export interface Finding {
  element: string;
  what: string;
  pcap: string;
}

const BATCH = 400;
/**
 * Datagrams kept per element for a finding's pcap: two whole batches, so the reproducer is among
 * them (a stand-in handles a batch after it was sent, and its error is seen after the next wait).
 */
const KEEP = 2 * BATCH;

/** The last KEEP datagrams sent to one element, oldest first when read. */
class Recent {
  private readonly ring: Seed[] = [];
  private next = 0;
  push(s: Seed): void {
    if (this.ring.length < KEEP) this.ring.push(s);
    else this.ring[this.next] = s;
    this.next = (this.next + 1) % KEEP;
  }
  list(): Seed[] {
    return this.ring.length < KEEP ? [...this.ring] : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}

export async function runFuzz(
  opts: FuzzOptions,
): Promise<{ sent: Map<string, number>; rejected: number; findings: Finding[] }> {
  const problems: string[] = [];
  let rejected = 0;
  const lab = createLab(opts.target, (line) => {
    if (/^[a-z0-9-]+: DecodeError: /.test(line)) rejected++;
    else problems.push(line);
  });
  const names = Object.entries(opts.target.elements)
    .filter(([n, el]) => el.kind === 'standin' && ['pgw', 'sgw', 'ggsn', 'aaa'].includes(el.standin ?? n))
    .map(([n]) => n);
  if (names.length === 0)
    throw new Error(
      `target "${opts.target.name}" has no PGW, SGW, GGSN or AAA stand-in to fuzz (external elements are never fuzzed)`,
    );
  const controller = new AbortController();
  const session = await lab.open(names, { signal: controller.signal, recorder: noRecorder });
  const sent = new Map<string, number>();
  const findings: Finding[] = [];
  const recent = new Map<string, Recent>();
  const v6 = createSocket({ type: 'udp6', ipv6Only: true });
  const v4 = createSocket('udp4');
  try {
    await Promise.all([bind(v6, '::1'), bind(v4, '127.0.0.1')]);
    const seeds = await collectSeeds(session.elements);
    if (seeds.length === 0) throw new Error('no valid exchange with the stand-ins could be recorded to mutate');
    opts.out(
      `fuzz: ${seeds.length} seed datagrams from ${[...new Set(seeds.map((s) => s.element))].join(', ')}; seed ${opts.seed}`,
    );
    problems.length = 0;
    const rnd = mulberry32(opts.seed);
    const deadline = performance.now() + opts.durationMs;
    while (performance.now() < deadline && findings.length < 10) {
      for (let i = 0; i < BATCH; i++) {
        const s = seeds[Math.floor(rnd() * seeds.length)];
        const mutated = mutate(s.bytes, rnd);
        const bytes = s.resign ? s.resign(mutated) : mutated;
        const m: Seed = { element: s.element, to: s.to, bytes };
        (s.to.address.includes(':') ? v6 : v4).send(bytes, s.to.port, s.to.address);
        sent.set(s.element, (sent.get(s.element) ?? 0) + 1);
        let list = recent.get(s.element);
        if (!list) recent.set(s.element, (list = new Recent()));
        list.push(m);
      }
      await new Promise((r) => setTimeout(r, 5));
      for (const line of problems.splice(0))
        findings.push(save(opts, findings.length, line.split(':')[0], line, recent, v6, v4));
      for (const e of session.elements.values()) {
        if (!(await alive(e)))
          findings.push(
            save(opts, findings.length, e.name, `${e.name} stopped answering Echo Request`, recent, v6, v4),
          );
      }
    }
  } finally {
    v6.close();
    v4.close();
    controller.abort();
    await session.close();
    await lab.close();
  }
  return { sent, rejected, findings };
}

function bind(s: Socket, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, address, () => {
      s.off('error', reject);
      s.on('message', () => {});
      resolve();
    });
  });
}

/**
 * Path management as the liveness probe: GTPv1-C Echo for a GGSN, GTPv2-C Echo otherwise; for an
 * AAA a correct Accounting-Request answered (RFC 2866 §2).
 */
function alive(e: ElementEndpoint): Promise<boolean> {
  if (e.radiusSecret !== undefined) {
    const attributes: RadiusAttribute[] = [
      ['Acct-Status-Type', 'Interim-Update'],
      ['Acct-Session-Id', 'fuzz-alive'],
      ['NAS-IPv6-Address', '::1'],
    ];
    return radiusTransaction({
      server: { address: e.address, port: e.port },
      localAddress: e.address.includes(':') ? '::1' : '127.0.0.1',
      secret: e.radiusSecret,
      code: 'Accounting-Request',
      attributes,
      timeoutMs: 1000,
    }).then(
      (o) => o.kind === 'answered' && o.authenticatorValid,
      () => false,
    );
  }
  return answersEcho(e.address, e.port, e.name.includes('ggsn') ? 1 : 2, 1000).catch(() => false);
}

function save(
  opts: FuzzOptions,
  n: number,
  element: string,
  what: string,
  recent: Map<string, Recent>,
  v6: Socket,
  v4: Socket,
): Finding {
  const base = element.replace(/-u$/, '');
  const datagrams = [...(recent.get(base)?.list() ?? []), ...(recent.get(`${base}-u`)?.list() ?? [])];
  const pcap = new PcapBuffer();
  for (const d of datagrams) {
    const src = d.to.address.includes(':') ? v6.address() : v4.address();
    pcap.add(encodeIpPacket(udpPacket({ address: src.address, port: src.port }, d.to, d.bytes)));
  }
  mkdirSync(opts.reportDir, { recursive: true });
  const file = join(opts.reportDir, `finding-${n + 1}-${base}.pcap`);
  writeFileSync(file, pcap.toBuffer());
  opts.out(`fuzz: FINDING ${n + 1}: ${what} (last ${datagrams.length} datagrams to ${base}: ${file})`);
  return { element: base, what, pcap: file };
}
