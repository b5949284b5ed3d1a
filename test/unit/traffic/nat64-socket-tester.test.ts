import test from 'ava';
import { Nat64SocketTester } from '../../../harness/traffic/nat64-socket-tester.ts';

/**
 * The socket Tester with no NAT64 between its sides (the Initiator's IPv6 sockets reach the
 * Responder at ::ffff:127.0.0.1): every frame of both phases must arrive, each counted once, at
 * the socket its 4-tuple names. A Tester that lost frames itself would blame the NAT64 for them
 * (it did: one frame buffer shared by datagrams still queued in dgram).
 */
test('over loopback with no translator, both phases deliver every frame, fast and slow', async (t) => {
  const tester = new Nat64SocketTester({ target6: '::ffff:127.0.0.1', responder4: '127.0.0.1', settleMs: 2000 });
  await tester.open();
  try {
    for (const rate of [5000, 500]) {
      const p1 = await tester.establish(400, rate);
      t.deepEqual([p1.sent, p1.received], [400, 400], `phase 1 at ${rate}/s`);
      const p2 = await tester.validate(rate);
      t.deepEqual([p2.sent, p2.received], [400, 400], `phase 2 at ${rate}/s`);
    }
  } finally {
    tester.close();
  }
});
