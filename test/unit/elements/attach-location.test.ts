import test from 'ava';
import { MmeS11Driver } from '../../../harness/drivers/mme/index.ts';
import { SgwS5Driver } from '../../../harness/drivers/sgw/index.ts';
import { Pgw, type PgwFault } from '../../../harness/elements/pgw/index.ts';
import { Sgw, type SgwFault } from '../../../harness/elements/sgw/index.ts';
import { apnPolicySchema } from '../../../harness/lab/target.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';
import { findIe, type Gtpv2cMessage } from '../../../harness/protocol/gtpv2c/index.ts';

/**
 * TS 29.274 Table 7.2.1-1 for an E-UTRAN initial attach: User Location Information and Serving
 * Network are conditional-mandatory on S11, Serving Network on S5/S8 too. Our drivers send both
 * (from the attach's cell); our PGW and SGW stand-ins refuse a request without them with cause
 * 103 Conditional IE missing naming the IE, as open5gs does — unless told to be lenient.
 */
const APNS = { internet: apnPolicySchema.parse({ pdnTypes: 'ipv6' }) };

async function withPgw(faults: PgwFault[], fn: (pgw: Pgw) => Promise<void>): Promise<void> {
  const pgw = new Pgw({ address: '::1', restartCounter: 1, faults, apns: APNS, port: 0, userPlanePort: 0 });
  await pgw.start();
  try {
    await fn(pgw);
  } finally {
    await pgw.stop();
  }
}

async function s5Create(pgw: Pgw, location?: false): Promise<Gtpv2cMessage> {
  const sgw = new SgwS5Driver({ pgw: pgw.endpoint, recorder: noRecorder });
  await sgw.open();
  try {
    const { outcome } = await sgw.createSession({
      imsi: '001010000000001',
      apn: 'internet',
      pdnType: 'ipv6',
      daf: false,
      ...(location === false ? { location } : {}),
    });
    if (outcome.kind !== 'response') throw new Error(`no response: ${outcome.kind}`);
    return outcome.message;
  } finally {
    await sgw.close();
  }
}

const causeOf = (m: Gtpv2cMessage) => {
  const c = findIe(m, 'cause');
  return { value: c?.value, offending: c?.offendingIe?.type };
};

test('S5/S8: the SGW driver sends ULI and Serving Network; a PGW stand-in refuses a request without Serving Network (103, IE 83)', async (t) => {
  await withPgw([], async (pgw) => {
    t.deepEqual(causeOf(await s5Create(pgw)), { value: 16, offending: undefined });
    t.deepEqual(causeOf(await s5Create(pgw, false)), { value: 103, offending: 83 });
  });
  await withPgw(['accept-without-serving-network'], async (pgw) => {
    t.is(causeOf(await s5Create(pgw, false)).value, 16, 'the leniency fault accepts it');
  });
});

async function s11Create(faults: SgwFault[], location?: false): Promise<Gtpv2cMessage> {
  const pgw = new Pgw({ address: '::1', restartCounter: 1, faults: [], apns: APNS, port: 0, userPlanePort: 0 });
  await pgw.start();
  const sgw = new Sgw({
    addresses: { s11: '::1', s1u: '::1', s5: '::1' },
    port: 0,
    userPlanePort: 0,
    restartCounter: 1,
    faults,
    pgwPorts: () => ({ control: pgw.endpoint.port, userPlane: pgw.userPlane.endpoint.port }),
  });
  await sgw.start();
  const mme = new MmeS11Driver({ sgw: sgw.endpoint, recorder: noRecorder });
  await mme.open();
  try {
    const { outcome } = await mme.createSession({
      imsi: '001010000000002',
      apn: 'internet',
      pdnType: 'ipv6',
      daf: false,
      pgwAddress: '::1',
      ...(location === false ? { location } : {}),
    });
    if (outcome.kind !== 'response') throw new Error(`no response: ${outcome.kind}`);
    return outcome.message;
  } finally {
    await mme.close();
    await sgw.stop();
    await pgw.stop();
  }
}

test('S11: the MME driver sends ULI and Serving Network; the SGW stand-in refuses an initial attach without ULI (103, IE 86)', async (t) => {
  t.deepEqual(causeOf(await s11Create([])), { value: 16, offending: undefined });
  t.deepEqual(causeOf(await s11Create([], false)), { value: 103, offending: 86 });
  // Lenient, the SGW relays it; the PGW behind it then refuses the missing Serving Network.
  t.deepEqual(causeOf(await s11Create(['accept-without-location'], false)), { value: 103, offending: 83 });
});
