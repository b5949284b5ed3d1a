import test from 'ava';
import {
  establishmentAccept,
  type EstablishmentRequest,
} from '../../../../harness/elements/common/pdu-session-policy.ts';
import { decode, encode } from '../../../../harness/protocol/nas/index.ts';
import {
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
