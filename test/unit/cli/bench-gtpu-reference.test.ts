import test from 'ava';
import { buildCReference, cReceiver, cSend } from '../../../harness/cli/bench/c-reference.ts';
import { BatchUdpSocket, loadNative } from '../../../harness/net/udp-socket/index.ts';
import { generateGtpu, GtpuSink } from '../../../harness/traffic/index.ts';

/**
 * `bench gtpu` compares the generator with a C sendmmsg loop: that is fair only if the C program
 * sends the very stream the generator sends. Each end is checked by the other side's receiver:
 * the C sender's packets are valid stream packets to the GTP-U sink (every flow seen, nothing
 * malformed), and the C receiver counts every packet of the generator.
 */
const flows = Array.from({ length: 16 }, (_, i) => ({
  teid: 0x1000 + i,
  src: `2001:db8:1:${i.toString(16)}::2`,
  dst: '2001:db8:ffff::1',
}));

test('the C reference builds with the system cc and sends the generator’s stream; its receiver counts the generator’s packets', async (t) => {
  if (!loadNative()) return t.fail('the batched UDP addon is not built');
  const ref = await buildCReference();
  if (typeof ref === 'string') return t.fail(ref);
  const sink = new GtpuSink();
  try {
    const port = sink.listen('::1');
    for (const gso of [false, true]) {
      sink.reset();
      const s = await cSend(ref, { address: '::1', port, seconds: 0.05, gso, batch: 64, flows: 16, innerLength: 64 });
      await new Promise((r) => setTimeout(r, 200));
      const r = sink.report();
      t.true(s.sent >= 64 && s.cpuSeconds > 0, `C sender: ${JSON.stringify(s)}`);
      t.true(r.received > 0, 'the sink got nothing from the C sender');
      t.is(r.malformed, 0, `${r.malformed} of the C sender's packets are no stream packets`);
      t.is(r.receivedPerFlow.length, 16);
    }
    const rx = await cReceiver(ref, '::1');
    const socket = BatchUdpSocket.bind({ address: '::1', port: 0 }, () => {});
    const gen = await generateGtpu({
      socket,
      to: { address: '::1', port: rx.port },
      flows,
      innerLength: 64,
      ratePps: 5000,
      durationMs: 100,
      connect: true,
      gso: true,
    });
    await socket.close();
    await new Promise((r) => setTimeout(r, 200));
    const got = await rx.stop();
    t.true(gen.sent > 0);
    t.deepEqual({ received: got.received, malformed: got.malformed }, { received: gen.sent, malformed: 0 });
  } finally {
    await sink.close();
    await ref.dispose();
  }
});
