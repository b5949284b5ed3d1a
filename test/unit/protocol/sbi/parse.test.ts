import test from 'ava';
import {
  APPLICATION_ERRORS,
  n1n2MessageTransferReqData,
  parseN1n2MessagesPath,
  parseSbi,
  parseSmContextPath,
  problem,
  smContextCreateData,
  smContextPath,
  smContextUpdateData,
  n1n2MessagesPath,
} from '../../../../harness/protocol/sbi/index.ts';

const create = {
  supi: 'imsi-001010000000001',
  pduSessionId: 5,
  dnn: 'internet',
  sNssai: { sst: 1, sd: '000001' },
  servingNfId: '7f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  servingNetwork: { mcc: '001', mnc: '01' },
  requestType: 'INITIAL_REQUEST',
  n1SmMsg: { contentId: 'N1SmMessage' },
  anType: '3GPP_ACCESS',
  ratType: 'NR',
  smContextStatusUri: 'http://[2001:db8::a]:7777/namf-callback/v1/imsi-001010000000001/sm-context-status/5',
  someFutureAttribute: { kept: true },
};

test('SmContextCreateData: a complete body parses; unknown attributes are kept (TS 29.500 §6.2)', (t) => {
  const r = parseSbi(smContextCreateData, create, 'SmContextCreateData');
  t.true(r.ok);
  if (r.ok) {
    t.is(r.value.dnn, 'internet');
    t.deepEqual((r.value as Record<string, unknown>).someFutureAttribute, { kept: true });
  }
});

test('a missing mandatory attribute → 400 MANDATORY_IE_MISSING with a JSON pointer (TS 29.500 §5.2.7.2)', (t) => {
  const { servingNfId: _, ...rest } = create;
  const r = parseSbi(smContextCreateData, rest, 'SmContextCreateData');
  t.false(r.ok);
  if (!r.ok) {
    t.is(r.problem.status, 400);
    t.is(r.problem.cause, 'MANDATORY_IE_MISSING');
    t.deepEqual(r.problem.invalidParams, [{ param: '/servingNfId', reason: 'missing' }]);
  }
  const none = parseSbi(smContextCreateData, undefined, 'SmContextCreateData');
  t.false(none.ok);
});

test('a malformed attribute → MANDATORY_IE_INCORRECT, or OPTIONAL_IE_INCORRECT when only optional ones are', (t) => {
  const m = parseSbi(smContextCreateData, { ...create, anType: 'SATELLITE' }, 'x');
  t.false(m.ok);
  if (!m.ok) {
    t.is(m.problem.cause, 'MANDATORY_IE_INCORRECT');
    t.is(m.problem.invalidParams?.[0].param, '/anType');
  }
  const o = parseSbi(smContextCreateData, { ...create, sNssai: { sst: 1, sd: 'xyz' } }, 'x');
  t.false(o.ok);
  if (!o.ok) {
    t.is(o.problem.cause, 'OPTIONAL_IE_INCORRECT');
    t.is(o.problem.invalidParams?.[0].param, '/sNssai/sd');
  }
});

test('open enumerations accept values of later releases (TS 29.501 §5.2.4)', (t) => {
  t.true(parseSbi(smContextUpdateData, { n2SmInfoType: 'SOME_REL19_TYPE', n2SmInfo: { contentId: 'x' } }, 'x').ok);
  t.true(
    parseSbi(
      n1n2MessageTransferReqData,
      {
        n1MessageContainer: { n1MessageClass: 'SM', n1MessageContent: { contentId: 'N1SmMessage' } },
        n2InfoContainer: {
          n2InformationClass: 'SM',
          smInfo: {
            pduSessionId: 5,
            n2InfoContent: { ngapIeType: 'PDU_RES_SETUP_REQ', ngapData: { contentId: 'n2' } },
          },
        },
        pduSessionId: 5,
      },
      'x',
    ).ok,
  );
});

test('resource paths (TS 29.502 §6.1.3, TS 29.518 §6.1.3.5.3)', (t) => {
  t.is(smContextPath('a b', 'modify'), '/nsmf-pdusession/v1/sm-contexts/a%20b/modify');
  t.deepEqual(parseSmContextPath('/nsmf-pdusession/v1/sm-contexts/a%20b/modify'), {
    smContextRef: 'a b',
    op: 'modify',
  });
  t.deepEqual(parseSmContextPath('/nsmf-pdusession/v1/sm-contexts/7'), { smContextRef: '7' });
  t.is(parseSmContextPath('/nsmf-pdusession/v1/sm-contexts/7/explode'), undefined);
  t.deepEqual(parseN1n2MessagesPath(n1n2MessagesPath('imsi-001010000000001')), { ueContextId: 'imsi-001010000000001' });
});

test('problem() takes its status from the application error tables', (t) => {
  t.is(problem('PDUTYPE_DENIED').status, 403);
  t.is(problem('CONTEXT_NOT_FOUND').status, 404);
  t.is(problem('UPF_NOT_RESPONDING', 'no answer').detail, 'no answer');
  t.is(APPLICATION_ERRORS.SYSTEM_FAILURE, 500);
});
