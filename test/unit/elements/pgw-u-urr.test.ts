import { createSocket } from 'node:dgram';
import test from 'ava';
import { PgwCSxDriver } from '../../../harness/drivers/pgw-c/index.ts';
import { PgwU, type PgwUFault } from '../../../harness/elements/pgw-u/index.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';
import {
  applyAction,
  decode,
  encode,
  findIe,
  recoveryTimeStamp,
  type PfcpIe,
  type PfcpMessage,
} from '../../../harness/protocol/pfcp/index.ts';

/**
 * TS 29.244 Table 7.5.2.4-1: a Create URR carries Reporting Triggers (M). open5gs's UPF refused our
 * sessions with cause 66 ("No Reporting Triggers"): our PGW-C driver now sends them, and our PGW-U
 * stand-in refuses a URR without them as open5gs does, unless told to be lenient (lenient-urr).
 * The driver also answers the UP function's Heartbeat Requests (§7.4.2), which open5gs sends to our
 * port 8805 and drops the association without.
 */
async function withPgwU(faults: PgwUFault[], fn: (up: PgwU) => Promise<void>): Promise<void> {
  const up = new PgwU({ address: '::1', port: 0, userPlanePort: 0, faults, apns: {} });
  await up.start();
  try {
    await fn(up);
  } finally {
    await up.stop();
  }
}

/** A raw CP function: association, then a Session Establishment whose URR lacks Reporting Triggers. */
async function establishWithoutTriggers(port: number): Promise<PfcpMessage> {
  const s = createSocket({ type: 'udp6', ipv6Only: true });
  await new Promise<void>((r) => s.bind(0, '::1', r));
  const next = () => new Promise<PfcpMessage>((r) => s.once('message', (m) => r(decode(m))));
  const send = (m: PfcpMessage) => s.send(encode(m), port, '::1');
  try {
    const node: PfcpIe = { ie: 'node-id', ipv6: '::1' };
    send({ type: 'association-setup-request', sequence: 1, ies: [node, recoveryTimeStamp(new Date())] } as PfcpMessage);
    await next();
    send({
      type: 'session-establishment-request',
      sequence: 2,
      seid: 0n,
      ies: [
        node,
        { ie: 'f-seid', seid: 7n, ipv6: '::1' },
        {
          ie: 'create-pdr',
          ies: [
            { ie: 'pdr-id', ruleId: 1 },
            { ie: 'precedence', value: 255 },
            { ie: 'pdi', ies: [{ ie: 'source-interface', value: 1 }] },
            { ie: 'far-id', ruleId: 1 },
          ],
        },
        { ie: 'create-far', ies: [{ ie: 'far-id', ruleId: 1 }, applyAction('forw')] },
        {
          ie: 'create-urr',
          ies: [
            { ie: 'urr-id', ruleId: 1 },
            { ie: 'measurement-method', durat: false, volum: true, event: false },
          ],
        },
      ],
    } as PfcpMessage);
    return await next();
  } finally {
    s.close();
  }
}

test('a Create URR without Reporting Triggers is refused with 66, offending IE 37; lenient-urr accepts it', async (t) => {
  await withPgwU([], async (up) => {
    const res = await establishWithoutTriggers(up.endpoint.port);
    t.is(findIe(res, 'cause')?.value, 66);
    t.is(findIe(res, 'offending-ie')?.type, 37);
  });
  await withPgwU(['lenient-urr'], async (up) => {
    t.is(findIe(await establishWithoutTriggers(up.endpoint.port), 'cause')?.value, 1);
  });
});

test('our PGW-C driver’s session passes the strict stand-in (Reporting Triggers, PDN Type) and it answers Heartbeat Requests', async (t) => {
  await withPgwU([], async (up) => {
    const cp = new PgwCSxDriver({ pgwU: up.endpoint, recorder: noRecorder });
    const local = await cp.open();
    try {
      t.is((await cp.associate()).kind, 'response');
      const { outcome } = await cp.establish({
        uePrefix: '2001:db8:600:1::',
        networkInstance: 'internet',
        downlink: { teid: 0x10, address: '::1' },
      });
      t.is(outcome.kind === 'response' ? findIe(outcome.message, 'cause')?.value : outcome.kind, 1);
      // A Heartbeat Request from the UP function's side reaches our socket and is answered.
      const s = createSocket({ type: 'udp6', ipv6Only: true });
      await new Promise<void>((r) => s.bind(0, '::1', r));
      const answer = new Promise<PfcpMessage>((r) => s.once('message', (m) => r(decode(m))));
      s.send(
        encode({ type: 'heartbeat-request', sequence: 9, ies: [recoveryTimeStamp(new Date())] } as PfcpMessage),
        local.port,
        '::1',
      );
      const hb = await answer;
      s.close();
      t.like(hb, { type: 'heartbeat-response', sequence: 9 });
      t.truthy(findIe(hb, 'recovery-time-stamp'));
    } finally {
      await cp.close();
    }
  });
});
