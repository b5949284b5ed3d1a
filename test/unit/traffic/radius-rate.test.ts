import { createSocket } from 'node:dgram';
import test from 'ava';
import { encodeRadius } from '../../../harness/protocol/radius/index.ts';
import { RadiusTransactionRate } from '../../../harness/traffic/index.ts';

/**
 * An AAA that answers after the timeout: when its answer comes, the Identifier has been reused for
 * a new request of the next trial. That answer is stale (valid for the earlier request), not a
 * bad authenticator — a slow AAA must fail the rate, not the authenticator check.
 */
test('a late answer to an Identifier reused by the next trial counts as stale, the new answer as answered', async (t) => {
  const secret = 's';
  const held: { msg: Buffer; port: number }[] = [];
  const aaa = createSocket('udp6');
  await new Promise<void>((r) => aaa.bind(0, '::1', () => r()));
  aaa.on('message', (msg, from) => held.push({ msg, port: from.port }));
  const answer = (h: { msg: Buffer; port: number }) =>
    aaa.send(encodeRadius({ code: 'Accounting-Response', secret, request: h.msg, attributes: [] }), h.port, '::1');
  const meter = new RadiusTransactionRate({
    server: { address: '::1', port: aaa.address().port },
    localAddress: '::1',
    secret,
    nasAddress: '::1',
    prefixBase: '2001:db8:3f00::/48',
    apn: 'internet',
    // Long enough for the held answers below to come in time on a loaded machine.
    timeoutMs: 2_000,
    recorder: { udp() {}, ip() {} },
  });
  await meter.open();
  try {
    const first = await meter.trial(10, 100);
    t.is(first.sent, 1);
    t.is(first.received, 0);
    while (held.length < 1) await new Promise((r) => setTimeout(r, 5));
    t.is(held.length, 1);
    // The next trial's one request reuses the slot (same socket, same Identifier).
    const second = meter.trial(10, 100);
    while (held.length < 2) await new Promise((r) => setTimeout(r, 5));
    t.is(held[1].msg[1], held[0].msg[1]);
    t.is(held[1].port, held[0].port);
    answer(held[0]);
    await new Promise((r) => setTimeout(r, 20));
    answer(held[1]);
    const r = await second;
    t.deepEqual(r.verdicts, { stale: 1, answered: 1 });
    t.is(r.received, 1);
  } finally {
    await meter.close();
    aaa.close();
  }
});
