import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { execa, type ResultPromise } from 'execa';
import { targetSchema } from '../../harness/lab/index.ts';
import { requireTool } from '../helpers/tools.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Our SGSN driver and UE model against osmo-ggsn, a GGSN we did not write (Debian package
 * osmo-ggsn; needs root for its TUN devices). APN inet6 is type-support v6, inet46 v4v6, and
 * inet4 v4 only: declared as an IPv6 APN in the second target, it must make the IPv6 scenario
 * fail with the GGSN's reject cause.
 */
const n = 10 + Math.floor(Math.random() * 200);
const bindIp = `127.0.0.${n}`;
const dir = tempDir('osmo');
const tun = (s: string) => `v6h${n}${s}`;
const config = `log stderr
 logging filter all 1
 logging color 0
 logging print category 0
 logging timestamp 0
 logging level ggsn info
line vty
 no login
ggsn ggsn0
 gtp state-dir ${dir}
 gtp bind-ip ${bindIp}
 apn inet6
  gtpu-mode tun
  tun-device ${tun('a')}
  type-support v6
  ipv6 prefix dynamic 2001:db8:44:${n.toString(16)}00::/56
  ipv6 dns 0 2001:db8:53::1
  ipv6 ifconfig 2001:db8:44:${n.toString(16)}00::/56
  no shutdown
 apn inet46
  gtpu-mode tun
  tun-device ${tun('b')}
  type-support v4v6
  ip prefix dynamic 203.0.113.224/28
  ip dns 0 192.0.2.53
  ip ifconfig 203.0.113.224/28
  ipv6 prefix dynamic 2001:db8:45:${n.toString(16)}00::/56
  ipv6 dns 0 2001:db8:53::1
  ipv6 ifconfig 2001:db8:45:${n.toString(16)}00::/56
  no shutdown
 apn inet4
  gtpu-mode tun
  tun-device ${tun('c')}
  type-support v4
  ip prefix dynamic 198.51.100.0/24
  ip ifconfig 198.51.100.0/24
  no shutdown
 default-apn inet6
 no shutdown ggsn
`;

let ggsn: ResultPromise | undefined;
let log = '';

test.before(async () => {
  requireTool('osmo-ggsn');
  if (process.getuid?.() !== 0)
    throw new Error('osmo-ggsn needs root for its TUN devices: run the interop tests as root (CI does)');
  writeFileSync(join(dir, 'osmo-ggsn.cfg'), config);
  ggsn = execa('osmo-ggsn', ['-c', join(dir, 'osmo-ggsn.cfg')], { reject: false, all: true });
  ggsn.all?.on('data', (d: Buffer) => (log += d.toString()));
  // Wait for the GTP socket instead of sleeping.
  for (let i = 0; i < 100 && !log.includes('gtp_newgsn() started'); i++) await new Promise((r) => setTimeout(r, 50));
  if (!log.includes('gtp_newgsn() started')) throw new Error(`osmo-ggsn did not start:\n${log}`);
  // The kernel answers from the TUN addresses only once Duplicate Address Detection has finished (RFC 4862 §5.4).
  for (let i = 0; i < 60; i++) {
    const addrs =
      execFileSync('ip', ['-6', 'addr', 'show', 'dev', tun('a')], { encoding: 'utf8' }) +
      execFileSync('ip', ['-6', 'addr', 'show', 'dev', tun('b')], { encoding: 'utf8' });
    if (addrs.includes('inet6') && !addrs.includes('tentative')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

test.after.always(async () => {
  ggsn?.kill('SIGTERM');
  await ggsn;
});

const target = (apns: Record<string, unknown>) =>
  targetSchema.parse({
    name: `osmo-ggsn at ${bindIp}`,
    provider: 'external',
    elements: { ggsn: { kind: 'external', address: bindIp, port: 2123, apns } },
  });

test.serial(
  'IPv6 and IPv4v6 Gn scenarios pass against osmo-ggsn: EUA, RS→RA /64, ICMPv6 echo to its tun address, delete',
  async (t) => {
    const results = await runScenarios(
      'core/gn-pdp-context',
      target({
        inet6: {
          pdnTypes: 'ipv6',
          ipv6Pool: `2001:db8:44:${n.toString(16)}00::/56`,
          probeIpv6: `2001:db8:44:${n.toString(16)}00::`,
        },
        inet46: {
          pdnTypes: 'ipv4v6',
          ipv6Pool: `2001:db8:45:${n.toString(16)}00::/56`,
          ipv4Pool: '203.0.113.224/28',
          probeIpv6: `2001:db8:45:${n.toString(16)}00::`,
        },
      }),
    );
    t.deepEqual(
      results.map((r) => r.id),
      ['core/gn-pdp-context/pdp-ipv6', 'core/gn-pdp-context/pdp-ipv4v6'],
    );
    for (const r of results) {
      t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}\n${log.slice(-2000)}`);
      t.true(
        r.checks.some((c) => c.name.startsWith('ICMPv6 echo') && c.ok),
        'the echo went through the GGSN user plane',
      );
      t.true(r.metrics.some((m) => m.name === 'ping_rtt'));
    }
  },
);

test.serial(
  'an APN declared for IPv6 but restricted to type-support v4 on osmo-ggsn fails with the GGSN reject cause',
  async (t) => {
    const [r] = await runScenarios('core/gn-pdp-context/pdp-ipv6', target({ inet4: { pdnTypes: 'ipv6' } }));
    t.is(r.status, 'failed');
    t.is(r.element, 'ggsn');
    t.regex(
      failures(r)[0],
      /^GGSN accepts the Create PDP Context Request \(cause 128\): expected "128 \(0x80\) Request accepted", observed "(?!128)\d+ \(0x[0-9A-F]{2}\) [^"]+"$/,
    );
  },
);

test.serial('osmo-ggsn removes its TUN devices when stopped (nothing is left behind)', async (t) => {
  ggsn?.kill('SIGTERM');
  await ggsn;
  ggsn = undefined;
  const links = execFileSync('ip', ['-br', 'link'], { encoding: 'utf8' });
  t.false(links.includes(tun('a')), links);
});
