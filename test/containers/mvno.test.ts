import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { execa, type ResultPromise } from 'execa';
import { parse, stringify } from 'yaml';
import { targetSchema } from '../../harness/lab/index.ts';
import type { RunResults } from '../../harness/report/results.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';
import { dockerProblem, needDocker } from '../helpers/docker.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The mvno-l2 suite (issue "Terminal, roaming and MVNO L2 suites") on real parts: on the docker
 * lab, with freeradius from its Debian package as the AAA — its accepting the PGW's
 * Accounting-Requests (it checks the Request Authenticator, RFC 2866 §3, and writes only what it
 * accepts to its detail file) is the independent oracle of our RADIUS accounting; and its Gn half
 * against osmo-ggsn, a GGSN we did not write, with the S5/S8 scenarios skipped for want of a PGW
 * (a GGSN-only MVNO). In CI (CI set) a missing Docker or osmo-ggsn is a failure, else a skip.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const base = targetSchema.parse(parse(readFileSync(join(root, 'targets/docker.yaml'), 'utf8')));

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;

test.serial(
  'the mvno-l2 suite passes on the docker lab, with freeradius accepting and logging the accounting',
  async (t) => {
    if (!needDocker(t, why)) return;
    const dir = tempDir('mvno-docker');
    const run = execa(
      process.execPath,
      [bin, 'run', '--suite', 'mvno-l2', '--target', 'targets/docker.yaml', '--report-dir', dir],
      { cwd: root, reject: false, timeout: 600_000 },
    );
    const r = await run;
    t.is(r.exitCode, 0, r.stdout.slice(-4000) + r.stderr);
    const res = results(dir);
    t.true(res.scenarios.length >= 16);
    const acct = res.scenarios.find((s) => s.id === 'mvno/radius-accounting')!;
    t.is(acct.status, 'passed', failures(acct).join('\n'));
    t.true(
      acct.logs?.some((l) => l.startsWith('AAA (freeradius detail) received 4 accounting record(s)')),
      acct.logs?.join('\n'),
    );
    const gn = res.scenarios.find((s) => s.id === 'mvno/gn-radius-accounting')!;
    t.is(gn.status, 'passed', failures(gn).join('\n'));
    t.true(
      gn.logs?.some((l) => l.startsWith('AAA (freeradius detail) received 4 accounting record(s)')),
      gn.logs?.join('\n'),
    );
    // The AAA container's own capture: every Accounting-Request answered, none retransmitted.
    const pcap = join(dir, 'pcap', 'mvno_radius-accounting-aaa.pcap');
    const codes = execFileSync(
      'tshark',
      [
        '-r',
        pcap,
        '-n',
        '-Y',
        'radius',
        '-T',
        'fields',
        '-e',
        'radius.code',
        '-o',
        'radius.shared_secret:v6harness-lab',
        '-o',
        'radius.validate_authenticator:TRUE',
        '-e',
        'radius.authenticator.valid',
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    t.deepEqual(codes.filter((c) => c.startsWith('4')).length, 4, codes.join('\n'));
    t.deepEqual(
      codes.filter((c) => c.startsWith('5')),
      ['5\t1', '5\t1', '5\t1', '5\t1'],
    );
    const left = (await execa('docker', ['ps', '-aq', '--filter', `label=v6harness.pid=${run.pid}`])).stdout.trim();
    t.is(left, '');
  },
);

test.serial(
  'freeradius with another shared secret drops every request: the accounting scenario fails, naming the PGW',
  async (t) => {
    if (!needDocker(t, why)) return;
    const target = targetSchema.parse({
      ...base,
      elements: { ...base.elements, aaa: { ...base.elements.aaa, faults: ['wrong-secret'] } },
    });
    const [r] = await runScenarios('mvno/radius-accounting', target, 60);
    t.is(r.status, 'failed', r.error);
    t.is(r.element, 'pgw');
    t.deepEqual(
      failures(r).map((f) => f.replace(/2001:db8:100:[0-9a-f:]*\/64/g, 'P')),
      [
        'ipv6 session: Accounting-Request Start carries Framed-IPv6-Prefix P: expected "P", observed "no Accounting-Request Start at the AAA"',
        'ipv4v6 session: Accounting-Request Start carries Framed-IPv6-Prefix P: expected "P", observed "no Accounting-Request Start at the AAA"',
      ],
    );
  },
);

/** osmo-ggsn on its own loopback address, IPv6 and IPv4v6 APNs; stopped (TUNs removed) by the caller. */
async function startOsmoGgsn(
  t: ExecutionContext,
): Promise<{ address: string; n: number; stop: () => Promise<void> } | undefined> {
  const missing = (() => {
    try {
      execFileSync('sh', ['-c', 'command -v osmo-ggsn']);
      return process.getuid?.() === 0 ? undefined : 'osmo-ggsn needs root for its TUN devices';
    } catch {
      return 'osmo-ggsn is not installed (containers/install-deps.sh)';
    }
  })();
  if (!needDocker(t, missing)) return undefined;
  const n = 10 + Math.floor(Math.random() * 200);
  const address = `127.0.0.${n}`;
  const dir = tempDir('mvno-osmo');
  const hex = n.toString(16);
  const apn = (name: string, tun: string, lines: string[]) => [
    ` apn ${name}`,
    '  gtpu-mode tun',
    `  tun-device ${tun}`,
    ...lines.map((l) => `  ${l}`),
    '  no shutdown',
  ];
  const config = [
    'log stderr',
    ' logging filter all 1',
    ' logging color 0',
    ' logging level ggsn info',
    'ggsn ggsn0',
    ` gtp state-dir ${dir}`,
    ` gtp bind-ip ${address}`,
    ...apn('inet6', `v6m${n}a`, [
      'type-support v6',
      `ipv6 prefix dynamic 2001:db8:46:${hex}00::/56`,
      'ipv6 dns 0 2001:db8:53::1',
      `ipv6 ifconfig 2001:db8:46:${hex}00::/56`,
    ]),
    ...apn('inet46', `v6m${n}b`, [
      'type-support v4v6',
      'ip prefix dynamic 203.0.113.240/28',
      'ip dns 0 192.0.2.53',
      'ip ifconfig 203.0.113.240/28',
      `ipv6 prefix dynamic 2001:db8:47:${hex}00::/56`,
      'ipv6 dns 0 2001:db8:53::1',
      `ipv6 ifconfig 2001:db8:47:${hex}00::/56`,
    ]),
    ' default-apn inet6',
    ' no shutdown ggsn',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'osmo-ggsn.cfg'), config);
  let log = '';
  const ggsn: ResultPromise = execa('osmo-ggsn', ['-c', join(dir, 'osmo-ggsn.cfg')], { reject: false, all: true });
  ggsn.all?.on('data', (d: Buffer) => (log += d.toString()));
  for (let i = 0; i < 100 && !log.includes('gtp_newgsn() started'); i++) await new Promise((r) => setTimeout(r, 50));
  const stop = async () => {
    ggsn.kill('SIGTERM');
    await ggsn;
  };
  if (!log.includes('gtp_newgsn() started')) {
    await stop();
    throw new Error(`osmo-ggsn did not start:\n${log}`);
  }
  // Its TUN addresses answer once Duplicate Address Detection is over (RFC 4862 §5.4).
  for (let i = 0; i < 60; i++) {
    const addrs =
      execFileSync('ip', ['-6', 'addr', 'show', 'dev', `v6m${n}a`], { encoding: 'utf8' }) +
      execFileSync('ip', ['-6', 'addr', 'show', 'dev', `v6m${n}b`], { encoding: 'utf8' });
    if (addrs.includes('inet6') && !addrs.includes('tentative')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { address, n, stop };
}

test.serial(
  'against osmo-ggsn (a GGSN-only MVNO) the Gn scenarios of mvno-l2 run, its known deviations fail, and the S5/S8 ones are skipped with the reason',
  async (t) => {
    const ggsn = await startOsmoGgsn(t);
    if (!ggsn) return;
    try {
      const hex = ggsn.n.toString(16);
      const target = {
        name: 'osmo-ggsn as an MVNO GGSN',
        provider: 'external',
        elements: {
          ggsn: {
            kind: 'external',
            address: ggsn.address,
            port: 2123,
            apns: {
              inet6: { pdnTypes: 'ipv6', ipv6Pool: `2001:db8:46:${hex}00::/56`, probeIpv6: `2001:db8:46:${hex}00::` },
              inet46: {
                pdnTypes: 'ipv4v6',
                ipv6Pool: `2001:db8:47:${hex}00::/56`,
                ipv4Pool: '203.0.113.240/28',
                probeIpv6: `2001:db8:47:${hex}00::`,
              },
            },
          },
        },
      };
      const dir = tempDir('mvno-gn');
      writeFileSync(join(dir, 'target.yaml'), stringify(target));
      const r = await execa(
        process.execPath,
        [bin, 'run', '--suite', 'mvno-l2', '--target', join(dir, 'target.yaml'), '--report-dir', dir],
        { cwd: root, reject: false, timeout: 300_000 },
      );
      // osmo-ggsn's known deviations fail their scenarios (exit 1); the skips alone would not.
      t.is(r.exitCode, 1, r.stdout.slice(-4000) + r.stderr);
      const res = results(dir);
      // osmo-ggsn 1.9's deviations, pinned in test/interop/osmo-ggsn.test.ts: no MTU option in its RA,
      // Update PDP Context with an extension header dropped.
      t.deepEqual(
        res.scenarios
          .filter((s) => s.status === 'failed' || s.status === 'error')
          .map((s) => s.id)
          .sort(),
        ['core/gn-pdp-context/pdp-ipv4v6', 'core/gn-pdp-context/pdp-ipv6', 'core/gn-update-pdp-context'],
      );
      const passed = res.scenarios.filter((s) => s.status === 'passed').map((s) => s.id);
      t.deepEqual(passed.sort(), [
        'core/gn-pdp-type-policy/request-ipv4v6',
        'core/gn-pdp-type-policy/request-ipv6',
        'core/gn-peer-restart/detect-create',
        'mvno/gn-echo-recovery',
        'mvno/gn-pco-dns/pdp-ipv4v6',
        'mvno/gn-pco-dns/pdp-ipv6',
      ]);
      const skipped = res.scenarios.filter((s) => s.status === 'skipped');
      t.is(skipped.length, res.scenarios.length - passed.length - 3);
      t.true(
        skipped.every((s) =>
          /^not run: the target "osmo-ggsn as an MVNO GGSN" has no element "(pgw|aaa)"|ggsn\.echoInterval|no hosts behind Gi/.test(
            s.error ?? '',
          ),
        ),
        skipped.map((s) => `${s.id}: ${s.error}`).join('\n'),
      );
    } finally {
      await ggsn.stop();
    }
  },
);
