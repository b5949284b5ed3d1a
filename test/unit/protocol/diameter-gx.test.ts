import test from 'ava';
import {
  creditControlAnswer,
  creditControlRequest,
  decodeDiameter,
  encodeDiameter,
  framedIpv6Prefix,
  readCreditControlAnswer,
  readCreditControlRequest,
  readFramedIpv6Prefix,
  readUserLocationInfo,
} from '../../../harness/protocol/diameter/index.ts';

/** Gx (TS 29.212): CCR and CCA round-trip byte-exact, and their fields read back as the PCRF and PCEF see them. */
const ids = { hopByHop: 7, endToEnd: 0x700 };
const ccr = creditControlRequest(
  {
    sessionId: 'smf.test;1;1',
    originHost: 'smf.test',
    originRealm: 'test',
    destinationRealm: 'test',
    requestType: 'initial',
    requestNumber: 0,
    imsi: '001010000000001',
    framedIpv6Prefix: { prefix: '2001:db8:100:5::', length: 64 },
    ipCanType: '3gpp-eps',
    ratType: 'eutran-nb-iot',
    calledStationId: 'internet',
    userLocation: Buffer.from('8200f110000100f11000000101', 'hex'),
  },
  ids,
);

test('CCR-I round-trips byte-exact and reads back (RAT-Type, IP-CAN-Type, prefix, location)', (t) => {
  const bytes = encodeDiameter(ccr);
  const back = decodeDiameter(bytes);
  t.deepEqual(encodeDiameter(back), bytes);
  t.like(readCreditControlRequest(back), {
    sessionId: 'smf.test;1;1',
    requestType: 'initial',
    requestNumber: 0,
    imsi: '001010000000001',
    framedIpv6Prefix: { prefix: '2001:db8:100:5::', length: 64 },
    ipCanType: '3gpp-eps',
    ratType: 'eutran-nb-iot',
    calledStationId: 'internet',
    userLocation: { type: 130, tai: { mcc: '001', mnc: '01', tac: 1 }, ecgi: { mcc: '001', mnc: '01', eci: 0x101 } },
  });
});

test('CCA with policy round-trips byte-exact; its Experimental-Result form reads back', (t) => {
  const arp = { priorityLevel: 2, preemptionCapability: true, preemptionVulnerability: false };
  for (const outcome of [
    { kind: 'success', policy: { defaultBearerQos: { qci: 5, arp }, apnAmbr: { uplink: 1, downlink: 2 } } },
    { kind: 'experimental', code: 5140 },
  ] as const) {
    const bytes = encodeDiameter(creditControlAnswer(ccr, { originHost: 'pcrf.test', originRealm: 'test' }, outcome));
    t.deepEqual(encodeDiameter(decodeDiameter(bytes)), bytes);
  }
  const a = decodeDiameter(
    encodeDiameter(
      creditControlAnswer(ccr, { originHost: 'pcrf.test', originRealm: 'test' }, { kind: 'experimental', code: 5140 }),
    ),
  );
  t.like(readCreditControlAnswer(a), { resultCode: undefined, experimentalResultCode: 5140, qci: undefined });
});

test('Framed-IPv6-Prefix (RFC 3162 §2.3): as many prefix octets as the length needs; inconsistent ones read as nothing', (t) => {
  t.is(framedIpv6Prefix('2001:db8:100::', 56).toString('hex'), '003820010db8010000');
  t.deepEqual(readFramedIpv6Prefix(Buffer.from('003820010db8010000', 'hex')), { prefix: '2001:db8:100::', length: 56 });
  t.is(readFramedIpv6Prefix(Buffer.from('004020010db8', 'hex')), undefined, '/64 in 4 octets');
  t.is(readFramedIpv6Prefix(Buffer.from('0081', 'hex')), undefined, 'length 129');
  t.is(readFramedIpv6Prefix(Buffer.from('00', 'hex')), undefined);
});

test('3GPP-User-Location-Info (TS 29.061 §16.4.7.2): a truncated location keeps its octets and no half-read parts', (t) => {
  const short = readUserLocationInfo(Buffer.from('8200f110', 'hex'));
  t.like(short, { type: 130, tai: undefined, ecgi: undefined });
  t.is(readUserLocationInfo(Buffer.alloc(0)), undefined);
  t.like(readUserLocationInfo(Buffer.from('8000f1100007', 'hex')), { type: 128, tai: { tac: 7 } });
});
