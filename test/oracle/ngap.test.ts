import test from 'ava';
import {
  decodeNgap,
  decodeTransfer,
  encodeNgap,
  MESSAGE_INFO,
  NGAP_IES,
  type NgapIe,
  type NgapPdu,
  pduSessionResourceSetupRequestTransfer,
  pduSessionResourceSetupResponseTransfer,
} from '../../harness/protocol/ngap/index.ts';
import { NGAP_SAMPLES } from '../helpers/ngap-samples.ts';
import { dissect, type Frame, writePcap } from '../helpers/tshark.ts';
import { LINKTYPE_WIRESHARK_UPPER_PDU, upperPdu } from '../helpers/upper-pdu.ts';

/**
 * Wireshark's NGAP dissector (tshark 4.0, TS 38.413 R16 ASN.1) reads every message we encode
 * with no malformed frame or expert error, and every field we set equals what it reads: IE ids
 * and criticalities in tree order (including those inside the PDU Session Resource Setup
 * Request Transfer), UE NGAP IDs, NAS-PDUs, transport layer addresses (IPv4, IPv6, both),
 * TEIDs, QoS flows, PDU session type, S-NSSAI, cell and TAC, AMF identifiers, causes, bit rates.
 * Frames are LINKTYPE_WIRESHARK_UPPER_PDU with the exported-PDU tag naming the "ngap" dissector.
 */
let frames: Frame[] = [];
const decoded: NgapPdu[] = [];
test.before(async () => {
  const encoded = NGAP_SAMPLES.map((m) => encodeNgap(m));
  for (const b of encoded) decoded.push(decodeNgap(b));
  frames = await dissect(
    writePcap(
      encoded.map((b) => upperPdu('ngap', b)),
      'ngap',
      LINKTYPE_WIRESHARK_UPPER_PDU,
    ),
  );
});

const colonHex = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
const ID_BY_NAME = new Map<string, number>(Object.entries(NGAP_IES).map(([k, v]) => [k, v.id]));
const CRIT = { reject: '0', ignore: '1', notify: '2' };
const PDU_INDEX = { initiatingMessage: '0', successfulOutcome: '1', unsuccessfulOutcome: '2' };
const SESSION_TYPES = ['ipv4', 'ipv6', 'ipv4v6', 'ethernet', 'unstructured'];

/** Expected tshark fields for one message, from its decoded value walked in ASN.1 (= tree) order. */
function expected(m: NgapPdu): Map<string, string[]> {
  const f = new Map<string, string[]>();
  const add = (k: string, v: string | number): void => {
    f.set(k, [...(f.get(k) ?? []), String(v)]);
  };
  if (m.message === 'unknown' || m.message === 'pdu-extension') return f;
  const info = MESSAGE_INFO.get(m.message)!;
  add('ngap.NGAP_PDU', PDU_INDEX[info.pdu]);
  add('ngap.procedureCode', info.procedureCode);
  add('ngap.criticality', CRIT[m.criticality]);
  const ies = (list: NgapIe[]) => {
    for (const ie of list) {
      add('ngap.id', ie.ie === 'unknown' ? ie.id : ID_BY_NAME.get(ie.ie)!);
      add('ngap.criticality', CRIT[ie.criticality]);
      walk(ie.value, ie.ie);
    }
  };
  const walk = (v: unknown, key: string): void => {
    if (v === undefined || v === null) return;
    switch (key) {
      case 'AMF-UE-NGAP-ID':
      case 'amfUeNgapId':
        return add('ngap.AMF_UE_NGAP_ID', v as number);
      case 'RAN-UE-NGAP-ID':
      case 'ranUeNgapId':
        return add('ngap.RAN_UE_NGAP_ID', v as number);
      case 'NAS-PDU':
      case 'nasPdu':
        return add('ngap.NAS_PDU', colonHex(v as Buffer));
      case 'pduSessionNasPdu':
        return add('ngap.pDUSessionNAS_PDU', colonHex(v as Buffer));
      case 'transportLayerAddress': {
        const t = v as { ipv4?: string; ipv6?: string };
        if (t.ipv4) add('ngap.TransportLayerAddressIPv4', t.ipv4);
        if (t.ipv6) add('ngap.TransportLayerAddressIPv6', t.ipv6);
        return;
      }
      case 'gtpTeid':
        return add(
          'ngap.gTP_TEID',
          (v as number)
            .toString(16)
            .padStart(8, '0')
            .replace(/(..)(?!$)/g, '$1:'),
        );
      case 'procedureCode':
        return add('ngap.procedureCode', v as number);
      case 'ieId':
        return add('ngap.iE_ID', v as number);
      case 'pduSessionId':
        return add('ngap.pDUSessionID', v as number);
      case 'PDUSessionType':
        return add('ngap.PDUSessionType', SESSION_TYPES.indexOf(v as string));
      case 'qosFlowIdentifier':
        return add('ngap.qosFlowIdentifier', v as number);
      case 'fiveQi':
        return add('ngap.fiveQI', v as number);
      case 'priorityLevelArp':
        return add('ngap.priorityLevelARP', v as number);
      case 'nrCellIdentity':
        return add('ngap.NRCellIdentity', `0x${(v as number).toString(16).padStart(16, '0')}`);
      case 'tac':
        return add('ngap.tAC', v as number);
      case 'sst':
        return add('ngap.sST', (v as number).toString(16).padStart(2, '0'));
      case 'sd':
        return add('ngap.sD', colonHex(Buffer.from((v as number).toString(16).padStart(6, '0'), 'hex')));
      case 'AMFName':
        return add('ngap.AMFName', v as string);
      case 'RANNodeName':
        return add('ngap.RANNodeName', v as string);
      case 'TimeToWait':
        return add('ngap.TimeToWait', ['v1s', 'v2s', 'v5s', 'v10s', 'v20s', 'v60s'].indexOf(v as string));
      case 'RelativeAMFCapacity':
        return add('ngap.RelativeAMFCapacity', v as number);
      case 'amfRegionId':
        return add('ngap.aMFRegionID', (v as number).toString(16).padStart(2, '0'));
      case 'SecurityKey':
        return add('ngap.SecurityKey', colonHex((v as { data: Buffer }).data));
      case 'ueAggregateMaximumBitRateDl':
        return add('ngap.uEAggregateMaximumBitRateDL', v as number);
      case 'pduSessionAggregateMaximumBitRateDl':
        return add('ngap.pDUSessionAggregateMaximumBitRateDL', v as number);
      case 'pduSessionResourceSetupRequestTransfer': {
        const t = decodeTransfer(pduSessionResourceSetupRequestTransfer, v as Buffer);
        return ies(t.protocolIes);
      }
      case 'pduSessionResourceSetupResponseTransfer':
        return walk(decodeTransfer(pduSessionResourceSetupResponseTransfer, v as Buffer), 'transfer');
      case 'Cause':
      case 'cause': {
        const c = v as { choice: string; value: string };
        return add(`ngap.${c.choice}`, causeIndex(c.choice, c.value));
      }
    }
    if (Buffer.isBuffer(v) || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, `${key}[]`);
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  ies(m.ies);
  return f;
}

/** Cause values as tshark's enum index (root index; an addition counts after the root's 45). */
function causeIndex(group: string, value: string): number {
  const table: Record<string, Record<string, number>> = {
    radioNetwork: { 'user-inactivity': 20, 'multiple-PDU-session-ID-instances': 28, 'release-due-to-pre-emption': 46 },
    nas: { 'normal-release': 0, 'authentication-failure': 1, deregister: 2, unspecified: 3 },
    misc: { 'unknown-PLMN': 4 },
    protocol: { 'abstract-syntax-error-reject': 1 },
  };
  return table[group][value];
}

test('every NGAP message dissects with no malformed frame or expert error', (t) => {
  t.is(frames.length, NGAP_SAMPLES.length);
  for (const f of frames) {
    t.false(f.malformed, `frame ${f.number}`);
    t.deepEqual(f.errors, [], `frame ${f.number}`);
    t.true(f.protocols.includes('ngap'), f.protocols.join(':'));
  }
});

test('every field we set equals what tshark reads, in tree order', (t) => {
  for (let i = 0; i < frames.length; i++) {
    const want = expected(decoded[i]);
    t.true(want.size >= 4, `frame ${i + 1} has expectations`);
    for (const [k, v] of want)
      t.deepEqual(frames[i].fields.get(k) ?? [], v, `frame ${i + 1} (${decoded[i].message}) ${k}`);
  }
});

test('NAS-PDUs inside NGAP are handed to the NAS-5GS dissector', (t) => {
  const nas = frames.filter((f) => f.protocols.includes('nas-5gs'));
  t.true(nas.length >= 5, `${nas.length} frames with NAS-5GS`);
  t.deepEqual(frames[3].fields.get('nas_5gs.mm.message_type'), ['0x41']);
  t.deepEqual(frames[4].fields.get('nas_5gs.mm.message_type'), ['0x56']);
});

test('AMF identifiers: AMF Set ID and Pointer as left-aligned bit strings, MCC/MNC of the GUAMI', (t) => {
  const f = frames[1];
  // AMF Set ID 0x3f8 (10 bits) and AMF Pointer 0x21 (6 bits), left-aligned in octets.
  t.deepEqual(f.fields.get('ngap.aMFSetID'), ['fe:00']);
  t.deepEqual(f.fields.get('ngap.aMFPointer'), ['84']);
  t.deepEqual(f.fields.get('e212.guami.mcc'), ['1']);
  t.deepEqual(f.fields.get('e212.guami.mnc'), ['1']);
  t.deepEqual(frames[0].fields.get('ngap.gNB_ID'), ['00:12:34']);
  t.deepEqual(frames[0].fields.get('ngap.pLMNIdentity'), ['00:f1:10', '00:f1:10', '00:31:21']);
});

test('a dual-stack transport layer address is one 160-bit string: IPv4 first, then IPv6 (TS 38.414 §5.1)', (t) => {
  const f = frames[9];
  t.deepEqual(f.fields.get('ngap.transportLayerAddress'), [
    'c0:00:02:0a:20:01:0d:b8:00:05:00:00:00:00:00:00:00:00:00:10',
  ]);
});
