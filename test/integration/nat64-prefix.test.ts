import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import test from 'ava';
import { execa } from 'execa';
import { InternetStandin } from '../../harness/elements/internet/internet.ts';
import { targetSchema, type Target } from '../../harness/lab/index.ts';
import { WELL_KNOWN_PREFIX } from '../../harness/protocol/dns/index.ts';
import * as ip from '../../harness/protocol/ip/index.ts';
import { runScenarios } from '../helpers/run-scenarios.ts';
import { needPrecondition } from '../helpers/precondition.ts';

/**
 * NAT64 verdicts name the Pref64 the translator used (issue 16 item 5; RFC 6052 §2.1, §2.2): the
 * NAT64 stand-in (harness/elements/nat64, behind the internet stand-in) on a TUN device of this
 * host, reached as the target's EXTERNAL nat64, both the declared prefix and 64:ff9b::/96 routed
 * to it. Configured with the declared prefix, nat64-echo passes naming it; configured with the
 * well-known one, it fails "translated via 64:ff9b::/96, declared … unused" after one probe round.
 * Needs root and socat (the TUN relay, as the PGW stand-in's SGi); in CI a missing one is a failure.
 */
const DECLARED = '2001:db8:6e::/96';
const DEVICE = 'v6hn64test';

const target: Target = targetSchema.parse({
  name: 'nat64 on a TUN',
  provider: 'external',
  internet: {
    ipv6Only: '2001:db8:f000::6',
    ipv4Only: '192.0.2.4',
    dualStack: { ipv6: '2001:db8:f000::46', ipv4: '192.0.2.46' },
    brokenIpv6: { ipv6: '2001:db8:f000::bad', ipv4: '192.0.2.66' },
  },
  gateway: { nat64Prefix: DECLARED },
  elements: { nat64: { kind: 'external', address: '2001:db8:6464::1', ipv4Address: '203.0.113.64' } },
});

async function problem(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'a TUN device and raw sockets need root';
  const socat = await execa('socat', ['-V'], { reject: false });
  return socat.exitCode === 0 ? undefined : 'socat is not installed (containers/install-deps.sh)';
}

/** The NAT64 stand-in translating `prefix` (none: ''), on a TUN device with both prefixes routed to it; close() removes it. */
async function nat64OnTun(prefix: string): Promise<() => Promise<void>> {
  const internet = new InternetStandin(target.internet!, '2001:db8:6464::fe', { prefixes: prefix ? [prefix] : [] });
  const sock: Socket = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  // Each packet the kernel routes to the device comes as one datagram from socat; the answer goes back the same way.
  sock.on('message', (m, from) => {
    let p: ip.IpPacket;
    try {
      p = ip.decodeIpPacket(m);
    } catch {
      return;
    }
    const reply = internet.deliver(p, m);
    if (reply) sock.send(reply, from.port, from.address);
  });
  const relay = spawn(
    'socat',
    [
      '-b',
      '65536',
      `TUN,tun-name=${DEVICE},tun-type=tun,iff-no-pi,iff-up`,
      `UDP4-DATAGRAM:127.0.0.1:${sock.address().port},bind=127.0.0.1:0`,
    ],
    { stdio: 'ignore' },
  );
  const close = async () => {
    relay.kill('SIGKILL');
    sock.close();
    await execa('ip', ['link', 'del', DEVICE], { reject: false });
  };
  for (let i = 0; i < 100; i++) {
    if ((await execa('ip', ['link', 'show', 'dev', DEVICE], { reject: false })).exitCode === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    for (const p of [DECLARED, WELL_KNOWN_PREFIX]) await execa('ip', ['-6', 'route', 'replace', p, 'dev', DEVICE]);
  } catch (e) {
    await close();
    throw e;
  }
  return close;
}

let why: string | undefined;
test.before(async () => {
  why = await problem();
});

test.serial('a NAT64 translating the declared Pref64 passes, the check naming it', async (t) => {
  if (!needPrecondition(t, why, 'the NAT64 prefix test')) return;
  const close = await nat64OnTun(DECLARED);
  t.teardown(close);
  const [r] = await runScenarios('gateway/nat64-echo/protocol-udp', target, 30);
  t.is(r?.status, 'passed', JSON.stringify(r?.checks));
  const c = r.checks.find((x) => x.name === `the NAT64 translates the declared Pref64 ${DECLARED}`);
  t.is(c?.observed, `translated via ${DECLARED}`);
  t.is(r.facts?.['Pref64 translated'], DECLARED);
});

test.serial(
  'a NAT64 stand-in on the well-known prefix fails: "translated via 64:ff9b::/96, declared … unused", one round',
  async (t) => {
    if (!needPrecondition(t, why, 'the NAT64 prefix test')) return;
    const close = await nat64OnTun(WELL_KNOWN_PREFIX);
    t.teardown(close);
    const results = await runScenarios('gateway/nat64-echo', target, 30);
    t.is(results.length, 3);
    for (const r of results) {
      t.is(r.status, 'failed', r.id);
      t.is(r.element, 'nat64', r.id);
      // The Pref64 check is the only one: nothing else was tried on a path the declaration does not reach.
      t.is(r.checks.length, 1, JSON.stringify(r.checks));
      t.is(r.checks[0].observed, `translated via ${WELL_KNOWN_PREFIX}, declared ${DECLARED} unused`);
      t.is(r.facts?.['Pref64 translated'], WELL_KNOWN_PREFIX);
    }
  },
);

test.serial('a NAT64 that translates nothing fails after one probe round, naming both prefixes tried', async (t) => {
  if (!needPrecondition(t, why, 'the NAT64 prefix test')) return;
  // No Pref64 at all: the stand-in's upstream answers Destination Unreachable for both (RFC 4443 §3.1).
  const close = await nat64OnTun('');
  t.teardown(close);
  const [r] = await runScenarios('gateway/nat64-echo/protocol-tcp', target, 30);
  t.is(r?.status, 'failed');
  t.is(r.checks.length, 1, JSON.stringify(r.checks));
  t.regex(
    String(r.checks[0].observed),
    /^nothing translated: no ICMPv6 or UDP echo from 192\.0\.2\.4 via 2001:db8:6e::\/96 nor 64:ff9b::\/96 \(3 tries each in [\d.]+ s\)/,
  );
  t.is(r.facts?.['Pref64 translated'], 'none');
});
