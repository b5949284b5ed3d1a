import test from 'ava';
import { decodePacket, PPID } from '../../../../harness/protocol/sctp/index.ts';
import type { CloseReason } from '../../../../harness/net/sctp/association.ts';
import { SctpEndpoint } from '../../../../harness/net/sctp/endpoint.ts';
import { CLIENT, collect, inject, SERVER, SERVER_PORT, sim } from '../../../helpers/sctp-sim.ts';

/**
 * The association state machine (RFC 9260) between two endpoints on an in-process link with a
 * simulated clock: every behaviour is observed on the wire (the link's packet log) and at the
 * API, and the failure cases end with the reason named.
 */
async function up(s: ReturnType<typeof sim>, opts = {}) {
  const a = s.client.connect({ address: SERVER }, SERVER_PORT, opts);
  let ok = false;
  a.whenUp().then(() => (ok = true));
  await s.until(() => ok && s.accepted.length === 1);
  return { c: a, s: s.accepted[0] };
}

test('four-way handshake (§5.1): INIT, INIT ACK with a cookie, COOKIE ECHO, COOKIE ACK; streams negotiated (§5.1.1)', async (t) => {
  const s = sim({
    server: { outboundStreams: 3, inboundStreams: 4 },
    client: { outboundStreams: 8, inboundStreams: 2 },
  });
  const { c, s: a } = await up(s);
  t.is(c.state, 'established');
  t.is(a.state, 'established');
  t.deepEqual(s.chunkLog().slice(0, 4), ['c>s: init', 's>c: init-ack', 'c>s: cookie-echo', 's>c: cookie-ack']);
  const init = decodePacket(s.net.log[0].packet);
  t.is(init.verificationTag, 0);
  t.is(c.outboundStreams, 4);
  t.is(c.inboundStreams, 2);
  t.is(a.outboundStreams, 2);
  t.is(a.inboundStreams, 4);
  // Tags: each side's packets carry the other's Initiate Tag.
  t.is(decodePacket(s.net.log[2].packet).verificationTag, a.localTag);
  t.is(decodePacket(s.net.log[3].packet).verificationTag, c.localTag);
});

test('messages both ways on several streams, with PPID, in order per stream', async (t) => {
  const s = sim();
  const { c, s: a } = await up(s);
  const atServer = collect(a);
  const atClient = collect(c);
  for (let i = 0; i < 30; i++) c.send(i % 3, PPID.NGAP, Buffer.from(`up ${i}`));
  for (let i = 0; i < 20; i++) a.send(i % 2, PPID.S1AP, Buffer.from(`down ${i}`));
  await s.until(() => atServer.length === 30 && atClient.length === 20);
  t.deepEqual(
    atServer.filter((m) => m.streamId === 1).map((m) => m.payload.toString()),
    Array.from({ length: 10 }, (_, k) => `up ${3 * k + 1}`),
  );
  t.true(atServer.every((m) => m.ppid === 60 && !m.unordered));
  t.true(atClient.every((m) => m.ppid === 18));
  t.is(atClient.filter((m) => m.streamId === 0).length, 10);
});

test('bundling (§6.10): a full packet leaves at once, the partial rest bundled at the end of the turn', async (t) => {
  const s = sim();
  const { c, s: a } = await up(s);
  const got = collect(a);
  await s.run(1000);
  const before = s.net.log.length;
  // 100-octet messages: 116 octets of chunk each, so 12 fill a 1500-octet IPv6 path's packet.
  const perPacket = Math.floor((c.maxPacket - 12) / 116);
  for (let i = 0; i < perPacket * 2 + 3; i++) c.send(0, PPID.NGAP, Buffer.alloc(100, i));
  const sentNow = s.net.log
    .slice(before)
    .map((l) => decodePacket(l.packet).chunks.filter((x) => x.type === 'data').length);
  t.deepEqual(sentNow, [perPacket, perPacket], 'two full packets leave while the caller is still sending');
  await Promise.resolve();
  const sentAfter = s.net.log
    .slice(before)
    .map((l) => decodePacket(l.packet).chunks.filter((x) => x.type === 'data').length);
  t.deepEqual(sentAfter, [perPacket, perPacket, 3], 'the three left over leave bundled once the turn is over');
  await s.until(() => got.length === perPacket * 2 + 3);
  t.deepEqual(
    got.map((m) => m.payload[0]),
    Array.from({ length: perPacket * 2 + 3 }, (_, i) => i),
  );
});

test('many streams: 1000 messages over 200 streams keep each stream’s order', async (t) => {
  const s = sim({ server: { inboundStreams: 200 }, client: { outboundStreams: 200 } });
  const { c, s: a } = await up(s);
  const got = collect(a);
  for (let i = 0; i < 1000; i++) c.send((i * 7) % 200, PPID.NGAP, Buffer.from(String(i)));
  await s.until(() => got.length === 1000);
  for (let sid = 0; sid < 200; sid++) {
    const seq = got.filter((m) => m.streamId === sid).map((m) => Number(m.payload.toString()));
    t.deepEqual(
      seq,
      [...seq].sort((x, y) => x - y),
    );
  }
});

test('a 200 kB message is fragmented into packets within the path MTU and reassembled (§6.9)', async (t) => {
  const s = sim();
  const { c, s: a } = await up(s);
  const got = collect(a);
  const big = Buffer.alloc(200_000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
  c.send(1, PPID.NGAP, big);
  c.send(1, PPID.NGAP, Buffer.from('after'));
  await s.until(() => got.length === 2);
  t.true(got[0].payload.equals(big));
  t.is(got[1].payload.toString(), 'after');
  const sizes = s.net.log.map((l) => l.packet.length);
  t.true(Math.max(...sizes) <= 1500 - 40, `largest packet ${Math.max(...sizes)}`);
  const frags = s.net.log.flatMap((l) => decodePacket(l.packet).chunks).filter((ch) => ch.type === 'data');
  // Each DATA chunk fills a packet: 1460 − 12 (common header) − 16 (DATA header) octets.
  t.is(frags.length, Math.ceil(200_000 / 1432) + 1);
  t.true(frags[0].type === 'data' && frags[0].beginning && !frags[0].ending);
});

test('unordered messages (§6.6) are delivered at once, flagged unordered', async (t) => {
  const s = sim();
  const { c, s: a } = await up(s);
  const got = collect(a);
  c.send(0, 60, Buffer.from('u1'), { unordered: true });
  c.send(0, 60, Buffer.from('o1'));
  await s.until(() => got.length === 2);
  t.deepEqual(
    got.map((m) => [m.payload.toString(), m.unordered]),
    [
      ['u1', true],
      ['o1', false],
    ],
  );
});

test('a lost DATA packet: the SACKs carry a gap block, and fast retransmit (§7.2.4) fills the hole', async (t) => {
  let dropped = false;
  const s = sim({
    impair: (p, from) => {
      const d = decodePacket(p).chunks.find((ch) => ch.type === 'data');
      if (from === CLIENT && !dropped && d?.type === 'data' && d.userData.toString() === 'm2') {
        dropped = true;
        return { drop: true };
      }
      return {};
    },
  });
  const { c, s: a } = await up(s, { heartbeatInterval: 0 });
  const got = collect(a);
  // One message per packet: send them a tick apart.
  for (let i = 0; i < 8; i++) {
    c.send(0, 60, Buffer.from(`m${i}`));
    await s.run(0);
  }
  const ok = await s.until(() => got.length === 8, 900);
  t.true(ok, 'delivered before any T3-rtx could expire (RTO.Initial 1 s)');
  t.deepEqual(
    got.map((m) => m.payload.toString()),
    Array.from({ length: 8 }, (_, i) => `m${i}`),
  );
  const sacks = s.net.log
    .filter((l) => l.from === SERVER)
    .flatMap((l) => decodePacket(l.packet).chunks)
    .filter((ch) => ch.type === 'sack');
  t.true(sacks.some((sk) => sk.type === 'sack' && sk.gapBlocks.length === 1 && sk.gapBlocks[0].start === 2));
  const m2 = s.net.log.filter((l) =>
    decodePacket(l.packet).chunks.some((ch) => ch.type === 'data' && ch.userData.toString() === 'm2'),
  );
  t.is(m2.length, 2);
});

test('retransmission on T3-rtx (§6.3.3) with the RTO doubled each time, and duplicates reported in SACKs', async (t) => {
  let blackhole = true;
  const s = sim({ impair: (_p, from) => ({ drop: blackhole && from === CLIENT && s.clock.now() > 0 }) });
  blackhole = false;
  const { c, s: a } = await up(s, { heartbeatInterval: 0 });
  const got = collect(a);
  blackhole = true;
  const t0 = s.clock.now();
  c.send(0, 60, Buffer.from('x'));
  await s.run(1000 + 2000 + 4000 - 10);
  const sent = s.net.log.filter((l) => l.from === CLIENT && l.fate.drop).map((l) => s.net.log.indexOf(l));
  t.is(sent.length, 3, 'sent, then retransmitted at 1 s and 3 s');
  t.is(got.length, 0);
  blackhole = false;
  await s.until(() => got.length === 1);
  t.true(s.clock.now() - t0 >= 7000);
  t.is(c.closeReason, undefined);
});

test('Association.Max.Retrans (§8.1): a peer that never acknowledges ends the association as a timeout, with ABORT', async (t) => {
  let silent = false;
  const s = sim({ impair: (_p, from) => ({ drop: silent && from === SERVER }) });
  const { c } = await up(s, { heartbeatInterval: 0, maxRetransmissions: 3 });
  const closed: CloseReason[] = [];
  c.on('close', (r) => closed.push(r));
  silent = true;
  c.send(0, 60, Buffer.from('never acked'));
  await s.until(() => closed.length === 1);
  t.deepEqual(closed[0], { reason: 'timeout', what: 'DATA retransmissions' });
  t.is(c.state, 'closed');
  t.is(s.client.associationCount, 0);
});

test('graceful SHUTDOWN (§9.2): queued data first, then SHUTDOWN, SHUTDOWN ACK, SHUTDOWN COMPLETE', async (t) => {
  const s = sim();
  const { c, s: a } = await up(s);
  const got = collect(a);
  const aClosed: CloseReason[] = [];
  a.on('close', (r) => aClosed.push(r));
  c.send(0, 60, Buffer.alloc(5000, 1));
  const closing = c.close();
  t.throws(() => c.send(0, 60, Buffer.from('late')), { message: /shutdown-pending: cannot send/ });
  let reason: CloseReason | undefined;
  closing.then((r) => (reason = r));
  await s.until(() => reason !== undefined && aClosed.length === 1);
  t.deepEqual(reason, { reason: 'shutdown' });
  t.deepEqual(aClosed, [{ reason: 'shutdown' }]);
  t.is(got.length, 1);
  const tail = s.chunkLog().slice(-3);
  t.deepEqual(tail, ['c>s: shutdown', 's>c: shutdown-ack', 'c>s: shutdown-complete']);
  t.is(s.server.associationCount, 0);
});

test('the server side can shut down too, while the client still sends', async (t) => {
  const s = sim();
  const { c, s: a } = await up(s);
  const got = collect(a);
  const cClosed: CloseReason[] = [];
  c.on('close', (r) => cClosed.push(r));
  c.send(1, 60, Buffer.alloc(3000, 2));
  await s.run(0);
  const done = a.close();
  let r: CloseReason | undefined;
  done.then((x) => (r = x));
  await s.until(() => r !== undefined && cClosed.length === 1);
  t.deepEqual(r, { reason: 'shutdown' });
  t.is(got.length, 1);
});

test('ABORT (§9.1): the peer learns the User-Initiated Abort cause', async (t) => {
  const s = sim();
  const { c, s: a } = await up(s);
  const closed: CloseReason[] = [];
  a.on('close', (r) => closed.push(r));
  c.abort([{ cause: 'user-initiated-abort', reason: Buffer.from('test over') }]);
  await s.until(() => closed.length === 1);
  t.is(closed[0].reason, 'peer-abort');
  t.deepEqual(closed[0].reason === 'peer-abort' && closed[0].causes, [
    { cause: 'user-initiated-abort', reason: Buffer.from('test over') },
  ]);
});

test('an ABORT with a wrong verification tag is ignored (§8.5.1 B)', async (t) => {
  const s = sim();
  const { c, s: a } = await up(s);
  inject(s, c.localPort, (a.localTag + 1) >>> 0, [{ type: 'abort', reflected: false, causes: [] }]);
  await s.run(10);
  t.is(a.state, 'established');
});

test('heartbeats (§8.3) on an idle association are answered; a silent peer ends it as a HEARTBEAT timeout', async (t) => {
  let silent = false;
  const s = sim({ impair: (_p, from) => ({ drop: silent && from === SERVER }) });
  const { c } = await up(s, { heartbeatInterval: 5000, maxRetransmissions: 2 });
  await s.run(30_000);
  const log = s.chunkLog();
  t.true(log.filter((l) => l === 'c>s: heartbeat').length >= 3, log.join('\n'));
  t.true(log.includes('s>c: heartbeat-ack'));
  t.is(c.state, 'established');
  silent = true;
  const closed: CloseReason[] = [];
  c.on('close', (r) => closed.push(r));
  await s.until(() => closed.length === 1);
  t.deepEqual(closed[0], { reason: 'timeout', what: 'HEARTBEAT' });
});

test('INIT retransmission (§5.1): with no server, connect fails after Max.Init.Retransmits with the reason', async (t) => {
  const s = sim({ impair: () => ({ drop: true }) });
  const a = s.client.connect({ address: SERVER }, SERVER_PORT, { maxInitRetransmits: 3 });
  let err: Error | undefined;
  a.whenUp().catch((e: Error) => (err = e));
  await s.until(() => err !== undefined);
  t.regex(err!.message, /\[2001:db8::1\].*no answer to INIT/);
  t.is(s.chunkLog().filter((l) => l.includes('init')).length, 4);
});

test('INIT to a port nobody listens on is answered with ABORT (§8.4), and connect rejects naming it', async (t) => {
  const s = sim();
  const a = s.client.connect({ address: SERVER }, 9999);
  let err: Error | undefined;
  a.whenUp().catch((e: Error) => (err = e));
  await s.until(() => err !== undefined);
  t.regex(err!.message, /peer sent ABORT/);
});

test('association restart (§5.2.4 action A): a peer that comes back on the same port gets a fresh association, the server is told', async (t) => {
  const s = sim();
  const { c, s: a } = await up(s);
  const restarts: number[] = [];
  a.on('restart', () => restarts.push(s.clock.now()));
  const oldTag = a.peerTag;
  // The client "crashes": its endpoint goes away without ABORT; a new one binds the same port.
  const port = c.localPort;
  s.client.transport.unbind(port);
  const fresh = new SctpEndpoint(s.client.transport, { port, clock: s.clock });
  const c2 = fresh.connect({ address: SERVER }, SERVER_PORT);
  let ok = false;
  c2.whenUp().then(() => (ok = true));
  await s.until(() => ok);
  t.is(restarts.length, 1);
  t.is(s.accepted.length, 1, 'the same association object, restarted');
  t.not(a.peerTag, oldTag);
  t.is(a.peerTag, c2.localTag);
  const got = collect(a);
  c2.send(0, 60, Buffer.from('after restart'));
  await s.until(() => got.length === 1);
  t.is(got[0].payload.toString(), 'after restart');
});

test('an unknown chunk type with the report bit (§3.2: 01/11) is answered with ERROR Unrecognized Chunk Type', async (t) => {
  const s = sim();
  const { c, s: a } = await up(s);
  const errors: string[] = [];
  c.on('peer-error', (causes) => errors.push(...causes.map((x) => x.cause)));
  inject(s, c.localPort, a.localTag, [
    { type: 'unknown', chunkType: 0xcf, flags: 0, value: Buffer.from('zz') },
    { type: 'heartbeat', info: Buffer.from('hb') },
  ]);
  await s.run(10);
  t.deepEqual(errors, ['unrecognized-chunk-type']);
  t.true(s.chunkLog().includes('s>c: heartbeat-ack,error'), 'skipped and processed the rest (11)');
});

test('DATA on a stream the receiver does not have: ERROR Invalid Stream Identifier, the TSN still acked (§6.5)', async (t) => {
  const s = sim({ server: { inboundStreams: 2 } });
  const { c, s: a } = await up(s, { outboundStreams: 2 });
  t.throws(() => c.send(2, 60, Buffer.from('x')), { instanceOf: RangeError, message: /stream 2/ });
  t.throws(() => c.send(0, 60, Buffer.alloc(0)), { instanceOf: RangeError });
  const errors: string[] = [];
  c.on('peer-error', (causes) => errors.push(...causes.map((x) => JSON.stringify(x))));
  const tsn = c.outbound!.nextTsn;
  inject(s, c.localPort, a.localTag, [
    {
      type: 'data',
      tsn,
      streamId: 7,
      ssn: 0,
      ppid: 60,
      unordered: false,
      beginning: true,
      ending: true,
      immediate: true,
      userData: Buffer.from('?'),
    },
  ]);
  await s.run(10);
  t.deepEqual(errors, [JSON.stringify({ cause: 'invalid-stream-identifier', streamId: 7 })]);
  const sack = decodePacket(s.net.log.at(-1)!.packet).chunks[0];
  t.true(sack.type === 'sack' && sack.cumulativeTsnAck === tsn);
});

test('a stale State Cookie (§5.1.5 (3)): Stale Cookie ERROR, then a new INIT with a Cookie Preservative (§5.2.6) succeeds', async (t) => {
  const s = sim({ delay: 100, server: { cookieLifespan: 50 } });
  const a = s.client.connect({ address: SERVER }, SERVER_PORT);
  let ok = false;
  a.whenUp().then(() => (ok = true));
  await s.until(() => ok);
  t.deepEqual(s.chunkLog().slice(0, 8), [
    'c>s: init',
    's>c: init-ack',
    'c>s: cookie-echo',
    's>c: error',
    'c>s: init',
    's>c: init-ack',
    'c>s: cookie-echo',
    's>c: cookie-ack',
  ]);
  const err = decodePacket(s.net.log[3].packet).chunks[0];
  t.true(err.type === 'error' && err.causes[0].cause === 'stale-cookie' && err.causes[0].staleness === 150_000);
  const init2 = decodePacket(s.net.log[4].packet).chunks[0];
  t.true(init2.type === 'init' && init2.params.some((p) => p.param === 'cookie-preservative' && p.increment === 300));
});
