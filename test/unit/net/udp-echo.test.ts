import test from 'ava';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { loadNative, nativeLoadError } from '../../../harness/net/udp-socket/index.ts';
import { startUdpEcho } from '../../../harness/net/udp-echo.ts';

/**
 * The lab's batched UDP echo (RFC 862 §3) against Node's dgram as the independent peer: every
 * datagram comes back byte for byte to the port it came from, over IPv6 and IPv4, from two
 * clients at once. Waits for the echoes, with a generous bound only on the waiting side.
 */
const native = loadNative();

for (const [type, address] of [
  ['udp6', '::1'],
  ['udp4', '127.0.0.1'],
] as const) {
  test(`every datagram is echoed to its sender (${type})`, async (t) => {
    if (!native) {
      t.fail(`the batched UDP addon did not load: ${nativeLoadError()}`);
      return;
    }
    const echo = startUdpEcho(address, 0);
    const clients = [createSocket(type), createSocket(type)];
    try {
      const N = 500;
      const got = clients.map(() => new Map<number, Buffer>());
      for (const [c, s] of clients.entries()) {
        s.on('message', (m) => got[c].set(m.readUInt32BE(0), m));
        s.bind(0, address);
        await once(s, 'listening');
      }
      for (let i = 0; i < N; i++)
        for (const [c, s] of clients.entries()) {
          const b = Buffer.alloc(100 + (i % 50), c + 1);
          b.writeUInt32BE(i, 0);
          s.send(b, echo.port, address);
          // dgram queues sends; let some leave so a loaded machine's socket buffers never overflow.
          if (i % 50 === 0) await new Promise((r) => setImmediate(r));
        }
      const end = Date.now() + 20_000;
      while (got.some((g) => g.size < N) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      for (const [c, g] of got.entries()) {
        t.is(g.size, N, `client ${c}: ${g.size} of ${N} echoed`);
        const m = g.get(7);
        t.is(m?.length, 107);
        t.true(
          m?.subarray(4).every((x) => x === c + 1),
          `client ${c} got another client's bytes`,
        );
      }
      t.is(echo.echoed, 2 * N);
    } finally {
      for (const s of clients) s.close();
      await echo.close();
    }
  });
}
