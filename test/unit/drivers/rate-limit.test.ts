import { createSocket } from 'node:dgram';
import test from 'ava';
import { UdpPeer } from '../../../harness/drivers/common/udp-peer.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';
import { targetSchema } from '../../../harness/lab/index.ts';
import { externalEndpoint } from '../../../harness/lab/external/external-lab.ts';

/**
 * CLOUD-HARM: toward an element with a send limit, 60 datagrams at 100/s (burst 10) cannot all
 * leave at once: the last one arrives no sooner than (60 − 10) / 100 s after the first, and all
 * arrive in order.
 */
test('a UDP peer with a send limit spreads its datagrams and keeps their order', async (t) => {
  const sink = createSocket('udp6');
  await new Promise<void>((r) => sink.bind(0, '::1', () => r()));
  const arrivals: { at: number; n: number }[] = [];
  sink.on('message', (m) => arrivals.push({ at: performance.now(), n: m.readUInt32BE(0) }));
  const peer = new UdpPeer(
    { address: '::1', port: sink.address().port, sendLimit: { perSecond: 100, burst: 10 } },
    noRecorder,
  );
  await peer.open();
  const started = performance.now();
  for (let n = 0; n < 60; n++) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    peer.send(b);
  }
  while (arrivals.length < 60 && performance.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
  await peer.close();
  sink.close();
  t.is(arrivals.length, 60);
  t.deepEqual(
    arrivals.map((a) => a.n),
    [...Array(60).keys()],
  );
  t.true(arrivals[59].at - started >= 450, `all 60 arrived within ${Math.round(arrivals[59].at - started)} ms`);
});

test('external elements get the target ceiling by default, raised only explicitly', (t) => {
  const el = { kind: 'external', address: '2001:db8::1', port: 2123 };
  const dflt = targetSchema.parse({ name: 'x', elements: { pgw: el } });
  t.deepEqual(externalEndpoint('pgw', dflt.elements.pgw as never, dflt.limits).sendLimit, { perSecond: 50 });
  const raised = targetSchema.parse({ name: 'x', limits: { messagesPerSecond: 20000 }, elements: { pgw: el } });
  t.deepEqual(externalEndpoint('pgw', raised.elements.pgw as never, raised.limits).sendLimit, { perSecond: 20000 });
});
