import test from 'ava';
import { PDN_TYPE, SESSION_STATE, SessionTable } from '../../../harness/traffic/session-table.ts';

test('a row keeps what the Create Session Response granted, IMSI leading zeros included', (t) => {
  const table = new SessionTable(4);
  const row = table.add('001010000000042', 0x1234);
  table.activate(row, {
    remoteTeid: 0xdeadbeef,
    userPlaneTeid: 7,
    prefix: Buffer.from('20010db800010002', 'hex'),
    ebi: 5,
    pdnType: PDN_TYPE.ipv6,
    setupMicros: 812.4,
  });
  t.deepEqual(table.get(row), {
    imsi: '001010000000042',
    localTeid: 0x1234,
    remoteTeid: 0xdeadbeef,
    userPlaneTeid: 7,
    prefixHi: 0x20010db8,
    prefixLo: 0x00010002,
    ipv4: 0,
    ebi: 5,
    pdnType: 2,
    state: SESSION_STATE.active,
    setupMicros: 812,
  });
  const v4 = table.add('00101123', 1);
  table.activate(v4, {
    remoteTeid: 1,
    userPlaneTeid: 1,
    ipv4: Uint8Array.from([198, 51, 100, 7]),
    ebi: 6,
    pdnType: PDN_TYPE.ipv4,
    setupMicros: 1,
  });
  t.is(table.get(v4).imsi, '00101123');
  t.is(table.get(v4).ipv4, 0xc6336407);
});

test('rows are recycled after remove; a full table answers -1; a bad IMSI is refused', (t) => {
  const table = new SessionTable(2);
  const a = table.add('001010000000001', 1);
  table.add('001010000000002', 2);
  t.is(table.add('001010000000003', 3), -1);
  table.remove(a);
  table.remove(a);
  t.is(table.size, 1);
  t.is(table.add('001010000000004', 4), a);
  t.is(table.get(a).imsi, '001010000000004');
  t.throws(() => table.add('0010100000000001', 5), { message: /1-15 digits/ });
  t.throws(() => table.add('00101x', 5), { message: /1-15 digits/ });
});
