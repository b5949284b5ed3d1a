import test from 'ava';
import fc from 'fast-check';
import { createSocket } from 'node:dgram';
import { SgwS5Driver, deleteSessionRequest, type CreateSessionParams } from '../../../harness/drivers/sgw/s5-client.ts';
import { decode, encode, Gtpv2cTemplate, writeDigits } from '../../../harness/protocol/gtpv2c/index.ts';
import { EncodeError } from '../../../harness/protocol/common/decode-error.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';

/**
 * The SGW driver sends its Create and Delete Session Requests as template copies with the IMSI,
 * MSISDN, TEIDs and sequence number written in (protocol/gtpv2c/template.ts): every request must be
 * octet for octet what the table codec writes for the same message (TS 29.274 §7.2.1, §7.2.9).
 */
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const params: fc.Arbitrary<CreateSessionParams> = fc.record(
  {
    imsi: digits(6, 15),
    msisdn: digits(6, 15),
    apn: fc.constantFrom('internet', 'ims', 'iot.example'),
    pdnType: fc.constantFrom('ipv4' as const, 'ipv6' as const, 'ipv4v6' as const),
    daf: fc.boolean(),
    ebi: fc.integer({ min: 5, max: 15 }),
    pco: fc.subarray(['dns-ipv6' as const, 'dns-ipv4' as const, 'ipv4-link-mtu' as const]),
    location: fc.constantFrom(false as const, {
      servingNetwork: { mcc: '262', mnc: '01' },
      tai: { mcc: '262', mnc: '01', tac: 7 },
      ecgi: { mcc: '262', mnc: '01', eci: 0x1234 },
    }),
  },
  { requiredKeys: ['imsi', 'apn', 'pdnType', 'daf'] },
);

/** A driver toward a UDP socket that only captures what arrives (the requests are then aborted). */
async function capturingDriver(t: { teardown(f: () => void): void }) {
  const far = createSocket('udp6');
  await new Promise<void>((r) => far.bind(0, '::1', () => r()));
  t.teardown(() => far.close());
  const driver = new SgwS5Driver({ pgw: { address: '::1', port: far.address().port }, recorder: noRecorder });
  await driver.open();
  t.teardown(() => void driver.close());
  const sent = async (send: (signal: AbortSignal) => Promise<unknown>): Promise<Buffer> => {
    const ac = new AbortController();
    const got = new Promise<Buffer>((resolve) => far.once('message', (m) => resolve(m)));
    const pending = send(ac.signal).catch(() => undefined);
    const bytes = await got;
    ac.abort(new Error('captured'));
    await pending;
    return bytes;
  };
  return { driver, sent };
}

test('Create and Delete Session Requests from templates equal the table codec, octet for octet', async (t) => {
  const { driver, sent } = await capturingDriver(t);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(params, fc.integer({ min: 0, max: 0xffffffff }), async (p, pgwTeid) => {
      // The first request of a shape makes its template, the next ones are copies of it.
      for (const q of [p, { ...p, imsi: reversed(p.imsi), msisdn: p.msisdn && reversed(p.msisdn) }, p]) {
        const create = await sent((signal) => driver.createSession(q, signal));
        const expected = encode(driver.createSessionRequest(q, driver_nextTeid(driver) - 1, decode(create).sequence));
        t.is(create.toString('hex'), expected.toString('hex'), JSON.stringify(q));
      }
      const del = await sent((signal) => driver.deleteSession(pgwTeid, p.ebi, signal));
      t.is(del.toString('hex'), encode(deleteSessionRequest(pgwTeid, p.ebi, decode(del).sequence)).toString('hex'));
      n++;
    }),
    { numRuns: 150 },
  );
  t.is(n, 150);
});

const reversed = (s: string) => [...s].reverse().join('');

/** The TEID the driver hands out next (the one it used is one less). */
function driver_nextTeid(d: SgwS5Driver): number {
  return (d as unknown as { nextTeid: number }).nextTeid;
}

test('a restart counter change or another IMSI length gives a new template, not a stale one', async (t) => {
  const { driver, sent } = await capturingDriver(t);
  const p: CreateSessionParams = { imsi: '001010000000001', apn: 'internet', pdnType: 'ipv6', daf: true };
  await sent((signal) => driver.createSession(p, signal));
  driver.simulateRestart();
  const after = decode(await sent((signal) => driver.createSession({ ...p, imsi: '0010100000002' }, signal)));
  t.is(after.ies.find((ie) => ie.ie === 'recovery')?.ie === 'recovery' ? 2 : -1, 2);
  const imsi = after.ies.find((ie) => ie.ie === 'imsi');
  t.is(imsi?.ie === 'imsi' ? imsi.digits : undefined, '0010100000002');
});

test('a template refuses what it cannot patch: other digit counts, an IE it lacks, bad digits', (t) => {
  const tpl = new Gtpv2cTemplate(deleteSessionRequest(1, 5));
  t.throws(() => tpl.valueAt([1, 0]), { instanceOf: EncodeError, message: /no IE 1 instance 0/ });
  const out = tpl.copy(7);
  t.throws(() => writeDigits(out, 0, '12345', 6, 'IMSI'), {
    instanceOf: EncodeError,
    message: /5 digits where the template has 6/,
  });
  t.throws(() => writeDigits(out, 0, '12x456', 6, 'IMSI'), { instanceOf: EncodeError, message: /TBCD digits only/ });
  t.is(decode(tpl.copy(0xabcdef)).sequence, 0xabcdef);
  t.throws(() => tpl.copy(0x1000000), { instanceOf: EncodeError });
});
