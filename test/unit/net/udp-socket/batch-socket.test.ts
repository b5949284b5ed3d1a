import test from 'ava';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { BatchUdpSocket, rxLength, rxOffset, type Remote } from '../../../../harness/net/udp-socket/index.ts';
import { needNative } from '../../../helpers/native.ts';

/**
 * The batched UDP socket (recvmmsg/sendmmsg addon) against Node's own dgram sockets as the
 * independent peer: what one sends the other receives, byte for byte, with the right source.
 */
test('the addon is built (npm install runs node-gyp); without it every element falls back to dgram', (t) => {
  const native = needNative(t);
  if (native) t.is(typeof native.flush, 'function', 'the addon exports its batch functions');
});

function dgramPeer(type: 'udp4' | 'udp6', address: string) {
  const s = createSocket(type);
  const got: { msg: Buffer; port: number }[] = [];
  s.on('message', (msg, r) => got.push({ msg, port: r.port }));
  return new Promise<{ s: typeof s; got: typeof got; port: number }>((resolve) =>
    s.bind(0, address, () => resolve({ s, got, port: s.address().port })),
  );
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
}

for (const [type, address] of [
  ['udp6', '::1'],
  ['udp4', '127.0.0.1'],
] as const) {
  test(`${type}: 5,000 datagrams each way arrive intact, in order, with the sender's address and port`, async (t) => {
    if (!needNative(t)) return;
    const received: { msg: Buffer; from: Remote }[] = [];
    const sock = BatchUdpSocket.bind({ address, port: 0, recvBufferSize: 4 << 20 }, (msg, from) =>
      received.push({ msg, from }),
    );
    const peer = await dgramPeer(type, address);
    try {
      // In rounds of 250, so no socket buffer (rmem_default ~200 KiB) can overflow.
      const N = 5000;
      for (let round = 0; round < N / 250; round++) {
        for (let i = round * 250; i < (round + 1) * 250; i++)
          peer.s.send(Buffer.from(`to ${i}`), sock.address().port, address);
        for (let i = round * 250; i < (round + 1) * 250; i++) sock.send(Buffer.from(`from ${i}`), peer.port, address);
        await until(() => received.length === (round + 1) * 250 && peer.got.length === (round + 1) * 250);
      }
      t.is(received.length, N);
      t.is(peer.got.length, N);
      t.deepEqual(
        received.map((r) => r.msg.toString()),
        Array.from({ length: N }, (_, i) => `to ${i}`),
      );
      t.deepEqual(
        peer.got.map((r) => r.msg.toString()),
        Array.from({ length: N }, (_, i) => `from ${i}`),
      );
      t.deepEqual(
        { ...received[0].from },
        { address, family: type === 'udp6' ? 'IPv6' : 'IPv4', port: peer.port, size: 4 },
      );
      t.true(peer.got.every((g) => g.port === sock.address().port));
    } finally {
      await sock.close();
      peer.s.close();
    }
  });
}

test('send copies the data at once: the caller may overwrite its buffer (encoders return views of one slab)', async (t) => {
  if (!needNative(t)) return;
  const sock = BatchUdpSocket.bind({ address: '::1', port: 0 }, () => {});
  const peer = await dgramPeer('udp6', '::1');
  try {
    const buf = Buffer.from('first');
    sock.send(buf, peer.port, '::1');
    buf.write('XXXXX');
    sock.send(buf, peer.port, '::1');
    await until(() => peer.got.length === 2);
    t.deepEqual(
      peer.got.map((g) => g.msg.toString()),
      ['first', 'XXXXX'],
    );
  } finally {
    await sock.close();
    peer.s.close();
  }
});

/** Octets waiting in the receive queue of the UDP socket bound to [::1]:port (/proc/net/udp6). */
function receiveQueue(port: number): number {
  const local = `00000000000000000000000001000000:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const row = readFileSync('/proc/net/udp6', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[1] === local);
  if (!row) throw new Error(`no UDP socket on [::1]:${port} in /proc/net/udp6`);
  return Number.parseInt(row[4].split(':')[1], 16);
}

test('flushAt: the datagrams leave as soon as that many are queued, not at the end of the turn; left unset, at the end', async (t) => {
  if (!needNative(t)) return;
  const eager = BatchUdpSocket.bind({ address: '::1', port: 0, flushAt: 2 }, () => {});
  const lazy = BatchUdpSocket.bind({ address: '::1', port: 0 }, () => {});
  const peer = await dgramPeer('udp6', '::1');
  const other = await dgramPeer('udp6', '::1');
  try {
    eager.send(Buffer.from('one'), peer.port, '::1');
    t.is(receiveQueue(peer.port), 0, 'one queued datagram waits');
    eager.send(Buffer.from('two'), peer.port, '::1');
    t.true(receiveQueue(peer.port) > 0, "the second makes two: both are in the peer's receive queue within the turn");
    eager.send(Buffer.from('three'), peer.port, '::1');
    lazy.send(Buffer.from('a'), other.port, '::1');
    lazy.send(Buffer.from('b'), other.port, '::1');
    lazy.send(Buffer.from('c'), other.port, '::1');
    t.is(receiveQueue(other.port), 0, 'without flushAt nothing leaves before the end of the turn');
    await until(() => peer.got.length === 3 && other.got.length === 3);
    t.deepEqual(
      peer.got.map((g) => g.msg.toString()),
      ['one', 'two', 'three'],
    );
    t.deepEqual(
      other.got.map((g) => g.msg.toString()),
      ['a', 'b', 'c'],
    );
  } finally {
    await eager.close();
    await lazy.close();
    peer.s.close();
    other.s.close();
  }
});

test('a 65,000-octet datagram is received whole (no truncation), and the handler may keep what it got', async (t) => {
  if (!needNative(t)) return;
  const kept: Buffer[] = [];
  const sock = BatchUdpSocket.bind({ address: '::1', port: 0 }, (msg) => kept.push(msg));
  const peer = await dgramPeer('udp6', '::1');
  try {
    const big = Buffer.alloc(65_000, 0xab);
    big.writeUInt32BE(0xdeadbeef, 64_000);
    peer.s.send(big, sock.address().port, '::1');
    for (let i = 0; i < 100; i++) peer.s.send(Buffer.from([i]), sock.address().port, '::1');
    await until(() => kept.length === 101);
    t.is(kept[0].length, 65_000);
    t.true(kept[0].equals(big));
    t.deepEqual(
      kept.slice(1).map((k) => k[0]),
      Array.from({ length: 100 }, (_, i) => i),
    );
  } finally {
    await sock.close();
    peer.s.close();
  }
});

test('more peers than the table holds: the rest are sent one by one and still arrive', async (t) => {
  const native = needNative(t);
  if (!native) return;
  const sock = BatchUdpSocket.bind({ address: '::1', port: 0 }, () => {});
  const peer = await dgramPeer('udp6', '::1');
  try {
    // Fill the table with destinations nobody listens on (their ICMP errors are ignored).
    let port = 20000;
    for (let i = 0; i < native.MAX_PEERS; i++, port++) {
      if (port === peer.port) port++;
      t.is(sock.peer('::1', port), i);
    }
    t.is(sock.peer('::1', peer.port), -1);
    sock.send(Buffer.from('beyond the table'), peer.port, '::1');
    await until(() => peer.got.length === 1);
    t.is(peer.got[0]?.msg.toString(), 'beyond the table');
  } finally {
    await sock.close();
    peer.s.close();
  }
});

test('a socket connected to its peer sends it datagrams queued without an address, and hears from that peer alone (connect(2))', async (t) => {
  const native = needNative(t);
  if (!native) return;
  const heard: string[] = [];
  const sock = BatchUdpSocket.bind({ address: '::1', port: 0 }, (msg) => heard.push(msg.toString()));
  const peer = await dgramPeer('udp6', '::1');
  const stranger = await dgramPeer('udp6', '::1');
  try {
    const p = sock.peer('::1', peer.port);
    sock.connect(p);
    for (let i = 0; i < 100; i++) {
      const at = sock.reserve(8);
      sock.sendSlab.write(`conn ${String(i).padStart(3, '0')}`, at);
      sock.commit(at, 8, p);
    }
    t.is(sock.flush(), 0);
    await until(() => peer.got.length === 100);
    t.deepEqual(
      peer.got.map((g) => g.msg.toString()),
      Array.from({ length: 100 }, (_, i) => `conn ${String(i).padStart(3, '0')}`),
    );
    // The kernel now drops what anyone else sends to the socket; the peer still gets through.
    stranger.s.send(Buffer.from('stranger'), sock.address().port, '::1');
    peer.s.send(Buffer.from('peer'), sock.address().port, '::1');
    await until(() => heard.length > 0);
    await new Promise((r) => setTimeout(r, 50));
    t.deepEqual(heard, ['peer']);
    t.throws(() => sock.connect(native.MAX_PEERS), { message: 'no such peer' });
  } finally {
    await sock.close();
    peer.s.close();
    stranger.s.close();
  }
});

test('with UDP GSO on, runs of equal datagrams leave as UDP_SEGMENT messages and still arrive as the same separate datagrams, in order', async (t) => {
  if (!needNative(t)) return;
  const sock = BatchUdpSocket.bind({ address: '::1', port: 0, sendBufferSize: 4 << 20 }, () => {});
  const a = await dgramPeer('udp6', '::1');
  const b = await dgramPeer('udp6', '::1');
  a.s.setRecvBufferSize(4 << 20);
  try {
    // Linux has had UDP_SEGMENT since 4.18; CI's Debian 12 kernel has it.
    t.true(sock.setGso(true), 'the kernel does not know UDP_SEGMENT');
    const pa = sock.peer('::1', a.port);
    const pb = sock.peer('::1', b.port);
    // 200 equal datagrams to a (runs of 64), a shorter one closing the run, then alternating
    // peers and lengths (runs of one), then 130 equal datagrams to b.
    const plan: { peer: number; text: string }[] = [];
    for (let i = 0; i < 200; i++) plan.push({ peer: pa, text: `a${String(i).padStart(5, '0')}` });
    plan.push({ peer: pa, text: 'a-end' });
    for (let i = 0; i < 20; i++) plan.push({ peer: i % 2 ? pa : pb, text: i % 3 ? `x${i}` : `mixed ${i}` });
    for (let i = 0; i < 130; i++) plan.push({ peer: pb, text: `b${String(i).padStart(5, '0')}` });
    for (const p of plan) {
      const at = sock.reserve(p.text.length);
      sock.sendSlab.write(p.text, at);
      sock.commit(at, p.text.length, p.peer);
    }
    t.is(sock.flush(), 0);
    const toA = plan.filter((p) => p.peer === pa).map((p) => p.text);
    const toB = plan.filter((p) => p.peer === pb).map((p) => p.text);
    await until(() => a.got.length === toA.length && b.got.length === toB.length);
    t.deepEqual(
      a.got.map((g) => g.msg.toString()),
      toA,
    );
    t.deepEqual(
      b.got.map((g) => g.msg.toString()),
      toB,
    );
    t.true([...a.got, ...b.got].every((g) => g.port === sock.address().port));
  } finally {
    await sock.close();
    a.s.close();
    b.s.close();
  }
});

test('with UDP GRO on, a GSO train arrives coalesced yet the handlers get every datagram on its own, in order, raw handlers at the offsets the metadata gives', async (t) => {
  const native = needNative(t);
  if (!native) return;
  const copies: { text: string; port: number }[] = [];
  const raw: string[] = [];
  let rawBatches = 0;
  const rxCopy = BatchUdpSocket.bind({ address: '::1', port: 0, recvBufferSize: 4 << 20 }, (msg, from) =>
    copies.push({ text: msg.toString(), port: from.port }),
  );
  const rxRaw = BatchUdpSocket.bindRaw({ address: '::1', port: 0, recvBufferSize: 4 << 20 }, (rx, meta, count) => {
    if (count) rawBatches++;
    for (let i = 0; i < count; i++)
      raw.push(rx.toString('latin1', rxOffset(meta, i), rxOffset(meta, i) + rxLength(meta, i)));
  });
  const tx = BatchUdpSocket.bind({ address: '::1', port: 0, sendBufferSize: 4 << 20 }, () => {});
  try {
    t.true(rxCopy.setGro(true) && rxRaw.setGro(true), 'the kernel does not know UDP_GRO');
    t.true(tx.setGso(true));
    const texts = [...Array.from({ length: 300 }, (_, i) => `d${String(i).padStart(6, '0')}`), 'short', '', 'last'];
    for (const to of [rxCopy, rxRaw]) {
      const p = tx.peer('::1', to.address().port);
      for (const text of texts) {
        const at = tx.reserve(text.length);
        tx.sendSlab.write(text, at);
        tx.commit(at, text.length, p);
      }
    }
    t.is(tx.flush(), 0);
    await until(() => copies.length === texts.length && raw.length === texts.length);
    t.deepEqual(
      copies.map((c) => c.text),
      texts,
    );
    t.true(copies.every((c) => c.port === tx.address().port));
    t.deepEqual(raw, texts);
    // All were queued before the receiver read: datagram by datagram that is at least
    // ceil(303 / RX_BATCH) receives, coalesced it is fewer.
    t.true(rawBatches < Math.ceil(texts.length / native.RX_BATCH), `${rawBatches} receives: nothing was coalesced`);
  } finally {
    await Promise.all([rxCopy.close(), rxRaw.close(), tx.close()]);
  }
});

test('binding a port in use fails with EADDRINUSE, as dgram does; a bad address is a TypeError', (t) => {
  if (!needNative(t)) return;
  const a = BatchUdpSocket.bind({ address: '::1', port: 0 }, () => {});
  try {
    const err = t.throws(() => BatchUdpSocket.bind({ address: '::1', port: a.address().port }, () => {}));
    t.is((err as NodeJS.ErrnoException).code, 'EADDRINUSE');
    t.throws(() => BatchUdpSocket.bind({ address: '::zz', port: 0 }, () => {}), { instanceOf: TypeError });
    t.throws(() => a.send(Buffer.from('x'), 1, '1.2.3.4'), { instanceOf: TypeError });
  } finally {
    void a.close();
  }
});

test('closing from inside the handler stops delivery of the rest of the batch; close is idempotent', async (t) => {
  if (!needNative(t)) return;
  let seen = 0;
  const sock: BatchUdpSocket = BatchUdpSocket.bind({ address: '::1', port: 0 }, () => {
    seen++;
    void sock.close();
  });
  const peer = await dgramPeer('udp6', '::1');
  try {
    for (let i = 0; i < 20; i++) peer.s.send(Buffer.from([i]), sock.address().port, '::1');
    // The first delivery may take a while on a loaded machine; after it, nothing more may come.
    for (let waited = 0; seen === 0 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    t.is(seen, 1);
    await sock.close();
    sock.send(Buffer.from('after close'), peer.port, '::1');
    t.is(peer.got.length, 0);
  } finally {
    peer.s.close();
  }
});
