import test from 'ava';
import {
  establishmentAccept,
  type EstablishmentRequest,
} from '../../../../harness/elements/common/pdu-session-policy.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { decode, encode, type NasMessage } from '../../../../harness/protocol/nas/index.ts';
import {
  hsmfUpdateData,
  n1smCauseOf,
  parseSbi,
  parseVsmfPduSessionPath,
  releaseCommandOf,
  releaseRequestFromSmInfo,
  releaseRequestSmInfo,
  VSMF_PDU_SESSIONS_PATH,
  vsmfUpdateData,
  joinAccept,
  requestFromSmInfo,
  requestSmInfo,
  sessionAmbrOf,
  splitAccept,
  typeAndSscOf,
} from '../../../../harness/protocol/sbi/index.ts';

/**
 * N1 SM information on N16 (TS 29.502 §5.2.3.x): the request's optional IEs cross without the 5GSM
 * header and come back as the same request at the H-SMF; the accept split into JSON fields and
 * n1SmInfoToUe is rebuilt byte for byte by the V-SMF; what is not a 5GSM message of the kind is
 * refused with a DecodeError.
 */
const request = (): Buffer =>
  encode({
    protocol: '5gsm',
    type: 'pdu-session-establishment-request',
    pduSessionId: 5,
    pti: 7,
    integrityProtectionMaximumDataRate: { uplink: 0xff, downlink: 0xff },
    ies: [
      { ie: 'pdu-session-type', value: 3 },
      { ie: 'ssc-mode', value: 1 },
    ],
  } as never);

test('the request crosses N16 as its optional IEs and decodes to the same IEs at the H-SMF', (t) => {
  const r = request();
  const info = requestSmInfo(r);
  t.deepEqual([...info], [...r.subarray(6)]);
  const rebuilt = decode(requestFromSmInfo(5, 7, info)) as EstablishmentRequest;
  t.deepEqual(rebuilt.ies, (decode(r) as EstablishmentRequest).ies);
  t.throws(() => requestSmInfo(Buffer.from([0x7e, 0, 0x41])), { name: 'DecodeError' });
});

test('the accept split into JSON and n1SmInfoToUe is rebuilt byte for byte', (t) => {
  const req = decode(request()) as EstablishmentRequest;
  const accept = encode(
    establishmentAccept(req, {
      pduSessionId: 5,
      pti: 7,
      dnn: 'internet',
      config: {
        pdnTypes: 'ipv4v6',
        singleAddressBearersOnly: false,
        prefer: 'ipv6',
        ipv6Pool: '2001:db8:5900::/48',
        ipv4Pool: '198.51.100.64/26',
        dnsIpv6: ['2001:db8:53::1'],
        dnsIpv4: [],
        mtu: 1400,
      },
      granted: 'ipv4v6',
      interfaceIdentifier: '::1',
      ipv4: '198.51.100.65',
      sNssai: { sst: 1 },
      qfi: 1,
    }),
  );
  const p = splitAccept(accept);
  t.is(p.typeAndSsc, typeAndSscOf('IPV4V6', 'SSC_MODE_1'));
  t.deepEqual([...p.sessionAmbr], [...sessionAmbrOf({ uplink: '500 Mbps', downlink: '1000 Mbps' })]);
  const rebuilt = joinAccept(5, 7, {
    typeAndSsc: typeAndSscOf('IPV4V6', 'SSC_MODE_1'),
    qosRules: Buffer.from(p.qosRules.toString('base64'), 'base64'),
    sessionAmbr: sessionAmbrOf({ uplink: '500 Mbps', downlink: '1000 Mbps' }),
    optional: p.optional,
  });
  t.deepEqual([...rebuilt], [...accept]);
  t.throws(() => splitAccept(accept.subarray(0, 8)), { name: 'DecodeError' });
  t.throws(() => typeAndSscOf('IPV5', 'SSC_MODE_1'), { name: 'DecodeError' });
  t.throws(() => sessionAmbrOf({ uplink: 'fast', downlink: '1 Gbps' }), { name: 'DecodeError' });
});

test('a UE-requested release crosses N16 as its IEs and comes back as the Release Command the V-SMF builds', (t) => {
  // TS 24.501 §8.3.12: Release Request with the UE's 5GSM cause #36 (IEI 0x59).
  const request = encode({
    protocol: '5gsm',
    type: 'pdu-session-release-request',
    pduSessionId: 5,
    pti: 7,
    ies: [{ ie: '5gsm-cause', value: 36 }],
  } as unknown as NasMessage);
  const info = releaseRequestSmInfo(request);
  t.deepEqual([...info], [0x59, 36]);
  t.deepEqual(releaseRequestFromSmInfo(5, 7, info), request);
  t.like(decode(releaseRequestFromSmInfo(5, 0, info)), { type: 'pdu-session-release-request', pduSessionId: 5 });
  // TS 24.501 §8.3.14: the header, the cause of n1smCause, then the optional IEs of n1SmInfoToUe.
  const cmd = releaseCommandOf(5, 7, Number.parseInt(n1smCauseOf(36), 16), Buffer.alloc(0));
  t.is(n1smCauseOf(36), '24');
  t.like(decode(cmd), { type: 'pdu-session-release-command', pduSessionId: 5, pti: 7, cause: 36 });
  t.throws(() => releaseRequestSmInfo(cmd), { instanceOf: DecodeError });
});

test('N16 Update bodies and the V-SMF’s resource: HsmfUpdateData, VsmfUpdateData, vsmf-pdu-sessions paths', (t) => {
  t.true(parseSbi(hsmfUpdateData, { requestIndication: 'UE_REQ_PDU_SES_REL' }, 'HsmfUpdateData').ok);
  t.false(parseSbi(hsmfUpdateData, { n1SmInfoFromUe: { contentId: 'x' } }, 'HsmfUpdateData').ok);
  t.true(parseSbi(vsmfUpdateData, { requestIndication: 'NW_REQ_PDU_SES_REL', n1smCause: '24' }, 'VsmfUpdateData').ok);
  t.false(parseSbi(vsmfUpdateData, { requestIndication: 'UE_REQ_PDU_SES_REL', n1smCause: '124' }, 'VsmfUpdateData').ok);
  t.deepEqual(parseVsmfPduSessionPath(`${VSMF_PDU_SESSIONS_PATH}/12/modify`), { ref: '12', op: 'modify' });
  t.deepEqual(parseVsmfPduSessionPath(`${VSMF_PDU_SESSIONS_PATH}/12`), { ref: '12' });
  t.is(parseVsmfPduSessionPath(`${VSMF_PDU_SESSIONS_PATH}/12/release`), undefined);
});
