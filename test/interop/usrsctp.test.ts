import { randomBytes } from 'node:crypto';
import test from 'ava';
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipPayload, PcapRecorder, readCapture } from '../../harness/net/pcap/index.ts';
import { sctpConnect, sctpListen } from '../../harness/net/sctp/index.ts';
import { decodePacket, encodePacket } from '../../harness/protocol/sctp/index.ts';
import { datagramOf, decodeIpPacket } from '../../harness/protocol/ip/index.ts';
import { openHostLink } from '../../harness/lab/netns/host-link.ts';
import { vethPathProblem } from '../../harness/lab/netns/veth-path.ts';
import { needNetns } from '../helpers/netns.ts';
import { received } from '../helpers/sctp-sim.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { dissect } from '../helpers/tshark.ts';
import { requireTool } from '../helpers/tools.ts';

/**
 * Our userspace SCTP against usrsctp (Debian libusrsctp-examples 0.9.5: the FreeBSD SCTP stack
 * in userspace), a stack we did not write, over UDP encapsulation (RFC 6951) on loopback:
 * - our client → usrsctp's echo_server (SCTP port 7; it echoes each message on its stream with
 *   its PPID and unordered flag): streams, NGAP and S1AP PPIDs, a fragmented message,
 *   unordered delivery, then our graceful SHUTDOWN;
 * - usrsctp's client → our server: it sends stdin lines, we echo them, it shuts down and prints
 *   SCTP_SHUTDOWN_COMP.
 * And over raw IPv6 (protocol 132): echo_server with no UDP port uses raw sockets; it runs in a
 * network namespace of its own (a raw stack sees every SCTP packet of its namespace), joined to
 * ours by a veth pair (harness/lab/netns/host-link.ts).
 */
const ECHO_SERVER = '/usr/lib/usrsctp/echo_server';
const CLIENT = '/usr/lib/usrsctp/client';
const udpPort = () => 20000 + Math.floor(Math.random() * 10000);
const FAST = { rto: { initial: 200, min: 200, max: 1000 } };

for (const address of ['::1', '127.0.0.1']) {
  test(`our client against usrsctp echo_server over UDP, ${address}: streams, PPIDs, fragments, unordered, SHUTDOWN`, async (t) => {
    requireTool(ECHO_SERVER);
    const port = udpPort();
    const server = execa(ECHO_SERVER, [String(port)], { reject: false, buffer: false });
    const recorder = new PcapRecorder();
    try {
      const a = await sctpConnect({ transport: 'udp', address, port: 7, peerUdpPort: port, recorder, ...FAST });
      t.is(a.outboundStreams, 10, 'usrsctp offers 10 inbound streams');
      const msgs = [
        { sid: 0, ppid: 60, payload: Buffer.from('NG Setup Request stand-in'), unordered: false },
        { sid: 1, ppid: 18, payload: randomBytes(9000), unordered: false },
        { sid: 1, ppid: 18, payload: Buffer.from('after the fragments'), unordered: false },
        { sid: 9, ppid: 60, payload: Buffer.from('unordered'), unordered: true },
        ...Array.from({ length: 30 }, (_, i) => ({
          sid: i % 3,
          ppid: 60,
          payload: randomBytes(1 + i),
          unordered: false,
        })),
      ];
      const back = received(a, msgs.length);
      for (const m of msgs) a.send(m.sid, m.ppid, m.payload, { unordered: m.unordered });
      const got = await back;
      for (const m of msgs) {
        const e = got.find((g) => g.payload.equals(m.payload));
        t.truthy(e, `echo of ${m.payload.length} octets on stream ${m.sid}`);
        t.deepEqual(e && [e.streamId, e.ppid, e.unordered], [m.sid, m.ppid, m.unordered]);
      }
      const s1 = got.filter((g) => g.streamId === 1).map((g) => g.payload.length);
      t.deepEqual(s1.slice(0, 2), [9000, 19], 'stream 1 in order');
      t.deepEqual(await a.close(), { reason: 'shutdown' });
    } finally {
      server.kill('SIGKILL');
      await server;
    }
    // Every packet of the session, usrsctp's included (its INIT carries parameters we do not
    // model: Random, Chunk List, HMAC algorithms, Supported Extensions, Adaptation Layer), decodes
    // and encodes back to the same octets, and tshark finds nothing malformed.
    await new Promise((r) => setTimeout(r, 200));
    const file = recorder.pcap.toBuffer();
    const sctp = readCapture(file).map((p) => datagramOf(decodeIpPacket(ipPayload(p)!))!.data);
    t.true(sctp.length > 10);
    const theirs = sctp.filter((p) => p.readUInt16BE(0) === 7);
    t.true(theirs.length > 5, 'packets from usrsctp');
    for (const p of sctp) {
      const d = decodePacket(p);
      t.true(d.checksumValid);
      t.true(encodePacket(d).equals(p), `re-encoded ${d.chunks.map((c) => c.type).join(',')} differs`);
    }
    const path = join(tempDir('usrsctp'), `usrsctp-${address.includes(':') ? 6 : 4}.pcap`);
    writeFileSync(path, file);
    const frames = await dissect(path, {
      extraArgs: ['-o', 'sctp.checksum:CRC 32c', '-o', 'sctp.ulp_dissection:FALSE', '-d', `udp.port==${port},sctp`],
    });
    t.deepEqual(
      frames.filter((f) => f.malformed || f.errors.length).map((f) => `${f.number}: ${f.errors.join('; ')}`),
      [],
    );
  });
}

test('usrsctp client against our server over UDP: its lines echoed, its SHUTDOWN completed', async (t) => {
  requireTool(CLIENT);
  const server = await sctpListen({
    transport: 'udp',
    address: '::1',
    port: 45000 + Math.floor(Math.random() * 1000),
    udpPort: 0,
  });
  const closes: string[] = [];
  const lines: string[] = [];
  server.on('association', (a) => {
    a.on('message', (m) => {
      lines.push(m.payload.toString());
      a.send(m.streamId, m.ppid, m.payload);
    });
    a.on('close', (r) => closes.push(r.reason));
  });
  try {
    const r = await execa(CLIENT, ['::1', String(server.port), '0', String(udpPort()), String(server.udpPort)], {
      input: 'first line\nsecond line\n',
      timeout: 30_000,
      reject: false,
    });
    t.is(r.exitCode, 0, r.stderr);
    t.deepEqual(lines, ['first line\n', 'second line\n']);
    t.regex(r.stdout, /^first line\nsecond line\n/m);
    t.regex(r.stdout, /SCTP_COMM_UP, streams \(in\/out\) = \(10\/10\)/);
    t.regex(r.stdout, /SCTP_SHUTDOWN_COMP/);
    t.deepEqual(closes, ['shutdown']);
  } finally {
    await server.close();
  }
});

test('our client against usrsctp echo_server over raw IPv6 (protocol 132), across a veth pair into its namespace', async (t) => {
  requireTool(ECHO_SERVER);
  if (!needNetns(t, await vethPathProblem())) return;
  const link = await openHostLink('sctp');
  // Port 0: no UDP encapsulation, usrsctp opens raw IPv4 and IPv6 sockets.
  const server = execa('ip', ['netns', 'exec', link.ns, ECHO_SERVER, '0'], { reject: false, buffer: false });
  try {
    const a = await sctpConnect({
      transport: 'raw',
      address: link.nsAddress,
      port: 7,
      ...FAST,
      maxInitRetransmits: 10,
    });
    const msgs = [Buffer.from('NGAP over raw IPv6'), randomBytes(6000), randomBytes(50)];
    const back = received(a, msgs.length);
    msgs.forEach((m, i) => a.send(i % 2, 60, m));
    const got = await back;
    const key = (sid: number, ppid: number, p: Buffer) => `${sid}/${ppid}/${p.toString('hex')}`;
    t.deepEqual(
      got.map((g) => key(g.streamId, g.ppid, g.payload)).sort(),
      msgs.map((m, i) => key(i % 2, 60, m)).sort(),
    );
    t.deepEqual(await a.close(), { reason: 'shutdown' });
  } finally {
    server.kill('SIGKILL');
    await server;
    await link.close();
  }
});
