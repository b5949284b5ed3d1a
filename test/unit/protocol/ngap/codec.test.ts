import test from 'ava';
import { encodePer } from '../../../../harness/protocol/asn1/index.ts';
import { DecodeError, EncodeError } from '../../../../harness/protocol/common/decode-error.ts';
import {
  decodeNgap,
  decodeTransfer,
  encodeNgap,
  ieValue,
  missingIes,
  type NgapMessage,
  ngapMessage,
  ngapView,
  pduSessionResourceSetupRequestTransfer,
  pduSessionResourceSetupResponseTransfer,
  transportLayerAddress,
  unknownIeIds,
} from '../../../../harness/protocol/ngap/index.ts';
import { match, present } from '../../../../harness/runner/match.ts';
import { DL_TRANSFER_V6, NGAP_SAMPLES, UL_TRANSFER_DUAL } from '../../../helpers/ngap-samples.ts';

test('every sample round-trips: decode(encode(m)) equals m, and encode(decode(b)) equals b', (t) => {
  for (const m of NGAP_SAMPLES) {
    const b = encodeNgap(m);
    const d = decodeNgap(b);
    t.deepEqual(d, m, m.message);
    t.deepEqual(encodeNgap(d), b, m.message);
  }
});

test('transfers: UL tunnel IPv4+IPv6 (160 bits), PDU session type, QoS flows; DL tunnel IPv6', (t) => {
  const ul = decodeTransfer(pduSessionResourceSetupRequestTransfer, UL_TRANSFER_DUAL);
  const tunnel = ul.protocolIes.find((x) => x.ie === 'UL-NGU-UP-TNLInformation');
  t.deepEqual(tunnel?.value, {
    choice: 'gtpTunnel',
    value: { transportLayerAddress: { ipv4: '192.0.2.10', ipv6: '2001:db8:5::10' }, gtpTeid: 0x01020304 },
  });
  t.is(ul.protocolIes.find((x) => x.ie === 'PDUSessionType')?.value, 'ipv4v6');
  const dl = decodeTransfer(pduSessionResourceSetupResponseTransfer, DL_TRANSFER_V6);
  t.deepEqual(dl.dlQosFlowPerTnlInformation.upTransportLayerInformation, {
    choice: 'gtpTunnel',
    value: { transportLayerAddress: { ipv6: '2001:db8:6::20' }, gtpTeid: 7 },
  });
});

test('transport layer addresses of other lengths are kept as bits', (t) => {
  const odd = { bits: { data: Buffer.from([0xab, 0xc0]), length: 12 } };
  t.deepEqual(decodeTransfer(transportLayerAddress, encodePer(transportLayerAddress, odd)), odd);
  t.throws(() => encodePer(transportLayerAddress, { ipv4: '300.1.1.1' }), { instanceOf: EncodeError });
});

test('unknown IEs, iE-Extensions and an unknown procedure are kept byte-exact', (t) => {
  const m = ngapMessage('UplinkNASTransport', {
    'AMF-UE-NGAP-ID': 1,
    'RAN-UE-NGAP-ID': 2,
    'NAS-PDU': Buffer.from('7e00646f', 'hex'),
    UserLocationInformation: {
      choice: 'userLocationInformationNr',
      value: {
        nrCgi: { plmnIdentity: { mcc: '001', mnc: '01' }, nrCellIdentity: 1 },
        tai: { plmnIdentity: { mcc: '001', mnc: '01' }, tac: 1 },
        // A later release's extension (id 149 PSCellInformation) the table does not decode.
        ieExtensions: [{ id: 149, criticality: 'ignore', value: Buffer.from('0102030405', 'hex') }],
      },
    },
  });
  m.ies.push({ ie: 'unknown', id: 999, criticality: 'notify', value: Buffer.alloc(300, 0x5a) });
  const b = encodeNgap(m);
  const d = decodeNgap(b);
  t.deepEqual(unknownIeIds(d as NgapMessage), [999]);
  t.deepEqual(d, m);
  t.deepEqual(encodeNgap(d), b);
  // A procedure code this release does not name (e.g. a Rel-17 one): kept raw.
  const later = Buffer.from('00ff0003000000', 'hex');
  const u = decodeNgap(later);
  t.like(u, { message: 'unknown', pdu: 'initiatingMessage', procedureCode: 255 });
  t.deepEqual(encodeNgap(u), later);
  // An NGAP-PDU alternative added after this release.
  const ext = { message: 'pdu-extension' as const, index: 0, value: Buffer.from([1, 2]) };
  t.deepEqual(decodeNgap(encodeNgap(ext)), ext);
});

test('builders: IE order and criticality from the spec; missing mandatory IEs refused unless asked for', (t) => {
  t.throws(() => ngapMessage('InitialUEMessage', { 'RAN-UE-NGAP-ID': 1 }), {
    instanceOf: EncodeError,
    message: /mandatory IE NAS-PDU is missing/,
  });
  const bad = ngapMessage('InitialUEMessage', { 'RAN-UE-NGAP-ID': 1 }, { allowMissing: true });
  t.deepEqual(missingIes(bad), ['NAS-PDU', 'UserLocationInformation', 'RRCEstablishmentCause']);
  t.throws(() => ngapMessage('ErrorIndication', { GUAMI: undefined, TimeToWait: 'v1s' }), {
    message: /TimeToWait is not part of ErrorIndication/,
  });
  const m = ngapMessage('UEContextReleaseRequest', {
    Cause: { choice: 'nas', value: 'normal-release' },
    'RAN-UE-NGAP-ID': 2,
    'AMF-UE-NGAP-ID': 1,
  });
  t.deepEqual(
    m.ies.map((x) => [x.ie, x.criticality]),
    [
      ['AMF-UE-NGAP-ID', 'reject'],
      ['RAN-UE-NGAP-ID', 'reject'],
      ['Cause', 'ignore'],
    ],
  );
});

test('malformed input is a DecodeError naming NGAP and the element', (t) => {
  const b = encodeNgap(NGAP_SAMPLES[3]);
  const e = t.throws(() => decodeNgap(b.subarray(0, b.length - 3)), { instanceOf: DecodeError });
  t.is(e?.protocol, 'NGAP');
  t.throws(() => decodeNgap(Buffer.concat([b, Buffer.from([0])])), {
    instanceOf: DecodeError,
    message: /after the value/,
  });
  t.throws(() => decodeNgap(Buffer.alloc(0)), { instanceOf: DecodeError });
});

test('receive templates match a decoded message through ngapView, with a diff naming the IE', (t) => {
  const rx = decodeNgap(encodeNgap(NGAP_SAMPLES[1]));
  t.deepEqual(
    match({ message: 'NGSetupResponse', ies: { AMFName: present, RelativeAMFCapacity: 255 } }, ngapView(rx)),
    [],
  );
  t.deepEqual(match({ ies: { RelativeAMFCapacity: 10, TimeToWait: present } }, ngapView(rx)), [
    'ies.RelativeAMFCapacity: expected 10, observed 255',
    'ies.TimeToWait: expected present, observed undefined',
  ]);
});

test('a NAS-PDU of 40,000 octets: the OCTET STRING and the open types around it are fragmented (16K units) and read back', (t) => {
  const nas = Buffer.alloc(40_000);
  for (let i = 0; i < nas.length; i++) nas[i] = (i * 7) & 0xff;
  const m = ngapMessage('DownlinkNASTransport', { 'AMF-UE-NGAP-ID': 1, 'RAN-UE-NGAP-ID': 2, 'NAS-PDU': nas });
  const b = encodeNgap(m);
  // NGAP-PDU header, then the message's open type starts with a 32K fragment (0xc2).
  t.is(b[3], 0xc2);
  const d = decodeNgap(b);
  t.deepEqual(ieValue(d, 'NAS-PDU'), nas);
  t.deepEqual(encodeNgap(d), b);
});
