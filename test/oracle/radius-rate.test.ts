import test from 'ava';
import { AaaStandin } from '../../harness/elements/aaa/index.ts';
import { decodeRadius, requestAuthenticatorValid } from '../../harness/protocol/radius/index.ts';
import type { PacketRecorder } from '../../harness/net/pcap/index.ts';
import { RadiusTransactionRate } from '../../harness/traffic/index.ts';
import { dissect, udp, writePcap } from '../helpers/tshark.ts';

/**
 * The transaction-rate meter writes its requests from a template (session number and /64 patched
 * in, Request Authenticator recomputed): Wireshark must read each as a well-formed
 * Accounting-Request with the IPv6 attributes, the AAA stand-in must take each (it checks the
 * Request Authenticator, RFC 2866 §3), and Wireshark must find every answer's authenticator valid.
 */
const secret = 'rate-secret';

function capture(): { recorder: PacketRecorder; packets: Buffer[]; payloads: Buffer[] } {
  const packets: Buffer[] = [];
  const payloads: Buffer[] = [];
  const recorder: PacketRecorder = {
    udp: (src, dst, payload) => {
      payloads.push(Buffer.from(payload));
      packets.push(udp(Buffer.from(payload), src, dst));
    },
    ip() {},
  };
  return { packets, payloads, recorder };
}

test("the meter's Accounting-Requests dissect with distinct /64s and valid authenticators, and every answer counts", async (t) => {
  const aaa = new AaaStandin({ address: '::1', port: 0, secret, faults: [] });
  await aaa.start();
  const port = aaa.endpoint.port;
  const { recorder, packets, payloads } = capture();
  const meter = new RadiusTransactionRate({
    server: { address: '::1', port: aaa.endpoint.port },
    localAddress: '::1',
    secret,
    nasAddress: '2001:db8:5::7',
    prefixBase: '2001:db8:3f00::/48',
    apn: 'internet',
    // Generous: the test judges counting and encoding, not the speed of a loaded machine.
    timeoutMs: 10_000,
    recorder,
    recordFirst: 10,
  });
  await meter.open();
  try {
    const trial = await meter.trial(500, 40, undefined);
    t.is(trial.sent, 20);
    t.is(trial.received, 20, JSON.stringify(trial.verdicts));
    t.deepEqual(trial.verdicts, { answered: 20 });
    t.is(aaa.counters.badAuthenticator, 0);
    t.is(aaa.records.length, 20);
    t.is(new Set(aaa.records.map((r) => r.framedIpv6Prefix)).size, 20);
    t.is(new Set(aaa.records.map((r) => r.sessionId)).size, 20);
  } finally {
    await meter.close();
    await aaa.stop();
  }
  // The first 20 datagrams either way: requests and answers interleave as the machine's load has them.
  t.is(payloads.length, 20);
  const requests = payloads.filter((p) => p[0] === 4);
  t.true(requests.length >= 10);
  for (const r of requests) t.true(requestAuthenticatorValid(r, secret));
  t.is(decodeRadius(requests[3], secret).attributes['Acct-Status-Type'], 'Interim-Update');
  const frames = await dissect(writePcap(packets, 'radius-rate'), {
    decodeAs: [`udp.port==${port},radius`],
    extraArgs: ['-o', `radius.shared_secret:${secret}`, '-o', 'radius.validate_authenticator:TRUE'],
  });
  t.is(frames.length, 20);
  for (const f of frames) {
    t.false(f.malformed);
    t.deepEqual(f.errors, []);
  }
  const req = frames.filter((f) => f.fields.get('radius.code')?.[0] === '4');
  t.is(req.length, requests.length);
  t.is(new Set(req.map((f) => f.fields.get('radius.Framed_IPv6_Prefix')?.[0])).size, requests.length);
  t.deepEqual(req[1].fields.get('radius.NAS_IPv6_Address'), ['2001:db8:5::7']);
  t.deepEqual(req[1].fields.get('radius.Delegated_IPv6_Prefix'), ['00:38:20:01:0d:b8:3f:00:00']);
  for (const f of frames.filter((f) => f.fields.get('radius.code')?.[0] === '5'))
    t.deepEqual(f.fields.get('radius.authenticator.valid'), ['1']);
});

test('answers signed with another secret count as bad authenticators, not transactions', async (t) => {
  // An AAA configured with another secret that answers anyway (it does not check requests either).
  const aaa = new AaaStandin({ address: '::1', port: 0, secret: 'other', faults: ['no-authenticator-check'] });
  await aaa.start();
  const meter = new RadiusTransactionRate({
    server: { address: '::1', port: aaa.endpoint.port },
    localAddress: '::1',
    secret,
    nasAddress: '::1',
    prefixBase: '2001:db8:3f00::/48',
    apn: 'internet',
    timeoutMs: 5_000,
    recorder: { udp() {}, ip() {} },
  });
  await meter.open();
  try {
    const trial = await meter.trial(200, 50, undefined);
    t.is(trial.received, 0);
    t.is(trial.verdicts['bad-authenticator'], trial.sent);
  } finally {
    await meter.close();
    await aaa.stop();
  }
});
