import { connect } from 'node:net';
import test from 'ava';
import { GxClient } from '../../../harness/drivers/pgw-c/index.ts';
import { describeDiameterOutcome, type DiameterOutcome } from '../../../harness/drivers/common/diameter-client.ts';
import { Pcrf, type PcrfFault } from '../../../harness/elements/pcrf/index.ts';
import type { GxPolicyDeclaration } from '../../../harness/lab/target.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';
import {
  APPLICATION,
  DiameterDeframer,
  capabilitiesExchange,
  decodeDiameter,
  deviceWatchdog,
  encodeDiameter,
  findAvp,
  readCreditControlAnswer,
  type DiameterMessage,
} from '../../../harness/protocol/diameter/index.ts';

/**
 * The PCRF stand-in (Gx, TS 29.212) against our PCEF client: the IP-CAN session's CCR-I is answered
 * by the declared policy (default bearer QoS, APN-AMBR, PCC rules, or the APN's declared rejection),
 * what the PCEF sent is recorded (UE prefix and address, RAT and IP-CAN type, APN, location), CCR-U
 * and CCR-T follow; each fault breaks exactly what it names.
 */
const POLICY: GxPolicyDeclaration = {
  default: { qci: 8, arp: { priorityLevel: 9, preemptionCapability: false, preemptionVulnerability: true } },
  apns: {
    internet: {
      qci: 9,
      apnAmbr: { uplink: 50_000_000, downlink: 100_000_000 },
      chargingRules: [{ name: 'web', precedence: 100, flows: ['permit out ip from any to assigned'] }],
    },
    barred: { resultCode: 5003 },
    nobearer: { experimentalResultCode: 5143 },
  },
};

// TS 29.061 §16.4.7.2 type 130 (TAI and ECGI): PLMN 001-01, TAC 1, ECI 0x101.
const ULI = Buffer.from('8200f1100001' + '00f11000000101', 'hex');

async function withPcrf(faults: PcrfFault[], fn: (p: Pcrf, gx: GxClient) => Promise<void>): Promise<void> {
  const errors: unknown[] = [];
  const pcrf = new Pcrf({ address: '::1', policy: POLICY, faults, onError: (e) => errors.push(e) });
  await pcrf.start();
  const gx = new GxClient({ pcrf: pcrf.endpoint, recorder: noRecorder, answerTimeoutMs: 500 });
  try {
    await fn(pcrf, gx);
  } finally {
    await gx.close();
    await pcrf.stop();
  }
  if (errors.length) throw new Error(`the PCRF reported: ${errors.map(String).join('; ')}`);
}

const answered = (o: DiameterOutcome) => (o.kind === 'answer' ? o.message : undefined);

test('CCR-I for an IPv4v6 session: CCA 2001 with the APN’s QoS, APN-AMBR and PCC rule; the PCEF’s facts are recorded; CCR-U and CCR-T follow', async (t) => {
  await withPcrf([], async (pcrf, gx) => {
    const cea = await gx.open();
    t.true(
      cea.kind === 'answer' && cea.result.kind === 'result-code' && cea.result.code === 2001,
      describeDiameterOutcome(cea),
    );
    const { sessionId, outcome } = await gx.initial({
      imsi: '001010000000001',
      msisdn: '8190000001',
      framedIpAddress: '203.0.113.130',
      framedIpv6Prefix: { prefix: '2001:db8:100:5::', length: 64 },
      ipCanType: '3gpp-eps',
      ratType: 'eutran',
      calledStationId: 'internet',
      userLocation: ULI,
    });
    const cca = answered(outcome);
    t.truthy(cca, describeDiameterOutcome(outcome));
    t.deepEqual(readCreditControlAnswer(cca!), {
      resultCode: 2001,
      experimentalResultCode: undefined,
      qci: 9,
      arpPriorityLevel: 9,
      apnAmbr: { uplink: 50_000_000, downlink: 100_000_000 },
      ruleNames: ['web'],
    });
    t.is(cca!.applicationId, APPLICATION.GX);
    t.like(findAvp(cca!.avps, 'CC-Request-Type'), { value: 1 });
    const [r] = pcrf.records;
    t.like(r.ccr, {
      sessionId,
      requestType: 'initial',
      requestNumber: 0,
      imsi: '001010000000001',
      msisdn: '8190000001',
      framedIpAddress: '203.0.113.130',
      framedIpv6Prefix: { prefix: '2001:db8:100:5::', length: 64 },
      ipCanType: '3gpp-eps',
      ratType: 'eutran',
      calledStationId: 'internet',
    });
    t.deepEqual(r.ccr.userLocation, {
      type: 130,
      hex: ULI.toString('hex'),
      tai: { mcc: '001', mnc: '01', tac: 1 },
      ecgi: { mcc: '001', mnc: '01', eci: 0x101 },
    });
    t.like(r.answer, { kind: 'success', qci: 9 });
    const u = answered(await gx.update(sessionId));
    t.is(u && readCreditControlAnswer(u).resultCode, 2001);
    const term = answered(await gx.terminate(sessionId));
    t.is(term && readCreditControlAnswer(term).resultCode, 2001);
    t.deepEqual(
      pcrf.records.map((x) => [x.ccr.requestType, x.ccr.requestNumber]),
      [
        ['initial', 0],
        ['update', 1],
        ['termination', 2],
      ],
    );
    // RFC 6733 §7.1.5: a session the PCRF no longer holds.
    const late = answered(await gx.update(sessionId));
    t.is(late && readCreditControlAnswer(late).resultCode, 5002);
  });
});

test('the declared policy: the default for an APN without its own entry, a Result-Code or an Experimental-Result for the barred ones', async (t) => {
  await withPcrf([], async (_pcrf, gx) => {
    await gx.open();
    const other = answered((await gx.initial({ imsi: '001010000000002', calledStationId: 'ims' })).outcome);
    t.like(readCreditControlAnswer(other!), { resultCode: 2001, qci: 8, arpPriorityLevel: 9, ruleNames: [] });
    const barred = answered((await gx.initial({ calledStationId: 'barred' })).outcome);
    t.like(readCreditControlAnswer(barred!), { resultCode: 5003, qci: undefined });
    const nobearer = answered((await gx.initial({ calledStationId: 'nobearer' })).outcome);
    t.like(readCreditControlAnswer(nobearer!), { resultCode: undefined, experimentalResultCode: 5143 });
  });
});

test('faults: silent never answers a CCR, cca-without-result-code leaves the result out, no-default-bearer-qos leaves the QoS out', async (t) => {
  await withPcrf(['silent'], async (_p, gx) => {
    t.is((await gx.open()).kind, 'answer');
    t.like((await gx.initial({ calledStationId: 'internet' })).outcome, { kind: 'timeout' });
  });
  await withPcrf(['cca-without-result-code'], async (_p, gx) => {
    await gx.open();
    const o = (await gx.initial({ calledStationId: 'internet' })).outcome;
    t.true(o.kind === 'answer' && o.result.kind === 'none', describeDiameterOutcome(o));
  });
  await withPcrf(['no-default-bearer-qos'], async (_p, gx) => {
    await gx.open();
    const cca = answered((await gx.initial({ calledStationId: 'internet' })).outcome);
    t.like(readCreditControlAnswer(cca!), { resultCode: 2001, qci: undefined });
  });
});

/** A raw Diameter peer: sends `messages` in order, returns what came back. */
async function rawPeer(port: number, messages: DiameterMessage[], waitMs = 400): Promise<DiameterMessage[]> {
  const socket = connect({ host: '::1', port });
  await new Promise((r) => socket.once('connect', r));
  const got: DiameterMessage[] = [];
  const d = new DiameterDeframer();
  socket.on('data', (c) => got.push(...d.push(c).map((m) => decodeDiameter(m))));
  for (const m of messages) socket.write(encodeDiameter(m));
  await new Promise((r) => setTimeout(r, waitMs));
  socket.destroy();
  return got;
}

const peer = {
  originHost: 'pcef.test',
  originRealm: 'test',
  hostIpAddresses: ['::1'],
  productName: 'raw',
};

test('capabilities: a CER without Gx is refused with 5010 (RFC 6733 §5.3); cea-without-origin-host and ignore-watchdog break what they name', async (t) => {
  await withPcrf([], async (pcrf) => {
    const [cea] = await rawPeer(pcrf.endpoint.port, [
      capabilitiesExchange(peer, { hopByHop: 1, endToEnd: 1 }, undefined, [APPLICATION.S6A]),
    ]);
    t.like(findAvp(cea.avps, 'Result-Code'), { value: 5010 });
    const ok = await rawPeer(pcrf.endpoint.port, [
      capabilitiesExchange(peer, { hopByHop: 1, endToEnd: 1 }, undefined, [APPLICATION.GX]),
      deviceWatchdog(peer, { hopByHop: 2, endToEnd: 2 }),
    ]);
    t.deepEqual(
      ok.map((m) => [m.commandCode, findAvp(m.avps, 'Result-Code')?.value]),
      [
        [257, 2001],
        [280, 2001],
      ],
    );
  });
  await withPcrf(['cea-without-origin-host', 'ignore-watchdog'], async (pcrf) => {
    const got = await rawPeer(pcrf.endpoint.port, [
      capabilitiesExchange(peer, { hopByHop: 1, endToEnd: 1 }, undefined, [APPLICATION.GX]),
      deviceWatchdog(peer, { hopByHop: 2, endToEnd: 2 }),
    ]);
    t.is(got.length, 1, 'the DWR is never answered');
    t.is(findAvp(got[0].avps, 'Origin-Host'), undefined);
  });
});
