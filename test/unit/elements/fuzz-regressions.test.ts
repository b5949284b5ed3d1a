import { attachLocationIes } from '../../../harness/drivers/common/pdn-request.ts';
import { createSocket } from 'node:dgram';
import test from 'ava';
import { Pgw } from '../../../harness/elements/pgw/index.ts';
import { Sgw } from '../../../harness/elements/sgw/index.ts';
import { decode, encode, findIe, type Gtpv2cMessage } from '../../../harness/protocol/gtpv2c/index.ts';

/**
 * Inputs `v6harness fuzz` found to crash the stand-ins (seed 12345), now answered with the causes
 * TS 29.274 §7.7.3 gives: 70 Mandatory IE missing, 69 Mandatory IE incorrect.
 */
async function ask(port: number, m: Gtpv2cMessage): Promise<Gtpv2cMessage> {
  const s = createSocket({ type: 'udp6', ipv6Only: true });
  await new Promise<void>((r) => s.bind(0, '::1', () => r()));
  try {
    return await new Promise<Gtpv2cMessage>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no answer')), 1000);
      s.on('message', (b) => {
        clearTimeout(t);
        resolve(decode(b));
      });
      s.send(encode(m), port, '::1');
    });
  } finally {
    s.close();
  }
}

const csr = (ies: Gtpv2cMessage['ies']): Gtpv2cMessage => ({
  type: 'create-session-request',
  teid: 0,
  sequence: 9,
  ies: [
    { ie: 'apn', instance: 0, apn: 'internet' },
    { ie: 'rat-type', instance: 0, ratType: 6 },
    { ie: 'pdn-type', instance: 0, pdnType: 2 },
    ...ies,
    { ie: 'bearer-context', instance: 0, ies: [{ ie: 'ebi', instance: 0, ebi: 5 }] },
  ],
});

test('PGW: a Create Session with an F-TEID but no Sender F-TEID (instance 0) gets cause 70, not a crash', async (t) => {
  const errors: unknown[] = [];
  const pgw = new Pgw({
    address: '::1',
    restartCounter: 1,
    faults: [],
    apns: {
      internet: {
        pdnTypes: 'ipv6',
        singleAddressBearersOnly: false,
        prefer: 'ipv6',
        ipv6Pool: '2001:db8:100::/48',
        ipv4Pool: '198.51.100.0/24',
        dnsIpv6: [],
        dnsIpv4: [],
        mtu: 1400,
      },
    },
    onError: (e) => errors.push(e),
  });
  await pgw.start();
  try {
    const res = await ask(
      pgw.endpoint.port,
      csr([{ ie: 'f-teid', instance: 1, interfaceType: 7, teid: 0, ipv6: '::1' }]),
    );
    t.like(findIe(res, 'cause'), { value: 70, offendingIe: { type: 87, instance: 0 } });
    t.deepEqual(errors, []);
  } finally {
    await pgw.stop();
  }
});

test('SGW: a Create Session whose PGW F-TEID has no address gets cause 69, not a crash', async (t) => {
  const errors: unknown[] = [];
  const sgw = new Sgw({
    addresses: { s11: '::1', s1u: '::1', s5: '::1' },
    restartCounter: 1,
    faults: [],
    onError: (e) => errors.push(e),
  });
  await sgw.start();
  try {
    const res = await ask(
      sgw.endpoint.port,
      csr([
        { ie: 'f-teid', instance: 0, interfaceType: 10, teid: 7, ipv6: '::1' },
        { ie: 'f-teid', instance: 1, interfaceType: 7, teid: 0 },
        // An E-UTRAN initial attach carries ULI and Serving Network (TS 29.274 Table 7.2.1-1), or
        // the SGW refuses it with 103 before it looks at the F-TEID.
        ...attachLocationIes(),
      ]),
    );
    t.like(findIe(res, 'cause'), { value: 69, offendingIe: { type: 87, instance: 0 } });
    t.deepEqual(errors, []);
  } finally {
    await sgw.stop();
  }
});
