import test from 'ava';
import { isDeepStrictEqual } from 'node:util';
import { DecodeError } from '../../../harness/protocol/common/decode-error.ts';
import { fuzz, mulberry32, mutate } from '../../helpers/fuzz.ts';
import {
  DiameterDeframer,
  avp,
  capabilitiesExchange,
  decodeDiameter,
  describeMessage,
  encodeDiameter,
  readSubscription,
  readUpdateLocationRequest,
  resultOf,
  updateLocationAnswer,
  updateLocationRequest,
  type DiameterMessage,
} from '../../../harness/protocol/diameter/index.ts';

/** RFC 6733 §3/§4 framing and TS 29.272 §7.2.3-4 Update Location, by round trip and by hand-checked octets. */
const ids = { hopByHop: 0x11223344, endToEnd: 0x55667788 };
const ulr = updateLocationRequest(
  {
    sessionId: 'mme.epc.example;1;42',
    originHost: 'mme.epc.example',
    originRealm: 'epc.example',
    destinationRealm: 'epc.example',
    imsi: '001010000005001',
    visitedPlmn: { mcc: '001', mnc: '02' },
  },
  ids,
);

test('the header carries version 1, the 24-bit length, R and P flags, command 316 and the S6a application id', (t) => {
  const b = encodeDiameter(ulr);
  t.is(b[0], 1);
  t.is(b.readUIntBE(1, 3), b.length);
  t.is(b[4], 0xc0);
  t.is(b.readUIntBE(5, 3), 316);
  t.is(b.readUInt32BE(8), 16777251);
  t.is(b.readUInt32BE(12), ids.hopByHop);
  t.is(b.readUInt32BE(16), ids.endToEnd);
  t.is(b.length % 4, 0);
});

test('a vendor-specific AVP has V and M set, Vendor-ID 10415, and padding not counted in its length', (t) => {
  const m: DiameterMessage = {
    commandCode: 316,
    request: true,
    proxiable: true,
    applicationId: 16777251,
    ...ids,
    avps: [avp('Visited-PLMN-Id', Buffer.from([0x00, 0xf1, 0x20]))],
  };
  const b = encodeDiameter(m);
  t.is(b.readUInt32BE(20), 1407);
  t.is(b[24], 0xc0);
  t.is(b.readUIntBE(25, 3), 15);
  t.is(b.readUInt32BE(28), 10415);
  t.deepEqual([...b.subarray(32)], [0x00, 0xf1, 0x20, 0x00]);
  t.is(b.length, 36);
});

test('ULR round-trips, and its fields read back', (t) => {
  const back = decodeDiameter(encodeDiameter(ulr));
  t.deepEqual(back, ulr);
  t.is(describeMessage(back), 'Update-Location-Request');
  t.deepEqual(readUpdateLocationRequest(back), {
    sessionId: 'mme.epc.example;1;42',
    imsi: '001010000005001',
    visitedPlmn: { mcc: '001', mnc: '02' },
    ulrFlags: 0x22,
  });
});

test('ULA with Subscription-Data round-trips through nested grouped AVPs', (t) => {
  const subscription = {
    msisdn: '8190000001',
    defaultContextId: 1,
    apns: [
      { contextId: 1, apn: 'internet', pdnType: 'ipv4v6' as const },
      { contextId: 2, apn: 'ims', pdnType: 'ipv6' as const },
      { contextId: 3, apn: 'm2m', pdnType: 'ipv4-or-ipv6' as const },
    ],
  };
  const ula = updateLocationAnswer(
    ulr,
    { originHost: 'hss.epc.example', originRealm: 'epc.example' },
    { kind: 'success', subscription },
  );
  const back = decodeDiameter(encodeDiameter(ula));
  t.deepEqual(back, ula);
  t.deepEqual(resultOf(back.avps), { kind: 'result-code', code: 2001 });
  t.deepEqual(readSubscription(back.avps), subscription);
});

test('ULA with Experimental-Result 5004 names vendor 10415 and carries no subscription', (t) => {
  const back = decodeDiameter(
    encodeDiameter(
      updateLocationAnswer(
        ulr,
        { originHost: 'hss', originRealm: 'epc.example' },
        { kind: 'experimental', code: 5004 },
      ),
    ),
  );
  t.deepEqual(resultOf(back.avps), { kind: 'experimental', vendorId: 10415, code: 5004 });
  t.is(readSubscription(back.avps), undefined);
});

test('an unknown PDN-Type value reads back as such, not as a valid type', (t) => {
  const ula = updateLocationAnswer(
    ulr,
    { originHost: 'hss', originRealm: 'e' },
    { kind: 'success', subscription: { apns: [{ contextId: 1, apn: 'x', pdnType: 'unknown 7' }] } },
  );
  t.is(readSubscription(decodeDiameter(encodeDiameter(ula)).avps)?.apns[0].pdnType, 'unknown 7');
});

test('unknown AVPs are kept as octets and re-encoded byte-exact', (t) => {
  const b = encodeDiameter(
    capabilitiesExchange(
      { originHost: 'a', originRealm: 'b', hostIpAddresses: ['2001:db8::1', '192.0.2.1'], productName: 'p' },
      ids,
    ),
  );
  const extra = Buffer.from([
    0x00, 0x00, 0x27, 0x0f, 0x80, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x09, 0xab, 0xcd, 0x00, 0x00,
  ]);
  const withUnknown = Buffer.concat([b, extra]);
  withUnknown.writeUIntBE(withUnknown.length, 1, 3);
  const m = decodeDiameter(withUnknown);
  const u = m.avps.at(-1)!;
  t.is(u.name, 'AVP 9999/9');
  t.deepEqual(encodeDiameter(m), withUnknown);
  t.deepEqual(
    m.avps.filter((a) => a.name === 'Host-IP-Address').map((a) => a.value),
    ['2001:db8::1', '192.0.2.1'],
  );
});

test('truncated or inconsistent input fails with a DecodeError naming diameter', (t) => {
  const b = encodeDiameter(ulr);
  for (const cut of [0, 3, 19, 24, b.length - 4]) {
    const e = t.throws(() => decodeDiameter(b.subarray(0, cut)), { instanceOf: DecodeError });
    t.is(e?.protocol, 'diameter');
  }
  const bad = Buffer.from(b);
  bad.writeUIntBE(4, 25, 3); // first AVP's length below its header
  t.throws(() => decodeDiameter(bad), { instanceOf: DecodeError, message: /shorter than its header/ });
});

test('the deframer cuts messages out of a TCP stream however it arrives', (t) => {
  const a = encodeDiameter(ulr);
  const b = encodeDiameter(
    capabilitiesExchange({ originHost: 'a', originRealm: 'b', hostIpAddresses: ['::1'], productName: 'p' }, ids),
  );
  const stream = Buffer.concat([a, b, a]);
  const d = new DiameterDeframer();
  const got: Buffer[] = [];
  for (let o = 0; o < stream.length; o += 7) got.push(...d.push(stream.subarray(o, o + 7)));
  t.deepEqual(got, [a, b, a]);
  t.throws(() => new DiameterDeframer().push(Buffer.from([2, 0, 0, 20])), { instanceOf: DecodeError });
});

test('100,000 mutated Diameter messages either decode or throw DecodeError, and what decodes re-encodes to the same value', (t) => {
  const hss = { originHost: 'hss', originRealm: 'epc.example' };
  const seeds = [
    ulr,
    capabilitiesExchange(
      {
        originHost: 'a',
        originRealm: 'b',
        hostIpAddresses: ['2001:db8::1', '192.0.2.1'],
        productName: 'p',
        originStateId: 3,
      },
      ids,
      2001,
    ),
    updateLocationAnswer(ulr, hss, {
      kind: 'success',
      subscription: {
        msisdn: '8190000001',
        apns: [
          { contextId: 1, apn: 'internet', pdnType: 'ipv4v6' },
          { contextId: 2, apn: 'ims', pdnType: 'ipv6' },
        ],
      },
    }),
    updateLocationAnswer(ulr, hss, { kind: 'experimental', code: 5004 }),
  ].map(encodeDiameter);
  const r = fuzz(seeds, decodeDiameter, 100_000, 0x3868);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 5_000, JSON.stringify({ ...r, failures: undefined }));
  const rnd = mulberry32(0x6733);
  const differ: string[] = [];
  for (let i = 0; i < 20_000 && differ.length < 5; i++) {
    const input = mutate(seeds[i % seeds.length], rnd);
    let m: DiameterMessage;
    try {
      m = decodeDiameter(input);
    } catch {
      continue;
    }
    try {
      if (!isDeepStrictEqual(decodeDiameter(encodeDiameter(m)), m)) differ.push(input.toString('hex'));
    } catch (e) {
      differ.push(`${e instanceof Error ? e.message : String(e)}: ${input.toString('hex')}`);
    }
  }
  t.deepEqual(differ, []);
});
