import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { parse, parseDocument, stringify } from 'yaml';
import type { RunResults } from '../../harness/report/results.ts';
import { dockerProblem, dockerTarget, needDocker } from '../helpers/docker.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 16 ("Done means"): the docker lab's real elements reached as a user's EXTERNAL elements,
 * the way a user would: `lab up --only …`, the addresses from `lab status`, `target init`, fill
 * in the addresses, `target check` (one ✓ line each), `run` of the matching scenarios, `lab down`.
 * unbound as DNS64, bind9 as AAAA filter, tayga as NAT64, nftables as firewall (its two links ending on
 * this host, the harness's own server on the far side), freeradius as AAA. Then the same
 * elements behind a target a user got wrong: the well-known prefix declared where the lab's
 * DNS64 and NAT64 use 2001:db8:64::/96 (each fails naming the prefix it used or that nothing
 * translated), and the AAA's secret mistyped (pre-flight names the AAA, exit 2).
 * One lab start for everything. In CI (CI set) a missing Docker is a failure, not a skip.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const base = dockerTarget();
const ELEMENTS = ['dns64', 'aaaa-filter', 'nat64', 'firewall', 'aaa'];
const SCENARIOS = [
  'gateway/dns64-synthesis',
  'gateway/dns64-real-aaaa',
  'gateway/dns64-nxdomain',
  'gateway/aaaa-filter-ipv4-client',
  'gateway/aaaa-filter-ipv6-client',
  'gateway/nat64-echo/*',
  'gateway/nat64-unsolicited-inbound',
  'gateway/firewall-service-parity',
  'gateway/firewall-icmpv6-essential',
  'gateway/firewall-unsolicited-inbound/*',
  'backend/radius-ipv6-attributes',
];

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test.serial(
  'the lab’s unbound, bind9, tayga, nftables and freeradius as external elements: init, check, run',
  async (t) => {
    if (!needDocker(t, why)) return;
    const dir = tempDir('lab-as-external');
    // `lab up` holds the lab locks only while it runs; the manual lab keeps the fixed subnets until
    // `lab down`. test/run.js runs test/containers one file at a time, so no other lab starts meanwhile.
    // Each step's wall time, logged: where the minutes of this test go.
    const v6h = async (args: string[]) => {
      const t0 = performance.now();
      const r = await execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 300_000 });
      t.log(`${args.slice(0, 2).join(' ')}: ${((performance.now() - t0) / 1000).toFixed(1)} s, exit ${r.exitCode}`);
      return r;
    };
    t.teardown(async () => {
      await v6h(['lab', 'down']);
    });

    const up = await v6h(['lab', 'up', '--target', 'targets/docker.yaml', '--only', ELEMENTS.join(',')]);
    t.is(up.exitCode, 0, up.stdout + up.stderr);
    const status = await v6h(['lab', 'status']);
    t.is(status.exitCode, 0, status.stderr);
    // name, state, element, "network ipv6 ipv4; …" (harness/cli/commands/lab.ts)
    const rows = new Map(
      status.stdout
        .split('\n')
        .map((l) => l.split('\t'))
        .filter((c) => c.length === 4 && c[1] === 'running' && c[0].startsWith('v6h-manual-'))
        .map(([, , element, nets]) => [element, nets.split('; ').map((n) => n.split(' '))]),
    );
    const on = (element: string, net: string) => rows.get(element)?.find(([n]) => n === `v6h-manual-${net}`) ?? [];
    for (const e of ELEMENTS) t.true(rows.has(e), `${e} not in lab status:\n${status.stdout}`);
    // The firewall is on no docker network: its two links end on this host, as `lab up` says.
    const fw = /^firewall\s+nftables\s+(\S+)\s+IPv4 (\S+)\s+inside (\S+)\s+outside (\S+) (\S+) (\S+)$/m.exec(up.stdout);
    t.truthy(fw, up.stdout);

    const file = join(dir, 'mine.yaml');
    const init = await v6h([
      'target',
      'init',
      '--elements',
      ELEMENTS.join(','),
      '--name',
      'lab-as-external',
      '--out',
      file,
    ]);
    t.is(init.exitCode, 0, init.stderr);
    // Fill in what the template marks FILL IN, keeping its comments: addresses from lab status, the
    // policy the lab's elements were configured with (targets/docker.yaml).
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const [dnsV6, dnsV4] = on('dns64', 'gw').slice(1);
    const [filterV6, filterV4] = on('aaaa-filter', 'gw').slice(1);
    doc.setIn(['elements', 'dns64', 'address'], dnsV6);
    doc.setIn(['elements', 'dns64', 'ipv4Address'], dnsV4);
    doc.setIn(['elements', 'aaaa-filter', 'address'], filterV6);
    doc.setIn(['elements', 'aaaa-filter', 'ipv4Address'], filterV4);
    doc.setIn(['elements', 'nat64', 'address'], on('nat64', 'gw')[1]);
    // The translator's IPv4 side: its address on the IPv4 internet network.
    doc.setIn(['elements', 'nat64', 'ipv4Address'], on('nat64', 'ipv4').at(-1));
    const [, fwV6, fwV4, inside, outside, outV6, outV4] = fw ?? [];
    doc.setIn(['elements', 'firewall', 'address'], fwV6);
    doc.setIn(['elements', 'firewall', 'ipv4Address'], fwV4);
    doc.setIn(['elements', 'firewall', 'inside'], doc.createNode({ interface: inside }));
    doc.setIn(['elements', 'firewall', 'outside'], doc.createNode({ interface: outside, ipv6: outV6, ipv4: outV4 }));
    doc.setIn(['gateway', 'firewall'], doc.createNode(parse(stringify(base.gateway.firewall))));
    doc.setIn(['elements', 'aaa', 'address'], on('aaa', 'core')[1]);
    doc.setIn(['elements', 'aaa', 'secret'], 'v6harness-lab');
    doc.setIn(['gateway', 'nat64Prefix'], base.gateway.nat64Prefix);
    doc.setIn(['gateway', 'names'], doc.createNode(parse(stringify(base.gateway.names))));
    doc.setIn(['internet'], doc.createNode(parse(stringify(base.internet))));
    writeFileSync(file, doc.toString());

    const check = await v6h(['target', 'check', '--target', file]);
    t.is(check.exitCode, 0, check.stdout + check.stderr);
    for (const e of ELEMENTS) t.regex(check.stdout, new RegExp(`^\\s*✓ ${e}\\s`, 'm'), check.stdout);
    t.regex(check.stdout, /^5 external element\(s\) answer$/m);

    const suite = join(dir, 'suite.yaml');
    writeFileSync(suite, stringify({ name: 'lab as external', scenarios: SCENARIOS }));
    const good = join(dir, 'good');
    const run = await v6h(['run', '--suite', suite, '--target', file, '--report-dir', good]);
    const res = JSON.parse(readFileSync(join(good, 'results.json'), 'utf8')) as RunResults;
    t.is(run.exitCode, 0, run.stdout.slice(-4000) + run.stderr);
    t.deepEqual(
      res.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.id}: ${s.status} ${s.error ?? ''}`),
      [],
    );
    t.is(res.scenarios.length, 14);
    const echo = res.scenarios.find((s) => s.id === 'gateway/nat64-echo/protocol-udp');
    t.is(echo?.facts?.['Pref64 translated'], base.gateway.nat64Prefix);

    // A user's mistakes: the well-known prefix declared, the AAA's secret mistyped.
    const wrong = join(dir, 'wrong.yaml');
    doc.setIn(['gateway', 'nat64Prefix'], '64:ff9b::/96');
    doc.setIn(['elements', 'aaa', 'secret'], 'not-the-secret');
    writeFileSync(wrong, doc.toString());
    const refused = await v6h(['target', 'check', '--target', wrong]);
    t.is(refused.exitCode, 2, refused.stdout + refused.stderr);
    t.regex(refused.stdout, /^\s*✗ aaa\s.*no answer to RADIUS/m, refused.stdout);
    t.regex(refused.stdout, /^\s*✗ nat64\s+64:ff9b::c633:6404\s+no ICMPv6 Echo Reply/m, refused.stdout);
    t.regex(refused.stdout, /^\s*✓ dns64\s/m, refused.stdout);
    const bad = join(dir, 'bad');
    const failed = await v6h([
      'run',
      '--suite',
      suite,
      '--grep',
      'dns64-synthesis|nat64-echo/protocol-udp',
      // Past pre-flight (which stopped at the NAT64 above), to the scenarios' own verdicts.
      '--skip-preflight',
      '--target',
      wrong,
      '--report-dir',
      bad,
    ]);
    t.is(failed.exitCode, 1, failed.stdout.slice(-4000) + failed.stderr);
    const out = JSON.parse(readFileSync(join(bad, 'results.json'), 'utf8')) as RunResults;
    const synthesis = out.scenarios.find((s) => s.id === 'gateway/dns64-synthesis');
    const prefix = synthesis?.checks.find((c) => !c.ok && /declared NAT64 prefix/.test(c.name));
    t.is(prefix?.element, 'dns64');
    t.deepEqual(prefix?.observed, [base.gateway.nat64Prefix]);
    const nat = out.scenarios.find((s) => s.id === 'gateway/nat64-echo/protocol-udp');
    t.is(nat?.status, 'failed');
    // One round and out: the Pref64 check is the only one (nat64-path.ts).
    t.is(nat?.checks.length, 1, JSON.stringify(nat?.checks));
    t.is(nat?.checks[0].element, 'nat64');
    t.regex(String(nat?.checks[0].observed), /^nothing translated: .* via 64:ff9b::\/96 \(3 tries each in [\d.]+ s\)/);

    const down = await v6h(['lab', 'down']);
    t.is(down.exitCode, 0, down.stderr);
    t.is((await execa('docker', ['ps', '-aq', '--filter', 'label=v6harness.manual=1'])).stdout.trim(), '');
  },
);
