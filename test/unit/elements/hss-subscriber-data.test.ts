import test from 'ava';
import { updateLocation, type SubscriberRecord } from '../../../harness/elements/hss/subscriber-data.ts';

/** TS 29.272 §5.2.1.1.3: the HSS's answer to an Update Location, from the declared subscriber data. */
const subscribers: Record<string, SubscriberRecord> = {
  '001010000000001': {
    apns: { internet: { pdnType: 'ipv4v6' }, ims: { pdnType: 'ipv6', contextId: 9 } },
    roaming: ['001-02'],
  },
  '001010000000002': { apns: { internet: { pdnType: 'ipv4' } }, roaming: [] },
  '001010000000003': { apns: { internet: { pdnType: 'ipv6' } }, roaming: 'any' },
};
const home = '001-01';

test('home PLMN: the APN configurations in declared order, context ids by position unless declared', (t) => {
  t.deepEqual(updateLocation(subscribers, home, '001010000000002', { mcc: '001', mnc: '01' }, []), {
    kind: 'success',
    subscription: { defaultContextId: 1, apns: [{ contextId: 1, apn: 'internet', pdnType: 'ipv4' }] },
  });
  t.deepEqual(updateLocation(subscribers, home, '001010000000001', { mcc: '001', mnc: '01' }, []), {
    kind: 'success',
    subscription: {
      defaultContextId: 1,
      apns: [
        { contextId: 1, apn: 'internet', pdnType: 'ipv4v6' },
        { contextId: 9, apn: 'ims', pdnType: 'ipv6' },
      ],
    },
  });
});

test('roaming: allowed PLMNs and "any" succeed, others get 5004; unknown IMSIs 5001', (t) => {
  t.is(updateLocation(subscribers, home, '001010000000001', { mcc: '001', mnc: '02' }, []).kind, 'success');
  t.is(updateLocation(subscribers, home, '001010000000003', { mcc: '999', mnc: '999' }, []).kind, 'success');
  t.deepEqual(updateLocation(subscribers, home, '001010000000001', { mcc: '001', mnc: '03' }, []), {
    kind: 'experimental',
    code: 5004,
  });
  t.deepEqual(updateLocation(subscribers, home, '001010000000002', { mcc: '001', mnc: '02' }, []), {
    kind: 'experimental',
    code: 5004,
  });
  t.deepEqual(updateLocation(subscribers, home, '001019999999999', { mcc: '001', mnc: '01' }, []), {
    kind: 'experimental',
    code: 5001,
  });
});

test('faults: wrong PDN type, roaming let through, 5004 as a Result-Code', (t) => {
  const wrong = updateLocation(subscribers, home, '001010000000002', { mcc: '001', mnc: '01' }, ['wrong-pdn-type']);
  t.is(wrong.kind === 'success' ? wrong.subscription.apns[0].pdnType : undefined, 'ipv6');
  t.is(
    updateLocation(subscribers, home, '001010000000002', { mcc: '001', mnc: '02' }, ['ignore-roaming-restriction'])
      .kind,
    'success',
  );
  t.deepEqual(
    updateLocation(subscribers, home, '001010000000002', { mcc: '001', mnc: '02' }, ['result-code-for-roaming']),
    { kind: 'result-code', code: 5004 },
  );
});
