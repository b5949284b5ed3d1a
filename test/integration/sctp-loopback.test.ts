import { randomBytes } from 'node:crypto';
import test from 'ava';
import { PcapRecorder } from '../../harness/net/pcap/index.ts';
import {
  type CloseReason,
  PPID,
  RawIpTransport,
  SctpEndpoint,
  type SctpServer,
  sctpConnect,
  sctpListen,
  UdpTransport,
} from '../../harness/net/sctp/index.ts';
import { NG_SETUP_REQUEST } from '../helpers/ngap-sample.ts';
import { needRoot } from '../helpers/root.ts';
import { received } from '../helpers/sctp-sim.ts';
import { dissect, field, fieldAll } from '../helpers/tshark.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Userspace SCTP end to end over the loopback of this host, through real sockets: raw IP
 * (protocol 132) over IPv6 and IPv4, and UDP encapsulation (RFC 6951) over both. An echo server
 * (sctpListen) returns every message on its stream with its PPID; the client (sctpConnect)
 * sends small, fragmented and unordered messages on several streams and shuts down gracefully.
 * The capture of a session is dissected by tshark, PPID 60 handed to its NGAP dissector.
 */
function echo(server: SctpServer): void {
  server.on('association', (a) =>
    a.on('message', (m) => a.send(m.streamId, m.ppid, m.payload, { unordered: m.unordered })),
  );
}

const port = () => 40000 + Math.floor(Math.random() * 9000);

for (const [kind, family, address] of [
  ['raw', 6, '::1'],
  ['raw', 4, '127.0.0.1'],
  ['udp', 6, '::1'],
  ['udp', 4, '127.0.0.1'],
] as const) {
  test(`${kind === 'raw' ? 'raw IP' : 'UDP-encapsulated'} SCTP over IPv${family} loopback: echo on 4 streams, fragmented and unordered messages, graceful shutdown`, async (t) => {
    if (kind === 'raw' && !needRoot(t, 'raw SCTP')) return;
    const server = await sctpListen({
      transport: kind,
      address,
      port: port(),
      udpPort: 0,
      inboundStreams: 4,
      outboundStreams: 4,
    });
    echo(server);
    try {
      const a = await sctpConnect({
        transport: kind,
        address,
        port: server.port,
        peerUdpPort: server.udpPort,
        outboundStreams: 4,
      });
      t.is(a.outboundStreams, 4);
      const msgs = [
        ...Array.from({ length: 40 }, (_, i) => ({
          sid: i % 4,
          payload: randomBytes(1 + (i % 100)),
          unordered: false,
        })),
        { sid: 1, payload: randomBytes(70_000), unordered: false },
        { sid: 2, payload: randomBytes(3000), unordered: true },
      ];
      const back = received(a, msgs.length);
      for (const m of msgs) a.send(m.sid, PPID.NGAP, m.payload, { unordered: m.unordered });
      const got = await back;
      for (let sid = 0; sid < 4; sid++) {
        const sent = msgs.filter((m) => m.sid === sid && !m.unordered).map((m) => m.payload.toString('hex'));
        const echoed = got.filter((m) => m.streamId === sid && !m.unordered).map((m) => m.payload.toString('hex'));
        t.deepEqual(echoed, sent, `stream ${sid}`);
      }
      t.true(got.some((m) => m.unordered && m.payload.equals(msgs[41].payload)));
      t.true(got.every((m) => m.ppid === 60));
      t.deepEqual(await a.close(), { reason: 'shutdown' } satisfies CloseReason);
    } finally {
      await server.close();
    }
  });
}

test('connect to a raw SCTP port nobody serves fails with the reason, after the INIT retries', async (t) => {
  if (!needRoot(t, 'raw SCTP')) return;
  const err = await t.throwsAsync(
    sctpConnect({
      transport: 'raw',
      address: '::1',
      port: port(),
      maxInitRetransmits: 1,
      rto: { initial: 100, min: 100, max: 200 },
    }),
  );
  t.regex(err!.message, /\[::1\].*no answer to INIT/);
});

test('connect to a UDP-encapsulated port nobody listens on: the peer stack answers ABORT (§8.4)', async (t) => {
  const server = await sctpListen({ transport: 'udp', address: '::1', port: port(), udpPort: 0 });
  try {
    const err = await t.throwsAsync(
      sctpConnect({ transport: 'udp', address: '::1', port: server.port + 1, peerUdpPort: server.udpPort }),
    );
    t.regex(err!.message, /peer sent ABORT/);
  } finally {
    await server.close();
  }
});

for (const kind of ['raw', 'udp'] as const) {
  test(`the ${kind} capture of an N2 session: tshark sees the handshake, NG Setup Request on PPID 60 through its NGAP dissector, and the shutdown`, async (t) => {
    if (kind === 'raw' && !needRoot(t, 'raw SCTP')) return;
    const recorder = new PcapRecorder();
    const server = await sctpListen({
      transport: kind,
      address: '::1',
      port: 38412 + (kind === 'udp' ? 1 : 0),
      udpPort: 0,
    });
    echo(server);
    const transport =
      kind === 'raw'
        ? new RawIpTransport({ family: 6, recorder })
        : await UdpTransport.open({ family: 6, port: 0, recorder });
    const endpoint = new SctpEndpoint(transport);
    try {
      const a = endpoint.connect({ address: '::1', udpPort: server.udpPort }, server.port);
      await a.whenUp();
      const back = received(a, 1);
      a.send(0, PPID.NGAP, NG_SETUP_REQUEST);
      t.true((await back)[0].payload.equals(NG_SETUP_REQUEST));
      t.deepEqual(await a.close(), { reason: 'shutdown' });
    } finally {
      await endpoint.close();
      await transport.close();
      await server.close();
    }
    const path = join(tempDir('sctp-pcap'), `n2-${kind}.pcap`);
    writeFileSync(path, recorder.pcap.toBuffer());
    const frames = await dissect(path, {
      extraArgs: ['-o', 'sctp.checksum:CRC 32c', ...(kind === 'udp' ? ['-d', `udp.port==${server.udpPort},sctp`] : [])],
    });
    t.deepEqual(
      frames.filter((f) => f.malformed || f.errors.length).map((f) => `${f.number}: ${f.errors.join(';')}`),
      [],
    );
    t.true(frames.every((f) => field(f, 'sctp.checksum.status') === '1'));
    const chunks = frames.flatMap((f) => fieldAll(f, 'sctp.chunk_type'));
    for (const type of ['1', '2', '10', '11', '0', '3', '7', '8', '14'])
      t.true(chunks.includes(type), `chunk type ${type} in ${chunks}`);
    const ngap = frames.filter((f) => f.protocols.includes('ngap'));
    t.is(ngap.length, 2, 'the request and its echo');
    for (const f of ngap) {
      t.is(field(f, 'sctp.data_payload_proto_id'), '60');
      t.is(field(f, 'ngap.procedureCode'), '21');
      t.deepEqual(fieldAll(f, 'ngap.id'), ['27', '102', '21']);
    }
    t.is(new Set(frames.map((f) => field(f, 'ipv6.src'))).size, 1, 'loopback: ::1 both ways');
  });
}
