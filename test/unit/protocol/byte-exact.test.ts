import test from 'ava';
import * as diameter from '../../../harness/protocol/diameter/index.ts';
import * as gtpv2c from '../../../harness/protocol/gtpv2c/index.ts';
import * as pfcp from '../../../harness/protocol/pfcp/index.ts';
import { fuzz } from '../../helpers/fuzz.ts';
import { GTPV2C_SAMPLES } from '../../helpers/gtpv2c-samples.ts';
import { PFCP_SAMPLES } from '../../helpers/pfcp-samples.ts';

/**
 * decode → encode is the identity (issue 17 item 9): spare and reserved bits, padding, octets
 * past known fields and values that are not what the spec says are kept on decode and written
 * back, for every fixture and for every mutation of them that decodes.
 */
const ids = { hopByHop: 0x11223344, endToEnd: 0x55667788 };
const ulr = diameter.updateLocationRequest(
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
const DIAMETER_SAMPLES = [
  ulr,
  diameter.capabilitiesExchange(
    { originHost: 'a', originRealm: 'b', hostIpAddresses: ['2001:db8::1', '192.0.2.1'], productName: 'p' },
    ids,
  ),
  diameter.updateLocationAnswer(
    ulr,
    { originHost: 'hss.epc.example', originRealm: 'epc.example' },
    {
      kind: 'success',
      subscription: {
        msisdn: '8190000001',
        defaultContextId: 1,
        apns: [{ contextId: 1, apn: 'internet', pdnType: 'ipv4v6' }],
      },
    },
  ),
];

const identity = (decode: (b: Buffer) => unknown, encode: (m: never) => Buffer) => (b: Buffer) => {
  const again = encode(decode(b) as never);
  if (!again.equals(b)) throw new Error(`re-encoded as ${again.toString('hex')}`);
};
const diameterIdentity = (b: Buffer) => {
  const m = diameter.decodeDiameter(b);
  // The Message Length frames the message; octets after it belong to the next one.
  const framed = b.subarray(0, b.readUIntBE(1, 3));
  const again = diameter.encodeDiameter(m);
  if (!again.equals(framed)) throw new Error(`re-encoded as ${again.toString('hex')}`);
};

const CODECS = [
  { name: 'GTPv2-C', seeds: () => GTPV2C_SAMPLES.map(gtpv2c.encode), check: identity(gtpv2c.decode, gtpv2c.encode) },
  { name: 'PFCP', seeds: () => PFCP_SAMPLES.map((m) => pfcp.encode(m)), check: identity(pfcp.decode, pfcp.encode) },
  { name: 'Diameter', seeds: () => DIAMETER_SAMPLES.map(diameter.encodeDiameter), check: diameterIdentity },
];

for (const c of CODECS) {
  test(`${c.name}: every fixture re-encodes byte-exact`, (t) => {
    for (const b of c.seeds()) t.notThrows(() => c.check(b), b.toString('hex'));
  });

  test(`${c.name}: 100,000 mutated fixtures either throw DecodeError or decode and re-encode byte-exact`, (t) => {
    const r = fuzz(c.seeds(), c.check, 100_000, 17);
    t.deepEqual(r.failures, []);
    t.true(r.decoded > 5_000, JSON.stringify({ ...r, failures: undefined }));
  });
}

test('GTPv2-C Selection Mode 0xfc | mode as open5gs sends it is kept (TS 29.274 §8.58: bits 8-3 spare)', (t) => {
  const m = structuredClone(GTPV2C_SAMPLES[3]);
  const at = m.ies.findIndex((ie) => ie.ie === 'selection-mode');
  m.ies[at] = { ie: 'selection-mode', instance: 0, mode: 0, spare: 0xfc };
  const b = gtpv2c.encode(m);
  const back = gtpv2c.decode(b);
  t.deepEqual(back.ies[at], { ie: 'selection-mode', instance: 0, mode: 0, spare: 0xfc });
  const raw = Buffer.from(b);
  t.true(raw.includes(Buffer.from('80000100fc', 'hex')));
  t.deepEqual(gtpv2c.encode(back), raw);
});

test('GTPv2-C spare bits of the header, the IE header and Cause/EBI/PDN type/PAA/Bearer QoS/PCO are kept', (t) => {
  const m: gtpv2c.Gtpv2cMessage = {
    type: 'create-session-response',
    teid: 1,
    sequence: 7,
    spare: 0x3ff,
    ies: [
      { ie: 'cause', instance: 0, value: 16, pce: false, bce: false, cs: true, spare: 0xf8, headerSpare: 0x80 },
      { ie: 'ebi', instance: 0, ebi: 5, spare: 0xf0 },
      { ie: 'pdn-type', instance: 0, pdnType: 2, spare: 0xf8 },
      { ie: 'paa', instance: 0, pdnType: 2, prefixLength: 64, ipv6: '2001:db8::', spare: 0x08 },
      {
        ie: 'bearer-qos',
        instance: 0,
        pci: true,
        priorityLevel: 9,
        pvi: false,
        qci: 9,
        mbrUplink: 0,
        mbrDownlink: 0,
        gbrUplink: 0,
        gbrDownlink: 0,
        spare: 0x82,
      },
      { ie: 'pco', instance: 0, configurationProtocol: 0, containers: [], spare: 0x78 },
      { ie: 'imsi', instance: 0, digits: '00101', padding: 2 },
    ],
  };
  const b = gtpv2c.encode(m);
  t.is(b[0] & 0x03, 0x03);
  t.deepEqual(gtpv2c.decode(b), m);
});

test('PFCP UE IP Address spare bit 8 and the spare bits of header, F-TEID, F-SEID, Node ID, interfaces are kept', (t) => {
  const m: pfcp.PfcpMessage = {
    type: 'session-establishment-request',
    seid: 0n,
    sequence: 1,
    spare: 0x3ff,
    ies: [
      { ie: 'node-id', ipv6: '2001:db8::1', spare: 0x50 },
      { ie: 'f-seid', seid: 1n, ipv6: '2001:db8::1', spare: 0x04 },
      { ie: 'ue-ip-address', sourceOrDestination: 'source', ipv6: '2001:db8:1::', spare: 0x80 },
      { ie: 'f-teid', teid: 1, ipv6: '2001:db8::2', spare: 0x08 },
      { ie: 'source-interface', value: 0, spare: 0xf0 },
      { ie: 'measurement-method', durat: false, volum: true, event: false, spare: 0x08 },
      { ie: 'volume-threshold', total: 1n, spare: 0x08 },
    ],
  };
  const b = pfcp.encode(m);
  t.is(b[0] & 0x18, 0x18);
  t.deepEqual(pfcp.decode(b), m);
});

test('Diameter reserved flags, non-zero padding and non-UTF-8 text are kept (RFC 6733 §3, §4.1, §4.3.1)', (t) => {
  const b = Buffer.from(diameter.encodeDiameter(ulr));
  b[4] |= 0x0f;
  b[20 + 4] |= 0x1f; // the first AVP (Session-Id, UTF8String)
  b[20 + 8] = 0xff; // an invalid UTF-8 octet in it
  const m = diameter.decodeDiameter(b);
  t.is(m.reservedFlags, 0x0f);
  t.like(m.avps[0], { type: 'octets', reservedFlags: 0x1f });
  t.deepEqual(diameter.encodeDiameter(m), b);
});
