import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { localAddressToward } from '../drivers/common/local-address.ts';
import { createLab, type LabError, type Target } from '../lab/index.ts';
import { PcapBuffer, noRecorder } from '../net/pcap/index.ts';
import { encodeIpPacket, udpPacket } from '../protocol/ip/index.ts';
import { type Liveness, liveness } from './liveness.ts';
import { mulberry32, mutate } from './mutate.ts';
import { fuzzRoles } from './roles.ts';
import { collectSeeds, type Seed } from './seeds.ts';

/**
 * `v6harness fuzz`: mutated GTPv2-C, GTPv1-C, PFCP, RADIUS and GTP-U (with ND/ICMPv6 inside) aimed
 * at the target's stand-ins and at the real elements the lab runs in its own networks (open5gs
 * in the docker lab) for a given time (CLOUD-HARM: never at external elements). A finding is a
 * stand-in reporting anything but a DecodeError for a datagram (it threw while handling input),
 * an element's container exiting, or an element that stops answering its liveness probe (a hang).
 * Each finding is saved as a pcap of the last datagrams sent to that element, the reproducer among
 * them.
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
  /** The element's own log (docker lab), when saved. */
  log?: string;
}

const BATCH = 400;
/**
 * A real element gets a quarter of a stand-in's batch per round, and three probes before it is
 * called hung: a daemon on a busy machine may queue a burst for a while; a stand-in's probe and
 * decoder run in the same loop as its socket.
 */
const REAL_BATCH = 100;
const PROBE_MS = { standin: 1000, real: 2000 } as const;
const PROBES = { standin: 1, real: 3 } as const;
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
): Promise<{ sent: Map<string, number>; answered: Map<string, number>; rejected: number; findings: Finding[] }> {
  const problems: string[] = [];
  let rejected = 0;
  const lab = createLab(opts.target, (line) => {
    if (/^[a-z0-9-]+: DecodeError: /.test(line)) rejected++;
    else problems.push(line);
  });
  const roles = fuzzRoles(opts.target);
  const names = [...roles.keys()];
  if (names.length === 0)
    throw new Error(
      `target "${opts.target.name}" has no PGW, SGW, GGSN, AAA or UPF stand-in, nor an open5gs element in the docker lab, to fuzz (external elements are never fuzzed)`,
    );
  const real = names.some((n) => opts.target.elements[n]?.kind === 'real');
  const kind = real ? 'real' : 'standin';
  const controller = new AbortController();
  // An element's container that exits is a finding, named by the lab.
  const exits: LabError[] = [];
  const fail = (e: LabError) => exits.push(e);
  const session = await lab.open(names, { signal: controller.signal, recorder: noRecorder, fail });
  const sent = new Map<string, number>();
  const findings: Finding[] = [];
  const recent = new Map<string, Recent>();
  const probes = new Map<string, Liveness>();
  /** Liveness probes answered per element during the campaign. */
  const answered = new Map<string, number>();
  const down = new Set<string>();
  const first = (v6: boolean) => [...session.elements.values()].find((e) => e.address.includes(':') === v6)?.address;
  const v6 = createSocket({ type: 'udp6', ipv6Only: true });
  const v4 = createSocket('udp4');
  try {
    // From the address the kernel uses toward the elements: loopback for in-process stand-ins, the
    // host's bridge address for the docker lab's containers.
    const [a6, a4] = [first(true), first(false)];
    await Promise.all([
      bind(v6, a6 ? await localAddressToward(a6) : '::1'),
      bind(v4, a4 ? await localAddressToward(a4) : '127.0.0.1'),
    ]);
    let seeds = await collectSeeds(session.elements, roles);
    if (seeds.length === 0) throw new Error('no valid exchange with the elements could be recorded to mutate');
    opts.out(
      `fuzz: ${seeds.length} seed datagrams from ${[...new Set(seeds.map((s) => s.element))].join(', ')}; seed ${opts.seed}`,
    );
    for (const e of session.elements.values()) {
      const role = roles.get(e.name);
      if (role) probes.set(e.name, await liveness(e, role, PROBE_MS[kind]));
    }
    problems.length = 0;
    exits.length = 0;
    const rnd = mulberry32(opts.seed);
    const deadline = performance.now() + opts.durationMs;
    const batch = real ? REAL_BATCH : BATCH;
    const found = (element: string, what: string, dead: boolean) => {
      findings.push(save(opts, findings.length, element, what, recent, v6, v4));
      // A dead or hung element gets no more datagrams and no more probes.
      if (dead) {
        down.add(element);
        seeds = seeds.filter((s) => s.element !== element && s.element !== `${element}-u`);
      }
    };
    const report = () => {
      for (const line of problems.splice(0)) found(line.split(':')[0], line, false);
      for (const e of exits.splice(0)) if (!down.has(e.element)) found(e.element, `${e.element}: ${e.message}`, true);
    };
    while (performance.now() < deadline && findings.length < 10 && seeds.length > 0) {
      for (let i = 0; i < batch; i++) {
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
      await new Promise((r) => setTimeout(r, real ? 20 : 5));
      report();
      for (const [name, probe] of probes) {
        if (down.has(name)) continue;
        let ok = false;
        for (let i = 0; i < PROBES[kind] && !ok && !down.has(name); i++) ok = await probe.alive();
        if (ok) answered.set(name, (answered.get(name) ?? 0) + 1);
        report();
        if (!ok && !down.has(name)) found(name, `${name} stopped answering its ${probeWhat(roles.get(name))}`, true);
      }
    }
    // A container that exited while the last probes ran.
    await new Promise((r) => setTimeout(r, 50));
    report();
    // With a finding, the elements' own captures and logs (docker lab: pcap/fuzz-NAME.pcap, logs/fuzz/).
    if (findings.length > 0 && session.collectArtifacts) {
      const files = await session.collectArtifacts(opts.reportDir, 'fuzz', true).catch(() => []);
      if (files.length > 0) opts.out(`fuzz: the elements' captures and logs: ${files.join(', ')}`);
      // Each finding's element log (a container that died: its whole log, kept when it exited).
      for (const [i, f] of findings.entries()) {
        const log = files.find((file) =>
          [`${f.element}.log`, `${f.element}-exited-`].some((n) => basename(file).startsWith(n)),
        );
        if (log) {
          f.log = log;
          opts.out(`fuzz: FINDING ${i + 1} log: ${log}`);
        }
      }
    }
  } finally {
    v6.close();
    v4.close();
    await Promise.all([...probes.values()].map((p) => p.close()));
    controller.abort();
    await session.close();
    await lab.close();
  }
  return { sent, answered, rejected, findings };
}

function probeWhat(role: string | undefined): string {
  return role === 'upf' ? 'PFCP Heartbeat' : role === 'aaa' ? 'Accounting-Request' : 'Echo Request';
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

function save(
  opts: FuzzOptions,
  n: number,
  element: string,
  what: string,
  recent: Map<string, Recent>,
  v6: Socket,
  v4: Socket,
): Finding {
  // The element's control and user plane datagrams (a stand-in's user plane may report as NAME-u);
  // NAME-u may also be an element of its own (the open5gs target's pgw and its UPF pgw-u), whose
  // datagrams are not this element's.
  const elements = opts.target.elements;
  const base = recent.has(element) || elements[element] ? element : element.replace(/-u$/, '');
  const userPlane = elements[`${base}-u`] ? [] : (recent.get(`${base}-u`)?.list() ?? []);
  const datagrams = [...(recent.get(base)?.list() ?? []), ...userPlane];
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
