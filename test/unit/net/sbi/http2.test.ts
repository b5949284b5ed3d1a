import test from 'ava';
import { SbiClient, type SbiResponse, SbiServer, SbiTimeoutError } from '../../../../harness/net/sbi/index.ts';
import { n1SmPart, MEDIA_TYPE } from '../../../../harness/protocol/sbi/index.ts';
import { dissect, fieldAll, writePcap } from '../../../helpers/tshark.ts';

test('h2c over IPv6 loopback: a multipart request and answer, a malformed body gets 400 INVALID_MSG_FORMAT', async (t) => {
  const server: SbiServer = new SbiServer((req): SbiResponse | undefined => {
    if (req.path === '/silent') return undefined;
    return {
      status: 201,
      headers: { location: `${server.apiRoot}/x/1` },
      json: { echo: req.body.json, parts: req.body.parts.length },
      parts: req.body.parts,
    };
  });
  await server.listen('::1');
  const client = new SbiClient(server.apiRoot, 300);
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  t.regex(server.apiRoot, /^http:\/\/\[::1\]:\d+$/);
  const nas = Buffer.from([0x2e, 1, 1, 0xc1]);
  const r = await client.request('POST', '/x', { json: { a: 1 }, parts: [n1SmPart(nas)] });
  t.is(r.status, 201);
  t.is(r.headers.location, `${server.apiRoot}/x/1`);
  t.deepEqual(r.body.json, { echo: { a: 1 }, parts: 1 });
  t.deepEqual(r.body.parts[0].data, nas);
  // A second request reuses the connection.
  t.is((await client.request('POST', '/y', { json: {} })).status, 201);

  const raw = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    import('node:http2').then(({ connect }) => {
      const s = connect(server.apiRoot);
      const st = s.request({ ':method': 'POST', ':path': '/x', 'content-type': 'multipart/related; boundary=q' });
      let status = 0;
      let body = '';
      st.on('response', (h) => (status = Number(h[':status'])));
      st.on('data', (c) => (body += c));
      st.on('end', () => {
        s.close();
        resolve({ status, body });
      });
      st.on('error', reject);
      st.end('not multipart at all');
    });
  });
  t.is(raw.status, 400);
  t.like(JSON.parse(raw.body), { status: 400, cause: 'INVALID_MSG_FORMAT' });

  await t.throwsAsync(client.request('POST', '/silent', { json: {} }), {
    instanceOf: SbiTimeoutError,
    message: /\/silent/,
  });
  t.is(MEDIA_TYPE.NAS_5GS, 'application/vnd.3gpp.5gnas');
});

test('a recorded SBI client: its connection is in the pcap as TCP (handshake, both ways, FINs) that tshark reads as HTTP/2', async (t) => {
  const server = new SbiServer((): SbiResponse => ({ status: 204 }));
  await server.listen('::1');
  const packets: Buffer[] = [];
  const recorder = { udp() {}, ip: (p: Buffer) => packets.push(Buffer.from(p)) };
  const client = new SbiClient(server.apiRoot, 2000, recorder);
  t.teardown(() => server.close());
  t.is((await client.request('POST', '/nsmf-pdusession/v1/pdu-sessions/1/modify', { json: { a: 1 } })).status, 204);
  t.is((await client.request('POST', '/two', { json: {} })).status, 204);
  await client.close();
  // The FINs are recorded when the socket closes (IPv6: the TCP flags at 40 + 13).
  const fin = () => packets.some((p) => (p[53] & 0x01) !== 0);
  for (let i = 0; i < 200 && !fin(); i++) await new Promise((r) => setTimeout(r, 10));
  t.true(fin(), 'the close is recorded');
  const frames = await dissect(writePcap(packets, 'sbi-recorded'), {
    decodeAs: [`tcp.port==${server.endpoint.port},http2`],
  });
  t.deepEqual(
    frames.filter((f) => f.malformed || f.errors.length).map((f) => f.errors.join('; ')),
    [],
  );
  const all = (name: string) => frames.flatMap((f) => fieldAll(f, name));
  t.deepEqual(all('http2.headers.path'), ['/nsmf-pdusession/v1/pdu-sessions/1/modify', '/two']);
  t.deepEqual(all('http2.headers.status'), ['204', '204']);
  t.is(all('tcp.flags.syn').filter((x) => x === '1').length, 2, 'SYN and SYN-ACK');
});
