import { createSocket } from 'node:dgram';
import test from 'ava';
import { SgwS5Driver } from '../../../harness/drivers/sgw/index.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';
import { decode, findIe, type Gtpv2cMessage } from '../../../harness/protocol/gtpv2c/index.ts';
import { carriesFamily, fteidFamilies } from '../../../scenarios/ran/fteid-family.ts';
import { hexFixture } from '../../helpers/hex-fixture.ts';

/**
 * GTPv2-C as open5gs v2.8.0 speaks it (test/fixtures/captures/open5gs/*.hex, recorded from our lab).
 */
const [, s11Response] = hexFixture('open5gs/s11-create-session.hex');
const [s5Request] = hexFixture('open5gs/s5-sxb-create.hex');

test('open5gs SGW-C announces its S11 F-TEID with IPv4 and IPv6: it carries an address of either declared transport', (t) => {
  const res = decode(s11Response);
  t.is(res.type, 'create-session-response');
  const s11 = findIe(res, 'f-teid', 0);
  const s1u = findIe(findIe(res, 'bearer-context')!, 'f-teid', 0);
  t.is(fteidFamilies(s11), 'ipv4+ipv6');
  // The declaration says which family we use; the other may be there too (TS 29.274 §8.22). The
  // check used to demand the declared family alone and failed this as "expected ipv4, observed ipv4+ipv6".
  for (const declared of ['ipv4', 'ipv6'] as const) t.true(carriesFamily(s11, declared));
  // Its S1-U F-TEID (chosen by the SGW-U over PFCP) is IPv6 only: it carries IPv6, not IPv4.
  t.is(fteidFamilies(s1u), 'ipv6');
  t.true(carriesFamily(s1u, 'ipv6'));
  t.false(carriesFamily(s1u, 'ipv4'));
  t.is(fteidFamilies(undefined), 'none');
});

/** What our SGW driver sends in a Create Session Request, caught by a socket playing the PGW. */
async function ourCreateSession(): Promise<Gtpv2cMessage> {
  const pgw = createSocket({ type: 'udp6', ipv6Only: true });
  await new Promise<void>((r) => pgw.bind(0, '::1', r));
  const got = new Promise<Buffer>((r) => pgw.once('message', (m) => r(m)));
  const sgw = new SgwS5Driver({
    pgw: { address: '::1', port: pgw.address().port },
    recorder: noRecorder,
    timers: { t3ResponseMs: 200, n3Requests: 0 },
  });
  await sgw.open();
  try {
    void sgw.createSession({ imsi: '001010000000001', apn: 'internet', pdnType: 'ipv6', daf: true });
    return decode(await got);
  } finally {
    await sgw.close();
    pgw.close();
  }
}

test('our SGW driver sends every IE of Table 7.2.1-1 for an E-UTRAN initial attach that open5gs’s own SGW-C relays on S5/S8 (ULI and Serving Network included)', async (t) => {
  const theirs = decode(s5Request);
  t.is(theirs.type, 'create-session-request');
  const ours = await ourCreateSession();
  // Conditional-mandatory or mandatory for an E-UTRAN initial attach on S5/S8 (TS 29.274 Table 7.2.1-1).
  const required = ['imsi', 'uli', 'serving-network', 'rat-type', 'f-teid', 'apn', 'pdn-type', 'paa', 'bearer-context'];
  for (const ie of required) {
    t.truthy(findIe(theirs, ie as 'imsi'), `open5gs sends ${ie}`);
    t.truthy(findIe(ours, ie as 'imsi'), `we send ${ie}`);
  }
  // The same kind of location: TAI and ECGI (§8.21.4-5), a PLMN for Serving Network (§8.18).
  const [tu, ou] = [findIe(theirs, 'uli'), findIe(ours, 'uli')];
  t.deepEqual([Boolean(tu?.tai), Boolean(tu?.ecgi)], [true, true]);
  t.deepEqual([Boolean(ou?.tai), Boolean(ou?.ecgi)], [true, true]);
  t.like(findIe(ours, 'serving-network'), { mcc: '001', mnc: '01' });
});
