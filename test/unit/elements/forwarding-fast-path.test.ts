import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import {
  FastPathReader,
  FastPathWriter,
  newFastPathEntry,
  newFastPathTable,
} from '../../../harness/elements/common/forwarding/fast-path-table.ts';
import {
  echoHosts,
  udpEchoQualifies,
  writeUdpEchoAnswer,
} from '../../../harness/elements/common/forwarding/udp-echo-fast-path.ts';
import {
  ForwardingSocket,
  terminateForwardingThread,
} from '../../../harness/elements/common/forwarding/forwarding-thread.ts';
import { InternetStandin } from '../../../harness/elements/internet/index.ts';
import { Pgw } from '../../../harness/elements/pgw/index.ts';
import { SgwS5Driver } from '../../../harness/drivers/sgw/index.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';
import { BatchUdpSocket, loadNative, nativeLoadError, RX_STRIDE } from '../../../harness/net/udp-socket/index.ts';
import { findIe } from '../../../harness/protocol/gtpv2c/index.ts';
import * as gtpu from '../../../harness/protocol/gtpu/index.ts';
import { decodeIpPacket } from '../../../harness/protocol/ip/index.ts';
import { flowTemplate, writeStreamPacket } from '../../../harness/traffic/gtpu-stream.ts';
import { FORWARDING_HOSTS, metaFrom } from '../../helpers/forwarding.ts';
import { needPrecondition } from '../../helpers/precondition.ts';
import { dissect, field, fieldAll, udp, writePcap } from '../../helpers/tshark.ts';

/**
 * The user plane's fast path (elements/common/forwarding): what the forwarding thread answers
 * in place must be, byte for byte, what the main thread's path (Ipv6FirstHop → InternetStandin)
 * answers; anything the main thread would treat otherwise must not qualify; and a session the
 * control plane changed is never answered from a stale entry.
 */
const hosts = FORWARDING_HOSTS;
const UE = '2001:db8:100:1::2';
const PEER = { address: '::1', port: 40123 };
const UP_TEID = 0x0a000007;
const PEER_TEID = 0x5000abcd;

function gpdu(o: { src?: string; dst?: string; dstPort?: number; hop?: number; teid?: number } = {}): Buffer {
  const t = flowTemplate(
    {
      teid: o.teid ?? UP_TEID,
      src: o.src ?? UE,
      dst: o.dst ?? hosts.ipv6Only,
      srcPort: 40001,
      dstPort: o.dstPort ?? 7,
    },
    64,
  );
  const b = Buffer.alloc(t.packet.length);
  writeStreamPacket(b, 0, t, 0, 42, 1234.5);
  if (o.hop !== undefined) b[8 + 7] = o.hop;
  return b;
}

function setup() {
  const sab = newFastPathTable();
  const writer = new FastPathWriter(sab);
  const reader = new FastPathReader(sab);
  writer.install(UP_TEID, '2001:db8:100:1::', PEER_TEID, PEER);
  const internet = new InternetStandin(hosts, '2001:db8:ffff::fffe');
  const e = internet.udpEcho();
  return { writer, reader, internet, echo: echoHosts(e.hosts, e.port, e.hopLimit) };
}

const entry = newFastPathEntry();

test('the fast path answers the UDP echo byte for byte as the main thread does, and tshark reads it', async (t) => {
  const { reader, internet, echo } = setup();
  const pdu = gpdu();
  const meta = metaFrom(PEER, pdu.length);
  t.true(udpEchoQualifies(pdu, 0, pdu.length, meta, 0, reader, echo, entry));
  t.is(entry.peerTeid, PEER_TEID);
  const out = Buffer.alloc(pdu.length + 4, 0xee);
  t.is(writeUdpEchoAnswer(pdu, 0, pdu.length, out, 2, entry, echo.hopLimit), pdu.length);
  // The main thread: the inner packet to the internet stand-in, its answer down the tunnel.
  const inner = pdu.subarray(8);
  const answer = internet.deliver(decodeIpPacket(inner), inner);
  t.truthy(answer);
  const expected = Buffer.alloc(8 + answer!.length);
  answer!.copy(expected, 8);
  gtpu.writeGpduHeader(expected, 8, PEER_TEID, answer!.length);
  t.deepEqual(out.subarray(2, 2 + pdu.length), expected);
  t.is(out[0], 0xee, 'nothing written before');
  t.is(out[2 + pdu.length], 0xee, 'nothing written after');
  const [f] = await dissect(writePcap([udp(out.subarray(2, 2 + pdu.length), { ...PEER, port: 2152 }, PEER)]));
  t.is(field(f, 'gtp.teid'), `0x${PEER_TEID.toString(16)}`);
  t.deepEqual(fieldAll(f, 'udp.srcport'), ['2152', '7']);
  t.deepEqual(fieldAll(f, 'ipv6.src'), ['::1', hosts.ipv6Only]);
  t.deepEqual(fieldAll(f, 'ipv6.dst'), ['::1', UE]);
  t.deepEqual(fieldAll(f, 'udp.checksum.status'), ['1', '1'], 'both UDP checksums good');
  t.false(f.malformed);
  t.deepEqual(f.errors, []);
});

test('anything the main thread would treat otherwise does not qualify', (t) => {
  const { writer, reader, echo } = setup();
  const q = (pdu: Buffer, peer = PEER) =>
    udpEchoQualifies(pdu, 0, pdu.length, metaFrom(peer, pdu.length), 0, reader, echo, entry);
  t.true(q(gpdu()), 'the reference packet qualifies');
  const badSum = gpdu();
  badSum[badSum.length - 1] ^= 1;
  t.false(q(badSum), 'bad UDP checksum (the host drops it)');
  t.false(q(gpdu({ src: '2001:db8:100:2::2' })), 'source outside the /64 (BCP 38)');
  t.false(q(gpdu({ src: 'fe80::2' })), 'link-local source');
  t.false(q(gpdu({ dst: hosts.brokenIpv6.ipv6 })), 'the host that never answers');
  t.false(q(gpdu({ dst: '2001:db8:f000::99' })), 'no such host (Destination Unreachable)');
  t.false(q(gpdu({ dstPort: 9 })), 'not the echo port');
  t.false(q(gpdu({ hop: 1 })), 'hop limit exhausted');
  t.false(q(gpdu({ teid: UP_TEID + 1 })), 'unknown TEID (Error Indication)');
  t.false(q(gpdu(), { address: '::1', port: PEER.port + 1 }), 'from another port than the entry was made for');
  t.false(q(gpdu(), { address: '::2', port: PEER.port }), 'from another address');
  const withSeq = gpdu();
  withSeq[0] = 0x32;
  t.false(q(withSeq), 'a header with optional fields');
  writer.invalidateAll();
  t.false(q(gpdu()), 'after the control plane changed something, until the entry is made again');
  writer.install(UP_TEID, '2001:db8:100:1::', PEER_TEID, PEER);
  t.true(q(gpdu()));
});

test('through a PGW: the forwarding thread answers, counts, and a deleted session gets an Error Indication', async (t) => {
  if (!loadNative()) {
    needPrecondition(t, `the batched UDP addon is not loaded: ${nativeLoadError()}`, 'the batched UDP addon');
    return;
  }
  const pgw = new Pgw({
    address: '::1',
    restartCounter: 1,
    faults: [],
    internet: hosts,
    apns: {
      internet: {
        pdnTypes: 'ipv6',
        singleAddressBearersOnly: false,
        prefer: 'ipv6',
        ipv6Pool: '2001:db8:100::/40',
        ipv4Pool: '198.51.100.0/24',
        dnsIpv6: [],
        dnsIpv4: [],
        mtu: 1400,
      },
    },
  });
  await pgw.start();
  const sgw = new SgwS5Driver({
    pgw: { address: '::1', port: pgw.endpoint.port, userPlanePort: pgw.userPlane.endpoint.port },
    recorder: noRecorder,
    receivePort: 0,
  });
  await sgw.open();
  const got: Buffer[] = [];
  const socket = BatchUdpSocket.bindRaw({ address: '::1', port: 0 }, (rx, meta, count) => {
    for (let i = 0; i < count; i++) {
      const at = meta[i * RX_STRIDE + 8];
      got.push(Buffer.from(rx.subarray(at, at + meta[i * RX_STRIDE])));
    }
  });
  try {
    const { outcome } = await sgw.createSession({
      imsi: '001010000007001',
      apn: 'internet',
      pdnType: 'ipv6',
      daf: true,
    });
    t.is(outcome.kind, 'response');
    const res = outcome.kind === 'response' ? outcome.message : undefined;
    const paa = res && findIe(res, 'paa');
    const u = res && findIe(findIe(res, 'bearer-context')!, 'f-teid', 2);
    const pgwTeid = res && findIe(res, 'f-teid', 1)?.teid;
    t.truthy(paa?.ipv6 && u && pgwTeid !== undefined);
    const t0 = flowTemplate({ teid: u!.teid, src: paa!.ipv6!, dst: hosts.ipv6Only, srcPort: 40000, dstPort: 7 }, 64);
    const up = pgw.userPlane.endpoint;
    const send = (n: number) => {
      for (let i = 0; i < n; i++) {
        const b = Buffer.alloc(t0.packet.length);
        writeStreamPacket(b, 0, t0, 0, i, 0);
        socket.send(b, up.port, up.address);
      }
    };
    const waitFor = async (ok: () => boolean) => {
      for (let i = 0; i < 500 && !ok(); i++) await sleep(10);
    };
    // The first packet goes through the main thread (and tells the worker); the rest need not.
    send(1);
    await waitFor(() => got.length >= 1);
    send(200);
    await waitFor(() => got.length >= 201);
    t.is(got.length, 201, 'every echo came back');
    t.true(
      got.every((g) => g[1] === 0xff),
      'all G-PDUs',
    );
    t.is(pgw.userPlane.counters.forwarded, 201);
    t.is(pgw.userPlane.counters.forwardedInThread, 200, 'the main thread saw the first packet only');
    const del = await sgw.deleteSession(pgwTeid!);
    t.is(del.kind, 'response');
    got.length = 0;
    send(1);
    await waitFor(() => got.length >= 1);
    t.is(got.length, 1);
    t.is(got[0]?.[1], 26, 'Error Indication (TS 29.281 §7.3.1) for the deleted session, not an echo');
  } finally {
    await socket.close();
    await sgw.close();
    await pgw.stop();
  }
});

// Serial: ava runs serial tests before the concurrent ones, so ending the shared thread here
// cannot pull it from under another test; the next socket starts a new thread.
test.serial(
  'a forwarding thread that dies is reported through the element onError, naming the user plane',
  async (t) => {
    if (!loadNative()) {
      needPrecondition(t, `the batched UDP addon is not loaded: ${nativeLoadError()}`, 'the batched UDP addon');
      return;
    }
    const errors: string[] = [];
    const pgw = new Pgw({
      address: '::1',
      restartCounter: 1,
      faults: [],
      internet: hosts,
      onError: (err) => errors.push((err as Error).message),
      apns: {
        internet: {
          pdnTypes: 'ipv6',
          singleAddressBearersOnly: false,
          prefer: 'ipv6',
          ipv6Pool: '2001:db8:100::/40',
          ipv4Pool: '198.51.100.0/24',
          dnsIpv6: [],
          dnsIpv4: [],
          mtu: 1400,
        },
      },
    });
    await pgw.start();
    try {
      const port = pgw.userPlane.endpoint.port;
      await terminateForwardingThread();
      for (let i = 0; i < 200 && errors.length === 0; i++) await sleep(10);
      t.is(errors.length, 1);
      t.regex(errors[0] ?? '', new RegExp(`^user plane ::1 port ${port}: the forwarding thread exited`));
    } finally {
      await pgw.stop();
    }
  },
);

// Serial: a thread this test broke (before the fix the uncaught throw ended it, and the process
// crashed as it unloaded the addon) must not take another test's sockets with it.
test.serial(
  'a datagram to an address of the other family is dropped and reported; the thread and its other sockets go on',
  async (t) => {
    if (!loadNative()) {
      needPrecondition(t, `the batched UDP addon is not loaded: ${nativeLoadError()}`, 'the batched UDP addon');
      return;
    }
    const got: Buffer[] = [];
    const a = await ForwardingSocket.open({ address: '::1', port: 0, recvBufferSize: 1 << 20 }, () => {});
    const b = await ForwardingSocket.open({ address: '::1', port: 0, recvBufferSize: 1 << 20 }, (m) =>
      got.push(Buffer.from(m)),
    );
    try {
      const refused: string[] = [];
      const lost: string[] = [];
      a.onSendFailed = (why) => refused.push(why);
      a.onLost = (why) => lost.push(why);
      a.send(Buffer.from('to IPv4'), 9, '127.0.0.1');
      for (let i = 0; i < 300 && refused.length === 0; i++) await sleep(10);
      t.deepEqual(lost, []);
      t.is(refused.length, 1);
      t.regex(refused[0] ?? '', /^send to \[127\.0\.0\.1\]:9: not an address of the socket's family/);
      t.is(a.dropped, 1);
      a.send(Buffer.from('still here'), b.address().port, '::1');
      for (let i = 0; i < 300 && got.length === 0; i++) await sleep(10);
      t.is(got[0]?.toString(), 'still here');
    } finally {
      await a.close();
      await b.close();
    }
  },
);
