import test from 'ava';
import { conceal, homeNetworkPublicKey, protectNas } from '../../harness/protocol/crypto5g/index.ts';
import { encodeNgap, ngapMessage } from '../../harness/protocol/ngap/index.ts';
import { NAS_REGISTRATION_REQUEST, ULI } from '../helpers/ngap-samples.ts';
import { dissect, type Frame, writePcap } from '../helpers/tshark.ts';
import { LINKTYPE_WIRESHARK_UPPER_PDU, upperPdu } from '../helpers/upper-pdu.ts';

/**
 * tshark's NAS-5GS dissector reads our security protected 5GS NAS messages (TS 24.501 §9.1.1):
 * the security header type, the MAC we computed with 128-NIA2 and the sequence number; for an
 * integrity-protected (not ciphered) message it dissects the plain message inside, for a
 * ciphered one the envelope only. The same messages inside an NGAP Uplink NAS Transport too.
 */
const ctx = {
  kNasInt: Buffer.from('00112233445566778899aabbccddeeff', 'hex'),
  kNasEnc: Buffer.from('ffeeddccbbaa99887766554433221100', 'hex'),
  integrity: 2 as const,
  ciphering: 2 as const,
  direction: 0 as const,
};
const PDUS = [
  NAS_REGISTRATION_REQUEST,
  protectNas(NAS_REGISTRATION_REQUEST, 1, 5, ctx),
  protectNas(NAS_REGISTRATION_REQUEST, 2, 6, ctx),
  protectNas(NAS_REGISTRATION_REQUEST, 3, 0, ctx),
  protectNas(NAS_REGISTRATION_REQUEST, 4, 0x0107, ctx),
];
/**
 * Registration Requests with a SUCI under ECIES profile A and B (TS 24.501 §9.11.3.4: SUPI
 * format IMSI, PLMN 001/01, routing indicator 0 (f0ff), scheme id, home network key id 1, then
 * the scheme output of `conceal` with a fresh ephemeral key).
 */
const HN_PRIVATE = Buffer.alloc(32, 0x42);
const MSIN = Buffer.from('0000000010', 'hex');
const SUCI_OUTPUTS = (['A', 'B'] as const).map((p) => conceal(p, homeNetworkPublicKey(p, HN_PRIVATE), MSIN));
const suciRegistration = (scheme: number, output: Buffer) => {
  const id = Buffer.concat([Buffer.from([0x01, 0x00, 0xf1, 0x10, 0xf0, 0xff, scheme, 1]), output]);
  return Buffer.concat([Buffer.from([0x7e, 0x00, 0x41, 0x79, 0x00, id.length]), id]);
};
let frames: Frame[] = [];
let inNgap: Frame[] = [];
let suci: Frame[] = [];
test.before(async () => {
  const pcap = (name: string, dissector: string, pdus: Buffer[]) =>
    writePcap(
      pdus.map((p) => upperPdu(dissector, p)),
      name,
      LINKTYPE_WIRESHARK_UPPER_PDU,
    );
  frames = await dissect(pcap('nas-5gs', 'nas-5gs', PDUS));
  const ngap = PDUS.map((nas) =>
    encodeNgap(
      ngapMessage('UplinkNASTransport', {
        'AMF-UE-NGAP-ID': 1,
        'RAN-UE-NGAP-ID': 1,
        'NAS-PDU': nas,
        UserLocationInformation: ULI,
      }),
    ),
  );
  inNgap = await dissect(pcap('ngap-nas', 'ngap', ngap));
  suci = await dissect(
    pcap('nas-5gs-suci', 'nas-5gs', [suciRegistration(1, SUCI_OUTPUTS[0]), suciRegistration(2, SUCI_OUTPUTS[1])]),
  );
});

const colonHex = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');

test('SUCI with ECIES profile A (32-octet X25519 key) and B (33-octet compressed P-256 key): tshark splits key, ciphertext and MAC tag as we built them', (t) => {
  for (const [i, keyLength] of [32, 33].entries()) {
    const f = suci[i];
    const out = SUCI_OUTPUTS[i];
    t.false(f.malformed);
    t.deepEqual(f.errors, []);
    t.deepEqual(f.fields.get('nas_5gs.mm.suci.scheme_id'), [String(i + 1)]);
    t.deepEqual(f.fields.get('nas_5gs.mm.suci.scheme_output.ecc_public_key'), [colonHex(out.subarray(0, keyLength))]);
    t.deepEqual(f.fields.get('nas_5gs.mm.suci.scheme_output.ciphertext'), [
      colonHex(out.subarray(keyLength, keyLength + 5)),
    ]);
    t.deepEqual(f.fields.get('nas_5gs.mm.suci.scheme_output.mac_tag'), [
      `0x${out.subarray(keyLength + 5).toString('hex')}`,
    ]);
  }
});

const mac = (b: Buffer) => `0x${b.subarray(2, 6).toString('hex')}`;

for (const [label, list] of [
  ['alone', () => frames],
  ['inside NGAP', () => inNgap],
] as const) {
  test(`plain and protected NAS-5GS (${label}): header type, MAC and sequence number as we computed, no malformed frame`, (t) => {
    const fs = list();
    t.is(fs.length, PDUS.length);
    for (const f of fs) {
      t.false(f.malformed, `frame ${f.number}`);
      t.deepEqual(f.errors, [], `frame ${f.number}`);
      t.true(f.protocols.includes('nas-5gs'), f.protocols.join(':'));
    }
    t.deepEqual(fs[0].fields.get('nas_5gs.security_header_type'), ['0']);
    t.deepEqual(fs[0].fields.get('nas_5gs.mm.message_type'), ['0x41']);
    for (let i = 1; i < PDUS.length; i++) {
      t.is(fs[i].fields.get('nas_5gs.security_header_type')?.[0], String(PDUS[i][1]), `frame ${i + 1}`);
      t.deepEqual(fs[i].fields.get('nas_5gs.msg_auth_code'), [mac(PDUS[i])], `frame ${i + 1}`);
      t.deepEqual(fs[i].fields.get('nas_5gs.seq_no'), [String(PDUS[i][6])], `frame ${i + 1}`);
    }
    // Integrity protected only (types 1, 3): the plain Registration Request is dissected inside.
    t.deepEqual(fs[1].fields.get('nas_5gs.mm.message_type'), ['0x41']);
    t.deepEqual(fs[3].fields.get('nas_5gs.mm.message_type'), ['0x41']);
    // Ciphered (types 2, 4): the envelope only.
    t.is(fs[2].fields.get('nas_5gs.mm.message_type'), undefined);
    t.is(fs[4].fields.get('nas_5gs.mm.message_type'), undefined);
  });
}
