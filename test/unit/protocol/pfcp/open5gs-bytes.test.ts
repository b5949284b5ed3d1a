import test from 'ava';
import { applyAction, decode, encode, findIe, findIes, type PfcpIe } from '../../../../harness/protocol/pfcp/index.ts';
import { hexFixture } from '../../../helpers/hex-fixture.ts';

/**
 * PFCP as open5gs v2.8.0 speaks it (test/fixtures/captures/open5gs/s5-sxb-create.hex, recorded from
 * our lab): the SMF's Session Establishment Request carries Apply Action in two octets (TS 29.244
 * §8.2.26 since Rel-16), which our encoder now writes too (its UPF refused our one-octet form:
 * "Invalid TLV length 1. It should be 2"); we decode it and the UPF's answer, and re-encode both
 * byte-exact.
 */
const [, request, response] = hexFixture('open5gs/s5-sxb-create.hex');

function applyActions(ies: readonly PfcpIe[]): PfcpIe[] {
  const out: PfcpIe[] = [];
  for (const ie of ies) {
    if (ie.ie === 'apply-action') out.push(ie);
    if ('ies' in ie && Array.isArray(ie.ies)) out.push(...applyActions(ie.ies as PfcpIe[]));
  }
  return out;
}

test('open5gs SMF → UPF Session Establishment: every Apply Action is two octets, and FORW is what applyAction("forw") writes', (t) => {
  const m = decode(request);
  t.is(m.type, 'session-establishment-request');
  const actions = applyActions(m.ies);
  t.true(actions.length >= 2, `${actions.length} Apply Action IEs`);
  for (const a of actions) t.is(a.ie === 'apply-action' ? a.flags.length : 0, 2);
  const forw = actions.find((a) => a.ie === 'apply-action' && a.flags[0] === 0x02);
  t.truthy(forw, 'a FAR that forwards');
  t.deepEqual(applyAction('forw').flags, forw?.ie === 'apply-action' ? forw.flags : undefined);
  t.true(findIes(m, 'create-far').length >= 2);
});

test('open5gs messages re-encode byte-exact (decode → encode is the identity)', (t) => {
  for (const bytes of [request, response]) t.deepEqual(encode(decode(bytes)), bytes);
  t.is(decode(response).type, 'session-establishment-response');
});

/**
 * The open5gs UPF toward our PGW-C driver (test/fixtures/captures/open5gs/upf-sxb.hex): its
 * Association Setup Response, its answer to our session with the RS/RA path over Sxb-u (a Created
 * PDR per CHOOSE ID), and the Session Report Request that followed the UE's uplink echo: Report Type
 * DLDR (§8.2.21) on PDR 1, our uplink PDR, the evidence that the UPF buffered an uplink G-PDU whose
 * FAR toward Core carries no Destination Interface Type N6 (reports/expected/open5gs.yaml).
 */
test('open5gs UPF toward our PGW-C: every message re-encodes byte-exact; the uplink echo came back as a downlink data report on PDR 1', (t) => {
  const msgs = hexFixture('open5gs/upf-sxb.hex');
  t.deepEqual(
    msgs.map((b) => decode(b).type),
    // Session Report Request (56, §7.5.8) has no row of ours: kept as an unknown message with its IEs.
    ['association-setup-response', 'session-establishment-response', 'unknown'],
  );
  t.is(msgs[2][1], 56);
  for (const bytes of msgs) t.deepEqual(encode(decode(bytes)), bytes);
  // A Created PDR per PDR that asked for CH; the same CHOOSE ID (1: uplink and RS) gets the same F-TEID (§5.5.3).
  const teids = new Map(
    findIes(decode(msgs[1]), 'created-pdr').map((c) => [findIe(c, 'pdr-id')?.ruleId, findIe(c, 'f-teid')?.teid]),
  );
  t.deepEqual([...teids.keys()], [1, 3, 4]);
  t.is(teids.get(1), teids.get(3));
  t.not(teids.get(1), teids.get(4));
  const report = decode(msgs[2]);
  const reportType = report.ies.find((ie) => ie.ie === 'unknown' && ie.type === 39);
  t.is(reportType?.ie === 'unknown' ? reportType.data[0] & 0x01 : 0, 1, 'Report Type DLDR');
  const dldr = report.ies.find((ie) => ie.ie === 'unknown' && ie.type === 83);
  t.deepEqual(dldr?.ie === 'unknown' ? [...dldr.data] : [], [0x00, 0x38, 0x00, 0x02, 0x00, 0x01]);
});
