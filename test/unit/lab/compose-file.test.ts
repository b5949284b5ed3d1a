import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { composeFile } from '../../../harness/lab/docker/compose-file.ts';
import { coreNetwork, gatewayNetwork, ipv4Network, sgiNetwork } from '../../../harness/lab/docker/topology.ts';
import { loadTarget } from '../../../harness/runner/target-file.ts';

/**
 * One lab topology (issue 19 item 5): docker-compose.yml is written from harness/lab/docker/topology.ts
 * by `npm run compose`; the committed file must be exactly what that writes today.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const target = loadTarget(join(root, 'targets/docker.yaml')).target;

test('the committed docker-compose.yml is what `npm run compose` writes from the topology', (t) => {
  const committed = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  t.true(
    committed === composeFile(target),
    'docker-compose.yml differs from the topology: run `npm run compose` and commit the result',
  );
});

test("the compose file's networks are the docker lab's: same subnets, all internal, ULA/documentation/benchmarking ranges", (t) => {
  const doc = parse(composeFile(target)) as {
    networks: Record<string, { internal: boolean; ipam: { config: { subnet: string }[] } }>;
    services: Record<string, { networks: Record<string, { ipv6_address: string }> }>;
  };
  const hosts = target.internet;
  if (!hosts) return t.fail('targets/docker.yaml declares internet hosts');
  const expected = {
    core: coreNetwork({}),
    gw: gatewayNetwork({}),
    sgi: sgiNetwork(hosts),
    ipv4: ipv4Network(hosts, target.gateway.nat64Ipv4Mtu),
  };
  t.deepEqual(Object.keys(doc.networks).sort(), Object.keys(expected).sort());
  for (const [key, net] of Object.entries(expected)) {
    t.true(doc.networks[key]?.internal, `${key} is internal`);
    const subnets = [net.ipv6, net.ipv4].filter((x): x is string => x !== undefined);
    t.deepEqual(
      doc.networks[key]?.ipam.config.map((c) => c.subnet),
      subnets,
    );
    for (const s of subnets)
      t.regex(s, /^(fd[0-9a-f]{2}:|2001:db8:|198\.1[89]\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.)/, s);
  }
  // The PGW is the SGi router at the address the docker lab gives it.
  t.is(doc.services.pgw?.networks.sgi?.ipv6_address, expected.sgi.router);
  t.is(expected.sgi.router, sgiNetwork(hosts).router);
  t.is(doc.services.pgw?.networks.core?.ipv6_address, 'fd00:6:1::10');
});

interface Service {
  networks?: Record<string, { ipv6_address?: string; ipv4_address?: string }>;
  network_mode?: string;
  container_name?: string;
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
}

test('the whole lab is in it: the NAT64 with its IPv4 side and host route, the firewall on its own links, the AAA', (t) => {
  const doc = parse(composeFile(target)) as { services: Record<string, Service> };
  const s = doc.services;
  const hosts = target.internet;
  if (!hosts) return t.fail('targets/docker.yaml declares internet hosts');
  // NAT64 (tayga): on the gateway network and at the translator address of the IPv4 network, where
  // the IPv4-only host answers; the host routes the target's Pref64::/n to it (RFC 6146).
  const nat64 = s.nat64?.networks;
  const v4 = ipv4Network(hosts, target.gateway.nat64Ipv4Mtu);
  t.is(nat64?.ipv4?.ipv4_address, v4.translator);
  t.is(s['ipv4-host']?.networks?.ipv4?.ipv4_address, hosts.ipv4Only);
  const route = s['nat64-route'];
  t.is(route?.network_mode, 'host');
  t.true(
    route?.entrypoint
      ?.join(' ')
      .includes(`ip -6 route replace ${target.gateway.nat64Prefix} via ${nat64?.gw?.ipv6_address} `),
    route?.entrypoint?.join(' '),
  );
  // The firewall and its server have no docker network; the links service wires the two by name.
  t.is(s.firewall?.network_mode, 'none');
  t.is(s['firewall-server']?.network_mode, 'none');
  t.deepEqual(s['firewall-links']?.entrypoint?.slice(-2), [
    s.firewall?.container_name,
    s['firewall-server']?.container_name,
  ]);
  // Compose reads a lone `$` as its own variable: every shell `$` is written `$$` (docker-compose 1.29
  // refused the file before: "Invalid interpolation format for entrypoint").
  t.notRegex(composeFile(target), /(^|[^$])\$(\$\$)*[^$]/m);
  t.true(route?.entrypoint?.join(' ').includes('for i in $$(seq 50)'));
  // The AAA on the core network, and the GGSN that accounts to it told where it is.
  const aaa = s.aaa?.networks?.core?.ipv6_address;
  t.truthy(aaa);
  const peer = JSON.parse(s.ggsn?.environment?.V6H_AAA ?? '{}') as { name?: string; address?: string; port?: number };
  t.deepEqual(peer && { name: peer.name, address: peer.address, port: peer.port }, {
    name: 'aaa',
    address: aaa,
    port: 1813,
  });
});

test('a 5G target composes each stand-in after its peers, given to it, with health checks in its own protocol', (t) => {
  const file = join(root, 'targets/docker-5g.yaml');
  const doc = parse(composeFile(loadTarget(file).target, file)) as {
    services: Record<
      string,
      Service & {
        healthcheck?: { test: string[] };
        depends_on?: Record<string, { condition: string }>;
        volumes?: string[];
      }
    >;
  };
  const { amf, smf, upf } = doc.services;
  const address = (s: Service) => s.networks?.core?.ipv6_address;
  t.deepEqual(JSON.parse(smf.environment?.V6H_PEERS ?? '[]'), [
    { name: 'upf', role: 'upf', address: address(upf), port: 8805, userPlanePort: 2152 },
  ]);
  t.deepEqual(JSON.parse(amf.environment?.V6H_PEERS ?? '[]'), [
    { name: 'smf', role: 'smf', address: address(smf), port: 80, sbi: `http://[${address(smf)}]:80` },
  ]);
  t.deepEqual(smf.depends_on, { upf: { condition: 'service_healthy' } });
  t.deepEqual(amf.depends_on, { smf: { condition: 'service_healthy' } });
  t.deepEqual(upf.healthcheck?.test.slice(-2), ['pfcp', '8805']);
  t.deepEqual(smf.healthcheck?.test.slice(-2), ['sbi', '80']);
  t.deepEqual(amf.healthcheck?.test.slice(-2), ['sctp', '9899']);
  // Not the image's default target: the file is mounted and named to every element.
  for (const s of [amf, smf, upf]) {
    t.is(s.environment?.V6H_TARGET, '/etc/v6harness/target.yaml');
    t.deepEqual(s.volumes, [`${file}:/etc/v6harness/target.yaml:ro`]);
  }
});
