import test from 'ava';
import { AaaStandin } from '../../../harness/elements/aaa/index.ts';
import { AccountingClient, type AccountedPdn } from '../../../harness/elements/common/radius-accounting.ts';
import { parseDetail } from '../../../harness/lab/docker/real/index.ts';

/** The gateways' RADIUS accounting client (TS 29.061 §16, RFC 2866) against the AAA stand-in. */
const session: AccountedPdn = {
  id: 0x1000,
  imsi: '001010000000930',
  msisdn: '819012340930',
  apn: 'internet',
  pdnType: 'ipv4v6',
  chargingId: 7,
  ipv6Prefix: '2001:db8:100:7::',
  delegated: { prefix: '2001:db8:100::', length: 56 },
  ipv4: '198.51.100.7',
};

async function pair(aaaFaults: 'silent'[] = []) {
  const aaa = new AaaStandin({ address: '::1', port: 0, secret: 's3cret', faults: aaaFaults });
  await aaa.start();
  const client = new AccountingClient({ ...aaa.endpoint, secret: 's3cret' }, '::1', new Set());
  await client.start();
  return { aaa, client, close: () => Promise.all([client.stop(), aaa.stop()]) };
}

const waitFor = async (cond: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !cond() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
};

test('Start and Stop reach the AAA with the /64, the delegated prefix, identities and 3GPP attributes, and are answered', async (t) => {
  const { aaa, client, close } = await pair();
  client.account('Start', session);
  client.account('Stop', session);
  await waitFor(() => client.counters.answered === 2, 2000);
  await close();
  t.deepEqual(client.counters, { sent: 2, retransmitted: 0, answered: 2, unanswered: 0 });
  t.like(aaa.records[0], {
    statusType: 'Start',
    framedIpv6Prefix: '2001:db8:100:7::/64',
    delegatedIpv6Prefix: '2001:db8:100::/56',
    framedIpAddress: '198.51.100.7',
    userName: session.imsi,
    callingStationId: session.msisdn,
    imsi3gpp: session.imsi,
    calledStationId: 'internet',
    nasAddress: '::1',
    sessionId: '00001000',
  });
  t.like(aaa.records[1], { statusType: 'Stop', sessionId: '00001000', framedIpv6Prefix: '2001:db8:100:7::/64' });
});

test('an unanswered Accounting-Request is retransmitted, the same packet, three tries in all (RFC 2866 §2)', async (t) => {
  const { aaa, client, close } = await pair(['silent']);
  client.account('Start', session);
  await waitFor(() => client.counters.unanswered === 1, 4000);
  await close();
  t.deepEqual(client.counters, { sent: 1, retransmitted: 2, answered: 0, unanswered: 1 });
  t.is(aaa.records.length, 3);
  t.true(aaa.records.every((r) => r.framedIpv6Prefix === '2001:db8:100:7::/64'));
});

test('freeradius detail records are read as accounting records (rlm_detail format)', (t) => {
  const detail = [
    'Wed Nov 25 09:10:11 2026',
    '\tAcct-Status-Type = Start',
    '\tAcct-Session-Id = "00001000"',
    '\tUser-Name = "001010000000930"',
    '\tCalled-Station-Id = "internet"',
    '\tNAS-IPv6-Address = fd00:6:1::3',
    '\tCalling-Station-Id = "819012340930"',
    '\tFramed-IPv6-Prefix = 2001:db8:100:7::/64',
    '\tDelegated-IPv6-Prefix = 2001:db8:100::/56',
    '\tFramed-IP-Address = 198.51.100.7',
    '\t3GPP-IMSI = "001010000000930"',
    '\t3GPP-Charging-Id = 7',
    '\tPacket-Src-IPv6-Address = fd00:6:1::3',
    '\tTimestamp = 1795597811',
    '',
    'Wed Nov 25 09:10:12 2026',
    '\tAcct-Status-Type = Stop',
    '\tAcct-Session-Id = "00001000"',
    '\tFramed-IPv6-Prefix = 2001:db8:100:7::/64',
    '\tAcct-Terminate-Cause = User-Request',
    '',
  ].join('\n');
  const [start, stop] = parseDetail(detail);
  t.deepEqual(start, {
    statusType: 'Start',
    sessionId: '00001000',
    framedIpv6Prefix: '2001:db8:100:7::/64',
    delegatedIpv6Prefix: '2001:db8:100::/56',
    framedIpAddress: '198.51.100.7',
    calledStationId: 'internet',
    userName: '001010000000930',
    callingStationId: '819012340930',
    nasAddress: 'fd00:6:1::3',
    imsi3gpp: '001010000000930',
    from: 'fd00:6:1::3',
  });
  t.like(stop, { statusType: 'Stop', sessionId: '00001000', from: '' });
});
