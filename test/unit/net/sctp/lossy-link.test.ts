import test from 'ava';
import fc from 'fast-check';
import { mulberry32 } from '../../../helpers/fuzz.ts';
import { collect, SERVER, SERVER_PORT, sim } from '../../../helpers/sctp-sim.ts';

/**
 * Property (in-process): over a link that drops, duplicates and reorders packets in both
 * directions — the handshake, DATA, SACKs, all of it — every message is delivered exactly once,
 * and the ordered ones in order on their stream. fast-check draws the impairment rates, the
 * link's random seed and the messages (sizes up to several packets, so fragments are lost and
 * reordered too); time is simulated, so the retransmission timers cost nothing.
 */
const messages = fc.array(
  fc.record({
    stream: fc.integer({ min: 0, max: 4 }),
    size: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1400, max: 6000 })),
    unordered: fc.boolean(),
    fromServer: fc.boolean(),
  }),
  { minLength: 5, maxLength: 80 },
);

test('every message is delivered exactly once, in order per stream, through loss, duplication and reordering', async (t) => {
  // fc.assert rejects with the shrunk counterexample when a run fails.
  await t.notThrowsAsync(
    fc.assert(
      fc.asyncProperty(
        fc.record({
          loss: fc.double({ min: 0.01, max: 0.25, noNaN: true }),
          dup: fc.double({ min: 0, max: 0.1, noNaN: true }),
          reorder: fc.double({ min: 0, max: 0.25, noNaN: true }),
          seed: fc.integer(),
        }),
        messages,
        async (link, msgs) => {
          const rnd = mulberry32(link.seed);
          const s = sim({
            delay: 5,
            impair: () => ({
              drop: rnd() < link.loss,
              copies: rnd() < link.dup ? 1 : 0,
              extraDelay: rnd() < link.reorder ? Math.floor(rnd() * 40) : 0,
            }),
            server: {
              inboundStreams: 5,
              outboundStreams: 5,
              rto: { min: 200, initial: 500, max: 2000 },
              maxRetransmissions: 30,
            },
            client: {
              inboundStreams: 5,
              outboundStreams: 5,
              rto: { min: 200, initial: 500, max: 2000 },
              maxRetransmissions: 30,
              maxInitRetransmits: 30,
            },
          });
          const c = s.client.connect({ address: SERVER }, SERVER_PORT);
          let up = false;
          c.whenUp().then(() => (up = true));
          if (!(await s.until(() => up && s.accepted.length === 1, 120_000))) throw new Error('no association');
          const a = s.accepted[0];
          const atServer = collect(a);
          const atClient = collect(c);
          msgs.forEach((m, i) => {
            const payload = Buffer.alloc(Math.max(4, m.size), i & 0xff);
            payload.writeUInt32BE(i, 0);
            (m.fromServer ? a : c).send(m.stream, 60, payload, { unordered: m.unordered });
          });
          const want = (fromServer: boolean) => msgs.filter((m) => m.fromServer === fromServer).length;
          const done = await s.until(() => atServer.length >= want(false) && atClient.length >= want(true), 600_000);
          await s.run(5000);
          if (!done)
            throw new Error(`only ${atServer.length}/${want(false)} and ${atClient.length}/${want(true)} delivered`);
          for (const [got, fromServer] of [
            [atServer, false],
            [atClient, true],
          ] as const) {
            const ids = got.map((m) => m.payload.readUInt32BE(0));
            const expected = msgs.flatMap((m, i) => (m.fromServer === fromServer ? [i] : []));
            if (JSON.stringify([...ids].sort((x, y) => x - y)) !== JSON.stringify(expected))
              throw new Error(`delivered ${JSON.stringify(ids)}, sent ${JSON.stringify(expected)}`);
            for (const m of got) {
              const i = m.payload.readUInt32BE(0);
              if (
                m.payload.length !== Math.max(4, msgs[i].size) ||
                m.streamId !== msgs[i].stream ||
                m.unordered !== msgs[i].unordered
              )
                throw new Error(`message ${i} arrived altered`);
            }
            for (let sid = 0; sid < 5; sid++) {
              const ordered = ids.filter((i) => msgs[i].stream === sid && !msgs[i].unordered);
              if (JSON.stringify(ordered) !== JSON.stringify([...ordered].sort((x, y) => x - y)))
                throw new Error(`stream ${sid} out of order: ${JSON.stringify(ordered)}`);
            }
          }
          if (c.closeReason || a.closeReason)
            throw new Error(`closed: ${JSON.stringify(c.closeReason ?? a.closeReason)}`);
        },
      ),
      { numRuns: 150, seed: 0x9260 },
    ),
  );
});

test('the property can fail: a link that loses everything from the server after set-up is reported', async (t) => {
  let cut = false;
  const s = sim({ impair: (_p, from) => ({ drop: cut && from === SERVER }) });
  const c = s.client.connect({ address: SERVER }, SERVER_PORT, { maxRetransmissions: 2 });
  let up = false;
  c.whenUp().then(() => (up = true));
  await s.until(() => up);
  cut = true;
  const got = collect(s.accepted[0]);
  c.send(0, 60, Buffer.from('x'));
  await s.until(() => c.closeReason !== undefined);
  t.is(got.length, 1, 'the server got it, its acknowledgements were lost');
  t.deepEqual(c.closeReason, { reason: 'timeout', what: 'DATA retransmissions' });
});
