import { join } from 'node:path';
import test from 'ava';
import { targetSchema } from '../../harness/lab/index.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';
import { dockerProblem, dockerTarget, needDocker } from '../helpers/docker.ts';
import { dissect } from '../helpers/tshark.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Happy Eyeballs v2 in the docker lab: the UE's IPv6 and IPv4 cross the PGW container's kernel
 * (TUN SGi) to Linux hosts in containers, IPv4 routed over IPv6 next hops (sgi-ipv4.ts). The
 * broken-IPv6 host's IPv6 address is nobody's, so the IPv6 attempt meets a real dead path; the
 * PGW's capture shows the IPv4 echo answered by the host's own kernel. A serial (pre-RFC 6555) UE
 * fails on the time to connect, and a PGW without the IPv4 user plane fails, naming the PGW. In CI
 * a missing Docker is a failure, else a skip.
 */
const base = dockerTarget();
const BROKEN_V6 = 'terminal/happy-eyeballs/host-broken-ipv6/he-rfc8305';

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test.serial(
  'the three hosts pass through the PGW container: IPv6 for dual-stack and IPv6-only, IPv4 for the broken-IPv6 host',
  async (t) => {
    if (!needDocker(t, why)) return;
    const dir = tempDir('he-docker');
    // The docker target has no AMF: its EPS instances (the 5GS ones run in-process, terminal-broken.test.ts).
    const results = await runScenarios(
      { patterns: ['terminal/happy-eyeballs'], grepInvert: ['access-5gs'] },
      base,
      60,
      {},
      dir,
    );
    t.is(results.length, 3);
    for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
    t.deepEqual(
      results.map((r) => r.facts?.['family used']),
      ['IPv6', 'IPv6', 'IPv4'],
    );
    const broken = results[2];
    const capture = broken.artifacts.find((a) => a.endsWith('-pgw.pcap'));
    if (!capture) return t.fail(`no capture of the pgw container among ${broken.artifacts.join(', ')}`);
    // The echo reply from the broken host's IPv4 address, written by its kernel (TTL 64), forwarded by the PGW's (63).
    const replies = await dissect(join(dir, capture), {
      extraArgs: ['-Y', `icmp.type == 0 && ip.src == ${base.internet!.brokenIpv6.ipv4}`],
    });
    t.deepEqual([...new Set(replies.map((f) => f.fields.get('ip.ttl')?.[0]))].sort(), ['63', '64']);
  },
);

test.serial('a serial UE waits out the dead IPv6 path to the broken host and fails the time to connect', async (t) => {
  if (!needDocker(t, why)) return;
  const [r] = await runScenarios(BROKEN_V6, base, 60, { 'terminal/happy-eyeballs': { he: 'serial' } });
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'ue');
  t.regex(
    failures(r).join('; '),
    /terminal: with a broken IPv6 path the IPv4 attempt starts ≤ Connection Attempt Delay 250 ms \+ 250 ms after the first IPv6 one: expected "≤ 500 ms", observed "(?:[3-9]\d{3}|\d{5,}) ms \(connected after \d+ ms\)"/,
  );
});

test.serial('a PGW container that drops the IPv4 user plane fails the broken-IPv6 host, naming the PGW', async (t) => {
  if (!needDocker(t, why)) return;
  const target = targetSchema.parse({
    ...base,
    elements: { ...base.elements, pgw: { ...base.elements.pgw, faults: ['no-ipv4-user-plane'] } },
  });
  const [r] = await runScenarios(BROKEN_V6, target, 60);
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'pgw');
  t.regex(
    failures(r)[0],
    /^network: ICMP echo to 198\.51\.100\.66 .* through the PGW \(IPv4 user plane\): expected "echo reply", observed "no reply"$/,
  );
});
