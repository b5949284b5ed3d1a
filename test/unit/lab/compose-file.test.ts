import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { composeFile } from '../../../harness/lab/docker/compose-file.ts';
import { coreNetwork, gatewayNetwork, sgiNetwork } from '../../../harness/lab/docker/topology.ts';
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
  const expected = { core: coreNetwork({}), gw: gatewayNetwork({}), sgi: sgiNetwork(hosts) };
  t.deepEqual(Object.keys(doc.networks).sort(), Object.keys(expected).sort());
  for (const [key, net] of Object.entries(expected)) {
    t.true(doc.networks[key]?.internal, `${key} is internal`);
    t.deepEqual(
      doc.networks[key]?.ipam.config.map((c) => c.subnet),
      [net.ipv6, net.ipv4],
    );
    for (const s of [net.ipv6 ?? '', net.ipv4])
      t.regex(s, /^(fd[0-9a-f]{2}:|2001:db8:|198\.1[89]\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.)/, s);
  }
  // The PGW is the SGi router at the address the docker lab gives it.
  t.is(doc.services.pgw?.networks.sgi?.ipv6_address, expected.sgi.router);
  t.is(doc.services.pgw?.networks.core?.ipv6_address, 'fd00:6:1::10');
});
