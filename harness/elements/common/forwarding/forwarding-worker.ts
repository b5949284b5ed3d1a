import { parentPort } from 'node:worker_threads';
import { BatchUdpSocket, RX_STRIDE, RX_OFFSET, type Remote } from '../../../net/udp-socket/index.ts';
import { FastPathReader, newFastPathEntry } from './fast-path-table.ts';
import { COUNTERS, DROPPED, ECHOED, FORWARDED, type FromWorker, type ToWorker } from './messages.ts';
import { udpEchoAnswerLength, udpEchoQualifies, writeUdpEchoAnswer, type UdpEchoHosts } from './udp-echo-fast-path.ts';

/**
 * The forwarding thread of the in-process gateways' user planes (one per process, shared by every
 * stand-in in it): it owns their GTP-U sockets (recvmmsg/sendmmsg, UDP GRO and GSO), answers the
 * packets the fast path covers in place — from the receive slab straight into the send slab,
 * nothing allocated per packet — and hands every other datagram, in one message per batch, to the
 * main thread, where the element decides as it always did. What the main thread sends goes out
 * of the same socket.
 */
interface Port {
  socket: BatchUdpSocket;
  table: FastPathReader;
  counters: Float64Array;
  echo?: UdpEchoHosts;
}

const ports = new Map<number, Port>();
const entry = newFastPathEntry();
/** Indices of the datagrams of the current batch that go to the main thread (grown to the largest batch). */
let slow = new Int32Array(1024);
const post = (m: FromWorker, transfer?: ArrayBuffer[]) => parentPort!.postMessage(m, transfer);

function open(m: Extract<ToWorker, { op: 'open' }>): void {
  let port: Port | undefined;
  try {
    const socket = BatchUdpSocket.bindRaw(
      // The send buffer as large as the receive buffer: a batch of answers must fit whole.
      { address: m.address, port: m.port, recvBufferSize: m.recvBufferSize, sendBufferSize: m.recvBufferSize },
      (rx, meta, count) => port && batch(m.id, port, rx, meta, count),
    );
    // Where the kernel has them: a train from one peer in one receive, answers to one peer in one send.
    socket.setGro(true);
    socket.setGso(true);
    port = { socket, table: new FastPathReader(m.table), counters: new Float64Array(m.counters), echo: m.echo };
    if (port.counters.length < COUNTERS) throw new Error('counters too short');
    ports.set(m.id, port);
    post({ op: 'opened', id: m.id, port: socket.address().port });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    post({ op: 'failed', id: m.id, message: e.message, code: e.code });
  }
}

function batch(id: number, p: Port, rx: Buffer, meta: Int32Array, count: number): void {
  let nslow = 0;
  let forwarded = 0;
  if (count > slow.length) slow = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const m = i * RX_STRIDE;
    const len = meta[m];
    const at = meta[m + RX_OFFSET];
    const peer = meta[m + 1];
    if (p.echo && peer >= 0 && udpEchoQualifies(rx, at, len, meta, m, p.table, p.echo, entry)) {
      const answer = udpEchoAnswerLength(len, entry);
      let out = p.socket.reserve(answer);
      if (out < 0) {
        p.socket.flush();
        out = p.socket.reserve(answer);
      }
      if (out < 0) p.counters[DROPPED]++;
      else {
        writeUdpEchoAnswer(rx, at, len, p.socket.sendSlab, out, entry, p.echo.hopLimit);
        p.socket.commit(out, answer, peer);
        // The session's usage (its URRs, on the main thread): inner packets, up and down alike.
        p.table.count(entry, len - entry.header, len - entry.header);
      }
      forwarded++;
      continue;
    }
    slow[nslow++] = i;
  }
  if (forwarded) {
    p.counters[FORWARDED] += forwarded;
    p.counters[ECHOED] += forwarded;
  }
  if (nslow) handOver(id, p, rx, meta, nslow);
}

/** The datagrams the fast path did not take, copied into one message for the main thread. */
function handOver(id: number, p: Port, rx: Buffer, meta: Int32Array, n: number): void {
  let size = 0;
  for (let k = 0; k < n; k++) size += meta[slow[k] * RX_STRIDE];
  const data = new Uint8Array(size);
  const out = new Int32Array(n * 3);
  const addresses: string[] = [];
  const families: (4 | 6)[] = [];
  let at = 0;
  for (let k = 0; k < n; k++) {
    const i = slow[k];
    const m = i * RX_STRIDE;
    const len = meta[m];
    const from = meta[m + RX_OFFSET];
    data.set(rx.subarray(from, from + len), at);
    const r: Remote = p.socket.source(i);
    out[k * 3] = at;
    out[k * 3 + 1] = len;
    out[k * 3 + 2] = r.port;
    addresses.push(r.address);
    families.push(r.family === 'IPv6' ? 6 : 4);
    at += len;
  }
  post({ op: 'received', id, data, meta: out, addresses, families }, [data.buffer, out.buffer]);
}

parentPort!.on('message', (m: ToWorker) => {
  switch (m.op) {
    case 'open':
      open(m);
      return;
    case 'send': {
      const p = ports.get(m.id);
      if (!p) return;
      let at = 0;
      let refused: string | undefined;
      for (let i = 0; i < m.lengths.length; i++) {
        // A destination the socket cannot reach (another family, a bad address) loses that datagram
        // alone, as dgram reports a failed send: it must never end the thread every element shares.
        try {
          p.socket.send(m.data.subarray(at, at + m.lengths[i]), m.ports[i], m.addresses[i]);
        } catch (err) {
          p.counters[DROPPED]++;
          refused ??= `send to [${m.addresses[i]}]:${m.ports[i]}: ${(err as Error).message}`;
        }
        at += m.lengths[i];
      }
      if (refused) post({ op: 'sendFailed', id: m.id, message: refused });
      return;
    }
    case 'close': {
      const p = ports.get(m.id);
      ports.delete(m.id);
      void (p?.socket.close() ?? Promise.resolve()).then(() => post({ op: 'closed', id: m.id }));
      return;
    }
  }
});
parentPort!.postMessage('ready');
