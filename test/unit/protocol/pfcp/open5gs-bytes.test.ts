import test from 'ava';
import { applyAction, decode, encode, findIes, type PfcpIe } from '../../../../harness/protocol/pfcp/index.ts';
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
