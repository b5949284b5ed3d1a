import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { parse } from 'yaml';
import { targetSchema } from '../../harness/lab/index.ts';
import { synthesize } from '../../harness/protocol/dns/rfc6052.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';
import { dockerProblem, needDocker } from '../helpers/docker.ts';
import { dissect } from '../helpers/tshark.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * 464XLAT (RFC 6877) in the docker lab with tayga from its Debian package as the PLAT: our CLAT's
 * RFC 7915 translation goes over the IPv6-only bearer and the PGW's TUN SGi to a translator we did
 * not write, which must turn it into IPv4 the IPv4-only host answers, and turn the answer back into
 * something our CLAT accepts. tayga's own capture, read by Wireshark's dissectors, is the witness.
 * A tayga configured with another prefix fails both discoveries, naming the PLAT. In CI (CI set) a
 * missing Docker is a failure, else a skip.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const base = targetSchema.parse(parse(readFileSync(join(root, 'targets/docker.yaml'), 'utf8')));
const pref64 = base.elements.pgw.kind === 'standin' ? base.elements.pgw.apns.xlat.pref64! : '';
const host4 = base.internet!.ipv4Only;

/** The EPS instances: targets/docker.yaml declares no AMF, so the 5GS ones (`/access-5gs`) would only be skipped. */
const EPS_XLAT = { patterns: ['terminal/464xlat'], grepInvert: ['access-5gs'] };

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test.serial(
  'an IPv4-only application reaches the IPv4-only host through our CLAT and tayga, both discoveries',
  async (t) => {
    if (!needDocker(t, why)) return;
    const dir = tempDir('xlat-docker');
    const results = await runScenarios(EPS_XLAT, base, 90, {}, dir);
    t.deepEqual(
      results.map((r) => r.id),
      ['terminal/464xlat/discovery-ra-pref64', 'terminal/464xlat/discovery-rfc7050'],
    );
    // Answers seen in tayga's capture, over both runs: a capture on a loaded machine may miss a packet
    // (tcpdump drops what it cannot keep up with), and one witness of each direction is enough.
    const answers = { icmp4: 0, icmp6: 0, udp4: 0 };
    for (const r of results) {
      t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
      // The exchanges were judged as the PLAT's: the APN's `plat:`, tayga.
      t.true(
        r.checks.some((c) => c.element === 'nat64' && c.name.startsWith('IPv4 echo') && c.ok),
        r.id,
      );
      const capture = r.artifacts.map((a) => join(dir, a)).find((a) => a.endsWith('-nat64.pcap'));
      if (!capture) {
        t.fail(`${r.id}: no capture of the nat64 container among ${r.artifacts.join(', ')}`);
        continue;
      }
      // In tayga's container: the CLAT's ICMPv6 and UDP to Pref64::host4 in, IPv4 to and from the host, and back.
      const seen = async (filter: string) => (await dissect(capture, { extraArgs: ['-Y', filter] })).length;
      const v6host = synthesize(pref64, host4);
      t.true(
        (await seen(`icmpv6.type == 128 && ipv6.dst == ${v6host}`)) > 0,
        `${r.id}: no ICMPv6 echo request to ${v6host}`,
      );
      answers.icmp4 += await seen(`icmp.type == 0 && ip.src == ${host4}`);
      answers.icmp6 += await seen(`icmpv6.type == 129 && ipv6.src == ${v6host}`);
      answers.udp4 += await seen(`udp.srcport == 7 && ip.src == ${host4}`);
    }
    const v6host = synthesize(pref64, host4);
    t.true(answers.icmp4 > 0, `no IPv4 echo reply from ${host4} in tayga's captures`);
    t.true(answers.icmp6 > 0, `no translated ICMPv6 echo reply from ${v6host} in tayga's captures`);
    t.true(answers.udp4 > 0, `no IPv4 UDP echo from ${host4} in tayga's captures`);
  },
);

test.serial(
  'tayga translating another prefix (64:ff9b::/96) fails both discoveries, naming the PLAT and why',
  async (t) => {
    if (!needDocker(t, why)) return;
    const nat64 = base.elements.nat64;
    const target = targetSchema.parse({
      ...base,
      name: 'docker, tayga well-known-prefix',
      elements: { ...base.elements, nat64: { ...nat64, faults: ['well-known-prefix'] } },
    });
    const results = await runScenarios(EPS_XLAT, target, 90);
    t.is(results.length, 2);
    for (const r of results) {
      t.is(r.status, 'failed', `${r.id}: ${r.error ?? ''}`);
      t.is(r.element, 'nat64', r.id);
      const f = failures(r);
      t.is(f.length, 2, f.join('\n'));
      // The PLAT's host has no route for the declared Pref64: Destination Unreachable (RFC 4443 §3.1), which the CLAT cannot translate.
      t.regex(
        f[0],
        new RegExp(
          `^IPv4 echo to the IPv4-only host ${host4.replaceAll('.', '\\.')} through CLAT and PLAT: expected "echo reply", observed "no reply \\(CLAT dropped: from [0-9a-f:]+ \\(ICMPv6 destination-unreachable code 0\\): not in Pref64 ${pref64.replaceAll('/', '\\/')}`,
        ),
      );
    }
  },
);
