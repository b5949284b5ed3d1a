import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { realConfig, REAL_FAULTS, supervisorScript } from '../../../harness/lab/docker/real/index.ts';
import { reverseZoneOf } from '../../../harness/lab/docker/real/unbound.ts';
import { zoneFiles, zoneOrigin } from '../../../harness/lab/docker/real/zone.ts';
import { validateStandins } from '../../../harness/lab/index.ts';
import { gatewaySchema, targetSchema } from '../../../harness/lab/target.ts';
import { loadTarget } from '../../../harness/runner/target-file.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { embeddingPrefix } from '../../../scenarios/gateway/rfc6052-prefix.ts';

/**
 * The configuration the docker lab writes for real elements: what the operator declared ends up
 * in the files (prefix, names, filter switches), and each misconfiguration changes exactly the
 * option it names. (That the elements then behave so is test/perf/gateway.test.ts.)
 */
const policy = gatewaySchema.parse({});
const file = (cfg: ReturnType<typeof realConfig>, path: string) => cfg.files.find((f) => f.path === path)!.content;

test('the zone serves every declared name, ipv4only.arpa and the PTR of the A-only name', (t) => {
  t.is(zoneOrigin(policy), 'v6lab.example');
  const zones = zoneFiles(policy, 'fd00:6:2::5');
  t.deepEqual(
    zones.map((z) => z.origin),
    ['v6lab.example', 'ipv4only.arpa', '2.0.192.in-addr.arpa'],
  );
  t.regex(zones[0].text, /^dual\.v6lab\.example\. IN AAAA 2001:db8:f000::46$/m);
  t.regex(zones[0].text, /^mapped\.v6lab\.example\. IN AAAA ::ffff:192\.0\.2\.7$/m);
  t.regex(zones[0].text, /^\*\.any\.v6lab\.example\. IN A 192\.0\.2\.5$/m);
  t.notRegex(zones[0].text, /^nx\./m);
  t.regex(zones[1].text, /IN A 192\.0\.0\.170\n@ IN A 192\.0\.0\.171/);
  t.regex(zones[2].text, /^4 IN PTR a-only\.v6lab\.example\.$/m);
  t.throws(() => zoneOrigin({ ...policy, names: { ...policy.names, nxdomain: 'nx.other.test' } }), {
    message: /share a parent domain/,
  });
});

test('unbound: the declared Pref64, stub zones at the authoritative server, and each fault', (t) => {
  const conf = (faults: string[], extra = {}) =>
    file(
      realConfig({ kind: 'real', software: 'unbound', faults, ...extra }, policy, 'fd00:6:2::5'),
      '/etc/v6harness/unbound.conf',
    );
  t.regex(conf([]), /dns64-prefix: 2001:db8:64::\/96/);
  t.regex(conf([]), /stub-zone:\n {2}name: "v6lab\.example"\n {2}stub-addr: fd00:6:2::5/);
  t.notRegex(conf([]), /synthall/);
  t.regex(conf(['synthall']), /dns64-synthall: yes/);
  t.regex(conf(['well-known-prefix']), /dns64-prefix: 64:ff9b::\/96/);
  t.regex(conf([], { nat64Prefix: '2001:db8:100::/40' }), /dns64-prefix: 2001:db8:100::\/40/);
  // No rate limit unless asked (backend/dns64-query-rate measures the resolver); each fault sets its own.
  t.regex(conf([]), /^ {2}ratelimit: 0\n {2}ip-ratelimit: 0$/m);
  t.notRegex(conf([]), /ip-ratelimit-factor/);
  t.regex(conf(['query-rate-limit']), /^ {2}ratelimit: 0\n {2}ip-ratelimit: 100\n {2}ip-ratelimit-factor: 0$/m);
  t.regex(conf(['zone-ratelimit']), /^ {2}ratelimit: 1000\n {2}ip-ratelimit: 0$/m);
  // Isolated: the operator's zone is still a stub zone; ipv4only.arpa and the in-addr.arpa zone are not.
  t.regex(conf([]), /name: "ipv4only\.arpa"/);
  t.regex(conf(['isolated']), /stub-zone:\n {2}name: "v6lab\.example"/);
  t.notRegex(conf(['isolated']), /name: "ipv4only\.arpa"|name: "[\d.]+\.in-addr\.arpa"/);
  // Its default local zones would answer these itself: the lab's reverse zone and the prefix's.
  t.regex(conf([]), /local-zone: "2\.0\.192\.in-addr\.arpa\." nodefault/);
  t.is(reverseZoneOf('2001:db8:64::/96'), '0.0.0.0.0.0.0.0.0.0.0.0.4.6.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
  t.is(reverseZoneOf('2001:db8::/32'), '8.b.d.0.1.0.0.2.ip6.arpa');
});

test('bind9 AAAA filter: on for IPv4 clients as declared, on for IPv6 only with the fault', (t) => {
  const conf = (faults: string[], p = policy) =>
    file(realConfig({ kind: 'real', software: 'bind9', faults }, p, ''), '/etc/v6harness/named.conf');
  t.regex(conf([]), /filter-aaaa-on-v4 yes;\n {2}filter-aaaa-on-v6 no;/);
  t.regex(conf(['filter-on-v6']), /filter-aaaa-on-v6 yes;/);
  // Both switches off: named refuses the plugin so configured, so it is not loaded at all.
  t.notRegex(conf([], { ...policy, aaaaFilterIpv4Clients: 'unfiltered' }), /filter-aaaa/);
  t.notRegex(conf(['filter-off']), /filter-aaaa/);
  t.regex(conf(['filter-off', 'filter-on-v6']), /filter-aaaa-on-v4 no;\n {2}filter-aaaa-on-v6 yes;/);
});

test('tayga: the declared prefix routed into its TUN device, NAT44 behind it, TUN and forwarding asked for', (t) => {
  const cfg = realConfig({ kind: 'real', software: 'tayga', faults: [] }, policy, '');
  t.regex(file(cfg, '/etc/v6harness/tayga.conf'), /^prefix 2001:db8:64::\/96$/m);
  t.regex(cfg.setup!, /ip -6 route add 2001:db8:64::\/96 dev nat64/);
  t.regex(cfg.setup!, /masquerade/);
  t.deepEqual(cfg.kernel, { tun: true });
  t.regex(
    file(
      realConfig({ kind: 'real', software: 'tayga', faults: ['well-known-prefix'] }, policy, ''),
      '/etc/v6harness/tayga.conf',
    ),
    /^prefix 64:ff9b::\/96$/m,
  );
  t.notRegex(cfg.setup!, /dnat/);
  const dmz = realConfig({ kind: 'real', software: 'tayga', faults: ['inbound-dmz'] }, policy, '', 'fd00:6:2::1');
  t.regex(file(dmz, '/etc/v6harness/tayga.conf'), /^map 203\.0\.113\.200 fd00:6:2::1$/m);
  t.regex(dmz.setup!, /dnat to 203\.0\.113\.200/);
});

test('the supervisor starts the capture first, the element after its setup, and exits when the element does', (t) => {
  const s = supervisorScript(realConfig({ kind: 'real', software: 'tayga', faults: [] }, policy, ''), '/tmp/x.pcap');
  t.true(s.indexOf('tcpdump') < s.indexOf('tayga -c'));
  t.regex(s, /trap .*USR2/);
  t.regex(s, /exit 1$/);
});

test('unknown misconfigurations of real elements are reported before anything runs', (t) => {
  const target = targetSchema.parse({
    name: 't',
    provider: 'docker',
    elements: { dns64: { kind: 'real', software: 'unbound', faults: ['synthall', 'nonsense'] } },
  });
  const problems = validateStandins(target);
  t.is(problems.length, 1);
  t.deepEqual(problems[0].path, ['elements', 'dns64', 'faults', 1]);
  t.regex(
    problems[0].message,
    /unknown unbound misconfiguration "nonsense" \(known: synthall, well-known-prefix, nxdomain-redirect, no-ptr-zone, query-rate-limit, zone-ratelimit, isolated\)/,
  );
  t.deepEqual(REAL_FAULTS.bind9, ['filter-on-v6', 'filter-off']);
});

test('the prefix a synthesized address uses is found at every RFC 6052 length', (t) => {
  t.is(embeddingPrefix('2001:db8:64::c000:204', '192.0.2.4'), '2001:db8:64::/96');
  t.is(embeddingPrefix('64:ff9b::c000:204', '192.0.2.4'), '64:ff9b::/96');
  t.is(embeddingPrefix('2001:db8:c000:221::', '192.0.2.33'), '2001:db8::/32');
  t.is(embeddingPrefix('2001:db8:122:344:c0:2:2100:0', '192.0.2.33'), '2001:db8:122:344::/64');
  t.is(embeddingPrefix('2001:db8:f000::46', '192.0.2.46'), undefined);
});

test('a lab network that overlaps a network this machine is on is refused, naming both', async (t) => {
  const { execa } = await import('execa');
  const { assertFreeSubnet } = await import('../../../harness/lab/docker/free-subnet.ts');
  const own = (await execa('ip', ['-4', '-o', 'route', 'show'], { reject: false })).stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find(([d, , , , dev]) => d && d !== 'default' && d.includes('/') && !l4Bridge(dev));
  await t.notThrowsAsync(assertFreeSubnet('198.18.255.0/24', 'nat64'));
  if (!own) return t.pass('this machine has no IPv4 network route to collide with');
  await t.throwsAsync(assertFreeSubnet(own[0], 'nat64'), {
    message: new RegExp(`overlaps this machine's own network ${own[0].replace(/\./g, '\\.')}`),
  });
});

const l4Bridge = (dev: string | undefined) => !dev || dev.startsWith('br-');

test("nftables takes the user's own rule set file, relative to the target file; a missing one is an error on its line", (t) => {
  const dir = tempDir('ruleset');
  mkdirSync(join(dir, 'rules'));
  const rules = 'table inet mine {\n  chain forward { type filter hook forward priority 0; policy drop; }\n}\n';
  writeFileSync(join(dir, 'rules', 'fw.nft'), rules);
  const target = (extra: string) => {
    const path = join(dir, 'target.yaml');
    writeFileSync(
      path,
      `name: mine\nprovider: docker\nelements:\n  firewall:\n    kind: real\n    software: nftables\n${extra}`,
    );
    return path;
  };
  const { target: loaded } = loadTarget(target('    rulesetFile: rules/fw.nft\n'));
  const el = loaded.elements.firewall!;
  t.is(el.kind === 'real' ? el.rulesetFile : undefined, join(dir, 'rules', 'fw.nft'));
  t.is(file(realConfig(el as never, policy, 'fd00:6:2::5'), '/etc/v6harness/firewall.nft'), rules);
  // Without it, the lab's own rule set from the policy.
  const own = loadTarget(target('')).target.elements.firewall!;
  t.regex(file(realConfig(own as never, policy, 'fd00:6:2::5'), '/etc/v6harness/firewall.nft'), /table inet v6harness/);
  t.throws(() => loadTarget(target('    rulesetFile: rules/nope.nft\n')), {
    message: /target\.yaml:7: elements\.firewall\.rulesetFile: no such file: .*rules\/nope\.nft/,
  });
  t.throws(() => loadTarget(target('    rulesetFile: rules/fw.nft\n    faults: [open-inbound]\n')), {
    message: /target\.yaml:7: elements\.firewall\.rulesetFile: faults \(open-inbound\) edit the lab's own rule set/,
  });
});
