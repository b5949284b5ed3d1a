import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { networkInterfaces } from 'node:os';
import { Address6 } from 'ip-address';
import { parse } from 'yaml';
import { STANDINS } from '../inproc/standins.ts';
import { targetSchema, type StandinElement } from '../target.ts';
import { aaaPeer, type AaaPeer } from './aaa-peer.ts';
import { core5gPeer, type Core5gPeer } from './core5g-peer.ts';

/**
 * The entry point of a stand-in container (containers/lab/Dockerfile): runs one stand-in of the
 * target on the container's own addresses, on the registered ports (2123, 2152), and prints
 * `v6harness-ready {json}` once its sockets are bound. The docker lab passes the element and
 * the target as JSON in V6H_CONFIG. SIGTERM stops it cleanly.
 */
// From the docker lab: V6H_CONFIG = {"name", "target"}. By hand (docker-compose.yml): V6H_ELEMENT
// names the element of the target file V6H_TARGET (default targets/docker.yaml in the image), and
// V6H_AAA (JSON) the AAA it accounts to, V6H_PEERS (JSON) a 5G stand-in's SMF or UPF in other containers.
type Config = { name: string; target: unknown; aaa?: AaaPeer; peers?: Core5gPeer[] };
const config: Config = process.env.V6H_CONFIG
  ? (JSON.parse(process.env.V6H_CONFIG) as Config)
  : {
      name: process.env.V6H_ELEMENT ?? '',
      target: parse(readFileSync(process.env.V6H_TARGET ?? 'targets/docker.yaml', 'utf8')) as unknown,
      ...(process.env.V6H_AAA ? { aaa: JSON.parse(process.env.V6H_AAA) as AaaPeer } : {}),
      ...(process.env.V6H_PEERS ? { peers: JSON.parse(process.env.V6H_PEERS) as Core5gPeer[] } : {}),
    };
const target = targetSchema.parse(config.target);
const el = target.elements[config.name] as StandinElement | undefined;
if (el?.kind !== 'standin') throw new Error(`V6H_CONFIG names no stand-in element "${config.name}"`);
const factory = STANDINS[el.standin ?? config.name];
if (!factory) throw new Error(`no stand-in "${el.standin ?? config.name}"`);

/**
 * The container's global addresses on its lab network (not loopback, not link-local). With
 * V6H_SUBNET (the docker lab's core subnet) both come from the interface holding an IPv6 address in
 * it: a PGW is also on the sgi network, and after a restart the kernel may list that interface first.
 */
function ownAddresses(): { ipv6: string; ipv4: string } {
  const subnet = process.env.V6H_SUBNET ? new Address6(process.env.V6H_SUBNET) : undefined;
  const onSubnet = (a: string) => {
    if (!subnet) return true;
    try {
      return new Address6(a).isInSubnet(subnet);
    } catch {
      return false;
    }
  };
  for (const list of Object.values(networkInterfaces())) {
    const external = (list ?? []).filter((a) => !a.internal);
    const v6 = external.find((a) => a.family === 'IPv6' && !a.address.startsWith('fe80') && onSubnet(a.address));
    if (!v6) continue;
    const v4 = external.find((a) => a.family === 'IPv4');
    return { ipv6: v6.address, ipv4: v4?.address ?? '127.0.0.1' };
  }
  throw new Error(
    `the container has no global IPv6 address${subnet ? ` in ${process.env.V6H_SUBNET}` : ''}: is its network IPv6-enabled?`,
  );
}

// V6H_ADDRESS picks the address when the container is on several networks (docker-compose.yml).
/**
 * V6H_CAPTURE=FILE: tcpdump captures every interface of the container into FILE from before the
 * stand-in starts (the ready line is printed only once tcpdump is listening), so the element's own
 * view of the scenario is complete; the lab copies FILE out after the scenario.
 */
let capturing: ReturnType<typeof spawn> | undefined;

// SIGUSR2 (from the lab, before it copies FILE out): stop the capture cleanly, then say so.
process.on('SIGUSR2', () => {
  const tcpdump = capturing;
  capturing = undefined;
  if (!tcpdump) return void process.stdout.write('v6harness-capture-closed\n');
  tcpdump.once('exit', () => process.stdout.write('v6harness-capture-closed\n'));
  tcpdump.kill('SIGINT');
});

async function startCapture(file: string): Promise<void> {
  // --immediate-mode: packets reach the file as they pass, not a kernel buffer's block later.
  const tcpdump = spawn('tcpdump', ['-i', 'any', '--immediate-mode', '-U', '-n', '-w', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  capturing = tcpdump;
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('tcpdump did not start listening within 5 s')), 5000);
    tcpdump.once('error', reject);
    tcpdump.stderr?.on('data', (d: Buffer) => {
      if (d.toString().includes('listening on')) {
        clearTimeout(t);
        resolve();
      }
    });
  });
}

if (process.env.V6H_CAPTURE) {
  const file = process.env.V6H_CAPTURE;
  await startCapture(file);
  // SIGUSR1: a stand-in that outlives one scenario (an open5gs core's PCRF) captures the next one afresh.
  process.on('SIGUSR1', () => {
    void startCapture(file).then(() => process.stdout.write('v6harness-capture-open\n'));
  });
}

/**
 * The restart counter survives a crash (TS 23.007 §18: kept in non-volatile memory and incremented
 * at every restart): the container's own file holds it, so `docker start` after a kill comes back
 * with counter + 1. The PGW fault volatile-restart-counter forgets it.
 */
function restartCounter(configured: number): number {
  const file = '/var/lib/v6harness/restart-counter';
  if (el!.faults.includes('volatile-restart-counter')) return configured;
  let next = configured;
  try {
    const before = Number(readFileSync(file, 'utf8'));
    if (Number.isInteger(before)) next = (before + 1) & 0xff;
  } catch {
    // First start of this container: the configured counter.
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, String(next));
  return next;
}

const host = process.env.V6H_ADDRESS ? { ...ownAddresses(), ipv6: process.env.V6H_ADDRESS } : ownAddresses();
// The lab's other containers this stand-in talks to: the AAA a PGW accounts to, an AMF's SMF, an SMF's UPF.
const peers = new Map([
  ...(config.aaa ? [[config.aaa.name, aaaPeer(config.aaa)] as const] : []),
  ...(config.peers ?? []).map((p) => [p.name, core5gPeer(p)] as const),
]);
// V6H_RECORDS=FILE: a stand-in that keeps records (the PCRF's Gx) appends them there, one JSON per line.
const records = process.env.V6H_RECORDS;
const running = await factory.start(
  { ...el, restartCounter: restartCounter(el.restartCounter) },
  (line) => process.stderr.write(`${line}\n`),
  peers,
  target,
  records ? { ...host, onRecord: (r) => appendFileSync(records, `${JSON.stringify(r)}\n`) } : host,
);
process.stdout.write(
  `v6harness-ready ${JSON.stringify({ address: running.address, port: running.port, userPlanePort: running.userPlanePort, sctp: running.sctp, sbi: running.sbi, host })}\n`,
);
process.on('SIGTERM', () => {
  void running.stop().then(() => process.exit(0));
});
