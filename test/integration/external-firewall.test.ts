import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { stringify } from 'yaml';
import type { RunResults } from '../../harness/report/results.ts';
import { firewallBox, POLICY } from '../helpers/firewall-namespace.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * A firewall the user runs, as an external DUT (issue 16 item 5): the target names the two host
 * interfaces cabled to it; the harness is the UE side on one and runs its own internet-side server
 * in a namespace on the other. Here the "box" is a namespace running the docker lab's nftables rule
 * set: the four firewall scenarios pass against the right rules and fail, naming the firewall,
 * against an IPv4-only block list. Needs root and nft (containers/install-deps.sh).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const v6h = (args: string[]) =>
  execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 300_000, env: { CI: '1' } });

const SCENARIOS = [
  'gateway/firewall-bcp38',
  'gateway/firewall-service-parity',
  'gateway/firewall-icmpv6-essential',
  'gateway/firewall-evasion',
  'gateway/firewall-unsolicited-inbound/*',
];

async function targetFor(dir: string, faults: string[], outsideIpv6?: string) {
  const box = await firewallBox(faults);
  const file = join(dir, `firewall-${faults.join('-') || 'right'}.yaml`);
  writeFileSync(
    file,
    stringify({
      name: 'my firewall',
      provider: 'external',
      gateway: { firewall: POLICY },
      elements: {
        firewall: {
          kind: 'external',
          address: box.address,
          ipv4Address: box.ipv4Address,
          inside: { interface: box.inside },
          outside: { interface: box.outside, ipv6: outsideIpv6 ?? box.outsideIpv6, ipv4: box.outsideIpv4 },
        },
      },
    }),
  );
  const suite = join(dir, 'suite.yaml');
  writeFileSync(suite, stringify({ name: 'firewall', timeout: 90, scenarios: SCENARIOS }));
  return { box, file, suite };
}

test.serial('an external firewall: check probes its far side; the firewall scenarios pass', async (t) => {
  if (process.getuid?.() !== 0) return t.fail('needs root (network namespaces, raw sockets)');
  const dir = tempDir('fw');
  const { box, file, suite } = await targetFor(dir, []);
  t.teardown(() => box.close());
  const check = await v6h(['target', 'check', '--target', file]);
  t.is(check.exitCode, 0, check.stdout + check.stderr);
  t.regex(
    check.stdout,
    /^✓ firewall\s+2001:db8:e2::2 via 2001:db8:e1::fe\s+ICMPv6 Echo Reply from 2001:db8:e2::2 \(the server on its far side\)/m,
  );
  const report = join(dir, 'right');
  const r = await v6h(['run', '--suite', suite, '--target', file, '--report-dir', report]);
  t.is(r.exitCode, 0, r.stdout.slice(-5000) + r.stderr);
  const res = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as RunResults;
  t.deepEqual(
    res.scenarios.map((s) => [s.id, s.status]),
    [
      ['gateway/firewall-bcp38', 'passed'],
      ['gateway/firewall-service-parity', 'passed'],
      ['gateway/firewall-icmpv6-essential', 'passed'],
      ['gateway/firewall-evasion', 'passed'],
      ['gateway/firewall-unsolicited-inbound/ue-consumer', 'passed'],
      ['gateway/firewall-unsolicited-inbound/ue-iot', 'passed'],
    ],
  );
  // Nothing of the harness's plumbing is left: no UE address on the inside interface, no namespace.
  t.notRegex((await execa('ip', ['addr', 'show', 'dev', box.inside])).stdout, /2001:db8:e1::1\//);
  t.notRegex((await execa('ip', ['netns', 'list'])).stdout, new RegExp(`v6hfw${'\\d'}`));
});

test.serial(
  'an external firewall with IPv4-only blocks, open inbound and no BCP 38 fails those scenarios, naming the firewall',
  async (t) => {
    if (process.getuid?.() !== 0) return t.fail('needs root (network namespaces, raw sockets)');
    const dir = tempDir('fw');
    const { box, file, suite } = await targetFor(dir, ['block-ipv4-only', 'open-inbound', 'no-bcp38']);
    t.teardown(() => box.close());
    const report = join(dir, 'broken');
    const r = await v6h(['run', '--suite', suite, '--target', file, '--report-dir', report]);
    t.is(r.exitCode, 1, r.stdout.slice(-3000) + r.stderr);
    const res = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as RunResults;
    const by = new Map(res.scenarios.map((s) => [s.id, s]));
    const failed = (id: string, check: RegExp) => {
      const s = by.get(id);
      t.is(s?.status, 'failed', id);
      t.is(s?.element, 'firewall', id);
      t.true(
        s?.checks.some(
          (c) => !c.ok && c.element === 'firewall' && check.test(`${c.name} ${JSON.stringify(c.observed)}`),
        ),
        `${id}: ${JSON.stringify(s?.checks.filter((c) => !c.ok))}`,
      );
    };
    // TCP 25 passes over IPv6: parity, and the plain SYN of the evasion scenario, see it.
    failed(
      'gateway/firewall-service-parity',
      /^TCP 25 is blocked over IPv4 and IPv6 .*"ipv4":"blocked","ipv6":"allowed"/,
    );
    failed('gateway/firewall-evasion', /^plain SYN to blocked port 25 /);
    // Inbound to a consumer UE gets through, over both families.
    failed(
      'gateway/firewall-unsolicited-inbound/ue-consumer',
      /^unsolicited inbound to the consumer UE 2001:db8:e1::1 over IPv6 .*reached/,
    );
    // A spoofed UE-side source gets through.
    failed('gateway/firewall-bcp38', /^a datagram from the spoofed source .* is dropped/);
    // What the faults do not touch still passes: the harness does not fail everything.
    t.is(by.get('gateway/firewall-icmpv6-essential')?.status, 'passed');
    t.is(by.get('gateway/firewall-unsolicited-inbound/ue-iot')?.status, 'passed');
  },
);

test.serial(
  'a firewall whose far side cannot answer: pre-flight says so in one line and the run is exit 2',
  async (t) => {
    if (process.getuid?.() !== 0) return t.fail('needs root (network namespaces, raw sockets)');
    const dir = tempDir('fw');
    // The firewall's internet-side address declared wrong: the server's answers go to a neighbour that is not there.
    const { box, file, suite } = await targetFor(dir, [], '2001:db8:e2::99');
    t.teardown(() => box.close());
    const r = await v6h(['run', '--suite', suite, '--target', file, '--report-dir', join(dir, 'far')]);
    t.is(r.exitCode, 2, r.stdout + r.stderr);
    t.regex(
      r.stderr,
      /^ {2}✗ firewall\s+2001:db8:e2::2 via 2001:db8:e1::fe\s+no ICMPv6 Echo Reply from 2001:db8:e2::2 \(the server on its far side\)/m,
    );
    t.regex(r.stderr, /nothing was run/);
    t.notRegex((await execa('ip', ['netns', 'list'])).stdout, /v6hfw\d/);
  },
);

test.serial(
  'an external firewall declared without its cables: every firewall scenario is skipped, naming the keys',
  async (t) => {
    const dir = tempDir('fw');
    const file = join(dir, 'firewall-address-only.yaml');
    // Its address answers Echo (pre-flight passes): what is missing is where the harness's two sides go.
    writeFileSync(
      file,
      stringify({ name: 'fw', provider: 'external', elements: { firewall: { kind: 'external', address: '::1' } } }),
    );
    const suite = join(dir, 'suite.yaml');
    writeFileSync(suite, stringify({ name: 'firewall', scenarios: SCENARIOS }));
    const report = join(dir, 'skipped');
    const r = await v6h(['run', '--suite', suite, '--target', file, '--report-dir', report]);
    // Everything skipped: the run could not be made (exit 2), and no failure of the firewall.
    t.is(r.exitCode, 2, r.stdout.slice(-3000) + r.stderr);
    const res = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as RunResults;
    t.is(res.scenarios.length, 6);
    for (const s of res.scenarios) {
      t.is(s.status, 'skipped', s.id);
      t.regex(s.error ?? '', /the target declares no elements\.firewall\.inside and elements\.firewall\.outside/, s.id);
    }
    // Cables declared, but to an interface this host does not have: said as the key, before anything is changed.
    const misspelt = join(dir, 'firewall-misspelt.yaml');
    writeFileSync(
      misspelt,
      stringify({
        name: 'fw',
        provider: 'external',
        elements: {
          firewall: {
            kind: 'external',
            address: '2001:db8:f1::fe',
            inside: { interface: 'v6hnosuch0' },
            outside: { interface: 'v6hnosuch1', ipv6: '2001:db8:f2::fe' },
          },
        },
      }),
    );
    const check = await v6h(['target', 'check', '--target', misspelt]);
    t.is(check.exitCode, 2, check.stdout + check.stderr);
    t.regex(
      check.stdout + check.stderr,
      /✗ firewall .*elements\.firewall\.inside\.interface: this host has no interface "v6hnosuch0"/,
    );
  },
);
