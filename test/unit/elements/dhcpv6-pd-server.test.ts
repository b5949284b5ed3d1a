import test from 'ava';
import { Dhcpv6PdServer, type DelegationSession } from '../../../harness/elements/common/dhcpv6-pd-server.ts';
import {
  decodeDhcpv6,
  encodeDhcpv6,
  findOption,
  MESSAGE,
  OPTION,
  STATUS,
  type Dhcpv6Message,
  type Dhcpv6Option,
} from '../../../harness/protocol/dhcpv6/index.ts';
import { decodeIpv6Packet, type Ipv6Packet } from '../../../harness/protocol/ip/index.ts';

/** The gateway's delegating router (RFC 8415 §16, §18.3) on hand-made client messages. */
const session = {
  ipv6Prefix: '2001:db8:700:1200::',
  delegated: { prefix: '2001:db8:700:1200::', length: 56 },
  config: { dnsIpv6: ['2001:db8:53::1'] },
};
const client = Buffer.from(`0004${'11'.repeat(16)}`, 'hex');
const from: Ipv6Packet = {
  version: 6,
  trafficClass: 0,
  flowLabel: 0,
  hopLimit: 1,
  src: 'fe80::a:b:c:d',
  dst: 'ff02::1:2',
  extensionHeaders: [],
  payload: { type: 'udp', srcPort: 546, dstPort: 547, data: Buffer.alloc(0) },
};

function ask(server: Dhcpv6PdServer, m: Dhcpv6Message, s: DelegationSession = session): Dhcpv6Message | undefined {
  const out = server.answer(s, from, encodeDhcpv6(m));
  if (!out) return undefined;
  const p = decodeIpv6Packet(out);
  if (p.payload.type !== 'udp') throw new Error('not UDP');
  return decodeDhcpv6(p.payload.data);
}

test('Solicit with Rapid Commit gets a Reply at once; without it an Advertise', (t) => {
  const server = new Dhcpv6PdServer('2001:db8::1', 'fe80::1', new Set());
  const base: { transactionId: number; options: Dhcpv6Option[] } = {
    transactionId: 5,
    options: [
      { code: OPTION.CLIENTID, duid: client },
      { code: OPTION.IA_PD, iaid: 3, t1: 0, t2: 0, options: [] },
    ],
  };
  t.is(
    ask(server, { msgType: MESSAGE.SOLICIT, ...base, options: [...base.options, { code: OPTION.RAPID_COMMIT }] })
      ?.msgType,
    MESSAGE.REPLY,
  );
  const adv = ask(server, { msgType: MESSAGE.SOLICIT, ...base })!;
  t.is(adv.msgType, MESSAGE.ADVERTISE);
  t.is(adv.transactionId, 5);
  t.deepEqual(findOption(adv.options, OPTION.CLIENTID)?.duid, client);
  t.is(findOption(adv.options, OPTION.IA_PD)?.iaid, 3);
  // No ORO asked for PD_EXCLUDE: RFC 6603 §4.1 has the server leave it out.
  t.deepEqual(findOption(findOption(adv.options, OPTION.IA_PD)!.options, OPTION.IAPREFIX)?.options, []);
});

test('messages RFC 8415 §16 says to discard are discarded: no Client ID, a Request for another server, a Solicit naming a server', (t) => {
  const server = new Dhcpv6PdServer('2001:db8::1', 'fe80::1', new Set());
  t.is(ask(server, { msgType: MESSAGE.SOLICIT, transactionId: 1, options: [] }), undefined);
  t.is(
    ask(server, {
      msgType: MESSAGE.REQUEST,
      transactionId: 2,
      options: [
        { code: OPTION.CLIENTID, duid: client },
        { code: OPTION.SERVERID, duid: Buffer.from('000400', 'hex') },
      ],
    }),
    undefined,
  );
  t.is(
    ask(server, {
      msgType: MESSAGE.SOLICIT,
      transactionId: 3,
      options: [
        { code: OPTION.CLIENTID, duid: client },
        { code: OPTION.SERVERID, duid: server.duid },
      ],
    }),
    undefined,
  );
  t.is(
    ask(server, { msgType: MESSAGE.REQUEST, transactionId: 4, options: [{ code: OPTION.CLIENTID, duid: client }] }),
    undefined,
  );
  t.is(server.counters.discarded, 4);
  t.is(server.answer(session, from, Buffer.from([1, 0])), undefined);
});

test('no prefix to delegate: IA_PD with NoPrefixAvail (§18.3.9); Release: Success', (t) => {
  const server = new Dhcpv6PdServer('2001:db8::1', 'fe80::1', new Set());
  const adv = ask(
    server,
    {
      msgType: MESSAGE.SOLICIT,
      transactionId: 9,
      options: [
        { code: OPTION.CLIENTID, duid: client },
        { code: OPTION.IA_PD, iaid: 1, t1: 0, t2: 0, options: [] },
      ],
    },
    { ipv6Prefix: '2001:db8:100::', config: { dnsIpv6: [] } },
  )!;
  t.is(findOption(findOption(adv.options, OPTION.IA_PD)!.options, OPTION.STATUS_CODE)?.status, STATUS.NoPrefixAvail);
  const rel = ask(server, {
    msgType: MESSAGE.RELEASE,
    transactionId: 10,
    options: [
      { code: OPTION.CLIENTID, duid: client },
      { code: OPTION.SERVERID, duid: server.duid },
    ],
  })!;
  t.is(findOption(rel.options, OPTION.STATUS_CODE)?.status, STATUS.Success);
});
