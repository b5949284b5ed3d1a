import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { parse } from 'yaml';
import { answersSctpInit } from '../../../harness/lab/docker/sctp-probe.ts';
import { open5gsConfig } from '../../../harness/lab/docker/real/index.ts';
import { internetHosts } from '../../../harness/lab/docker/topology.ts';
import { targetSchema } from '../../../harness/lab/target.ts';
import { sctpListen } from '../../../harness/net/sctp/index.ts';

/**
 * What the docker lab needs for 5G (issue 20): the AMF container's health check is an SCTP INIT over
 * UDP (RFC 6951) answered by INIT ACK, which a listener answers and a closed port or a silent
 * element does not; the open5gs UPF in the 5G role gets its DNNs' pools on its TUN and the internet
 * hosts route them back over N6.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const target = (name: string) => targetSchema.parse(parse(readFileSync(join(root, 'targets', name), 'utf8')));

test('the SCTP probe: INIT over UDP answered by a listener with INIT ACK, not by a silent port', async (t) => {
  const server = await sctpListen({ transport: 'udp', port: 38412, udpPort: 0, address: '::1' });
  try {
    t.true(await answersSctpInit('::1', 38412, server.udpPort, 2000));
    // Another SCTP port on the same encapsulation: the listener answers ABORT, not INIT ACK (RFC 9260 §8.4).
    t.false(await answersSctpInit('::1', 38413, server.udpPort, 500));
  } finally {
    await server.close();
  }
  // The same UDP port with nobody on it.
  t.false(await answersSctpInit('::1', 38412, server.udpPort, 300));
});

test('the docker 5G target validates: AMF over SCTP/UDP naming its SMF, the SMF with the DNNs and its UPF', (t) => {
  const tg = target('docker-5g.yaml');
  t.is(tg.provider, 'docker');
  const amf = tg.elements.amf;
  const smf = tg.elements.smf;
  const upf = tg.elements.upf;
  t.true(amf.kind === 'standin' && amf.sctp === 'udp' && amf.smf === 'smf');
  t.true(smf.kind === 'standin' && smf.upf === 'upf' && Object.keys(smf.dnns ?? {}).includes('v6only'));
  t.true(upf.kind === 'standin' && upf.dnns?.internet?.pdnTypes === 'ipv4v6');
});

test('open5gs UPF in the 5G role: its DNN pools on ogstun, routed back by the internet hosts', (t) => {
  const tg = target('open5gs.yaml');
  const upf = tg.elements.upf;
  if (upf.kind !== 'real') return t.fail('upf is not a real element');
  t.is(upf.software, 'open5gs-upf');
  const cfg = open5gsConfig(upf, { ipv6: 'fd00:6:1::9', ipv4: '198.18.1.9' }, {});
  const yaml = cfg.files.find((f) => f.path.endsWith('upfd.yaml'))?.content ?? '';
  t.regex(yaml, /subnet: 2001:db8:5600::\/48/);
  t.regex(yaml, /subnet: 192\.0\.2\.192\/27/);
  t.regex(cfg.setup ?? '', /ip -6 addr add 2001:db8:5600::1\/48 dev ogstun/);
  const commands = internetHosts(tg).map((h) => h.command);
  t.true(
    commands.every((c) => c.includes('ip -6 route replace 2001:db8:5600::/48 via')),
    commands.join('\n'),
  );
  t.true(
    commands.slice(1).every((c) => c.includes('192.0.2.192/27')),
    commands.join('\n'),
  );
});

test("the open5gs SGW-U's S1-U offers both families: one GTP-U server entry holding both addresses", (t) => {
  const sgwu = target('open5gs.yaml').elements['sgw-u'];
  if (sgwu.kind !== 'real') return t.fail('sgw-u is not a real element');
  const cfg = open5gsConfig(sgwu, { ipv6: 'fd00:6:1::5', ipv4: '198.18.1.5' }, {});
  const yaml = parse(cfg.files.find((f) => f.path.endsWith('sgwud.yaml'))?.content ?? '') as {
    sgwu: { gtpu: { server: { address: string[] }[] } };
  };
  // Two entries would be two user plane IP resources, and a CHOOSE F-TEID gets the first one's family only.
  t.deepEqual(yaml.sgwu.gtpu.server, [{ address: ['fd00:6:1::5', '198.18.1.5'] }]);
});
