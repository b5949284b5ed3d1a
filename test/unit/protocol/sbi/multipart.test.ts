import test from 'ava';
import fc from 'fast-check';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import {
  binaryPart,
  decodeMultipart,
  decodeSbiBody,
  encodeMultipartRelated,
  encodeSbiBody,
  MEDIA_TYPE,
  n1SmPart,
  n2SmPart,
  parseContentType,
} from '../../../../harness/protocol/sbi/index.ts';

const NAS = Buffer.from('2e0101c1ffff91a12801007b000780000a00000d00', 'hex');
const NGAP = Buffer.from('0000040082000a0c400000003000000000008b000a01f0c0a80a0200000001', 'hex');

test('an SBI body with binary parts is multipart/related with the JSON root first (TS 29.500 §6.1.2.4)', (t) => {
  const json = { supi: 'imsi-001010000000001', n1SmMsg: { contentId: 'N1SmMessage' } };
  const e = encodeSbiBody(json, [n1SmPart(NAS), n2SmPart(NGAP)]);
  const ct = parseContentType(e.contentType);
  t.is(ct.mediaType, 'multipart/related');
  t.is(ct.params.type, 'application/json');
  t.truthy(ct.params.boundary);
  const text = e.body.toString('latin1');
  t.true(text.startsWith(`--${ct.params.boundary}\r\nContent-Type: application/json\r\n\r\n{`));
  t.true(text.endsWith(`--${ct.params.boundary}--\r\n`));
  const d = decodeSbiBody(e.contentType, e.body);
  t.deepEqual(d.json, json);
  t.is(d.parts.length, 2);
  t.deepEqual(binaryPart(d, { contentId: 'N1SmMessage' }), {
    contentId: 'N1SmMessage',
    contentType: MEDIA_TYPE.NAS_5GS,
    data: NAS,
  });
  t.deepEqual(binaryPart(d, { contentId: 'N2SmInformation' })?.data, NGAP);
  t.is(binaryPart(d, { contentId: 'other' }), undefined);
});

test('a body without binary parts is plain JSON; problem+json is kept as the root type', (t) => {
  const e = encodeSbiBody({ status: 400, cause: 'MANDATORY_IE_MISSING' }, [], MEDIA_TYPE.PROBLEM_JSON);
  t.is(e.contentType, 'application/problem+json');
  const d = decodeSbiBody(e.contentType, e.body);
  t.is(d.jsonType, 'application/problem+json');
  t.deepEqual(d.json, { status: 400, cause: 'MANDATORY_IE_MISSING' });
  t.deepEqual(decodeSbiBody(undefined, Buffer.alloc(0)), { json: undefined, parts: [] });
});

test('a peer-written body: preamble, quoted boundary, Content-ID in angle brackets, folded header, epilogue', (t) => {
  const body = Buffer.concat([
    Buffer.from(
      'ignored preamble\r\n--=-abc\r\nContent-Type: application/json\r\n\r\n{"n2SmInfo":{"contentId":"ngap-sm"}}\r\n' +
        '--=-abc\r\nContent-Id:\r\n <ngap-sm>\r\nContent-Type: application/vnd.3gpp.ngap\r\n\r\n',
    ),
    NGAP,
    Buffer.from('\r\n--=-abc--\r\nepilogue'),
  ]);
  const d = decodeSbiBody('multipart/related; boundary="=-abc"', body);
  t.deepEqual(d.json, { n2SmInfo: { contentId: 'ngap-sm' } });
  t.deepEqual(d.parts, [{ contentId: 'ngap-sm', contentType: 'application/vnd.3gpp.ngap', data: NGAP }]);
});

test('RFC 2387 start parameter picks the root', (t) => {
  const body = Buffer.from(
    '--b\r\nContent-Id: n1\r\nContent-Type: application/vnd.3gpp.5gnas\r\n\r\nAB\r\n' +
      '--b\r\nContent-Id: <root>\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n--b--',
  );
  const d = decodeSbiBody('multipart/related; boundary=b; start="<root>"', body);
  t.deepEqual(d.json, { a: 1 });
  t.deepEqual(
    d.parts.map((p) => p.contentId),
    ['n1'],
  );
});

test('malformed bodies are DecodeErrors naming sbi', (t) => {
  const bad: [string, string][] = [
    ['multipart/related', '--b\r\n\r\n{}\r\n--b--'],
    ['multipart/related; boundary=b', 'no boundary here'],
    ['multipart/related; boundary=b', '--b\r\nContent-Type: application/json\r\n\r\n{}'],
    ['multipart/related; boundary=b', '--bX\r\n'],
    [
      'multipart/related; boundary=b',
      '--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b\r\nContent-Type: x/y\r\n\r\nA\r\n--b--',
    ],
    ['multipart/related; boundary=b', '--b\r\nContent-Type: application/json\r\n\r\n{oops\r\n--b--'],
    ['application/json', '{"a":'],
    ['text/plain', 'hello'],
  ];
  for (const [ct, body] of bad) {
    const err = t.throws(() => decodeSbiBody(ct, Buffer.from(body)), { instanceOf: DecodeError }, `${ct} ${body}`);
    t.is(err?.protocol, 'sbi');
  }
});

test('encode → decode is the identity for any binary parts (boundaries never collide)', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 4 }),
      fc.string({ maxLength: 20 }),
      (datas, s) => {
        const parts = datas.map((d, i) => ({
          contentId: `p${i}`,
          contentType: 'application/vnd.3gpp.5gnas',
          data: Buffer.from(d),
        }));
        const e = encodeSbiBody({ s }, parts);
        const d = decodeSbiBody(e.contentType, e.body);
        t.deepEqual(d.json, { s });
        t.deepEqual(d.parts, parts);
      },
    ),
    { numRuns: 300 },
  );
  // A part that contains a would-be delimiter forces another boundary.
  const e = encodeMultipartRelated([{ contentType: 'application/json', body: Buffer.from('{}') }], 'x');
  t.is(decodeMultipart(e.contentType, e.body).length, 1);
  t.throws(() => encodeMultipartRelated([], 'x'));
});
