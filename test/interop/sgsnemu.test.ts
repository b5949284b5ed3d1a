import test from 'ava';
import { execa } from 'execa';
import { Ggsn, type GgsnConfig } from '../../harness/elements/ggsn/index.ts';
import type { ApnConfig } from '../../harness/elements/common/apn-config.ts';
import { requireTool } from '../helpers/tools.ts';

/**
 * sgsnemu (Debian package osmo-ggsn), an SGSN we did not write, against our GGSN stand-in on its
 * registered ports. sgsnemu 1.9 does not exit after --timelimit (it does not with osmo-ggsn
 * either), so each test ends it once it has reported the delete.
 */
const apn = (pdnTypes: ApnConfig['pdnTypes']): ApnConfig => ({
  pdnTypes,
  singleAddressBearersOnly: false,
  prefer: 'ipv6',
  ipv6Pool: '2001:db8:44::/48',
  ipv4Pool: '203.0.113.0/24',
  dnsIpv6: ['2001:db8:53::1'],
  dnsIpv4: ['192.0.2.53'],
  mtu: 1400,
});

/** Runs sgsnemu (`args` after its addresses) against a GGSN stand-in; returns its output and the stand-in. */
async function sgsnemu(
  subnet: number,
  config: Pick<GgsnConfig, 'apns'> & Partial<GgsnConfig>,
  args: string[],
): Promise<{ out: string; ggsn: Ggsn }> {
  requireTool('sgsnemu');
  requireTool('stdbuf');
  const n = 10 + Math.floor(Math.random() * 200);
  const ggsnIp = `127.0.${subnet}.${n}`;
  const ggsn = new Ggsn({ address: ggsnIp, port: 2123, userPlanePort: 2152, restartCounter: 3, faults: [], ...config });
  await ggsn.start();
  let out = '';
  // stdbuf: sgsnemu's stdout is a pipe here, and we read it line by line.
  const emu = execa('stdbuf', ['-oL', 'sgsnemu', '-l', `127.0.${subnet}.${n + 1}`, '-r', ggsnIp, ...args], {
    reject: false,
    all: true,
    cwd: '/tmp',
    timeout: 20_000,
  });
  try {
    await new Promise<void>((resolve) => {
      emu.all?.on('data', (d: Buffer) => {
        out += d.toString();
        if (/Received delete PDP context response/.test(out)) resolve();
      });
      void emu.finally(() => resolve());
    });
  } finally {
    emu.kill('SIGKILL');
    await emu;
    await ggsn.stop();
  }
  return { out, ggsn };
}

test('sgsnemu --pdp-type v6 gets an IPv6 EUA from our GGSN stand-in and the context is deleted cleanly', async (t) => {
  const { out, ggsn } = await sgsnemu(1, { apns: { inet6: apn('ipv6') } }, [
    '-t',
    'v6',
    '-a',
    'inet6',
    '--timelimit',
    '1',
  ]);
  t.regex(out, /received EUA with IP address: 2001:db8:44:[0-9a-f:]+/, out);
  t.regex(out, /Received delete PDP context response\. Cause value: 128/, out);
  t.is(ggsn.contextCount, 0, 'the stand-in holds no context after the delete');
});

test('sgsnemu --pdp-type v4 --pinghost: its ICMP echo goes out of our GGSN stand-in Gi and back; sgsnemu answers the GGSN-initiated Echo', async (t) => {
  const { out, ggsn } = await sgsnemu(
    2,
    {
      apns: { inet46: apn('ipv4v6') },
      // TS 29.060 §7.2.1: Echo Request on the path in use every second; sgsnemu (libgtp) must answer.
      echoIntervalS: 1,
      internet: {
        ipv6Only: '2001:db8:f000::6',
        ipv4Only: '192.0.2.4',
        dualStack: { ipv6: '2001:db8:f000::46', ipv4: '192.0.2.46' },
        brokenIpv6: { ipv6: '2001:db8:f000::bad', ipv4: '192.0.2.66' },
        udpEchoPort: 7,
      },
    },
    ['-t', 'v4', '-a', 'inet46', '--pinghost', '192.0.2.4', '--pingcount', '3', '--timelimit', '4'],
  );
  t.regex(out, /received EUA with IP address: 203\.0\.113\.\d+/, out);
  t.regex(out, /3 packets transmitted in [\d.]+ seconds, 3 packets received, 0% packet loss/, out);
  t.regex(out, /Received delete PDP context response\. Cause value: 128/, out);
  t.true(ggsn.paths.stats.echoRequests >= 1, JSON.stringify(ggsn.paths.stats));
  t.is(ggsn.paths.stats.pathFailures, 0, 'sgsnemu answered every Echo Request');
  t.is(ggsn.contextCount, 0);
});
