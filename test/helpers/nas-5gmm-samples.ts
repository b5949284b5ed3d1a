import { conceal, homeNetworkPublicKey, homeVector } from '../../harness/protocol/crypto5g/index.ts';
import { encode, type NasMessage, suciNullScheme } from '../../harness/protocol/nas/index.ts';

/**
 * One 5GMM message of each type TS 24.501 §8.2 defines for registration, authentication,
 * security mode, deregistration, service request and NAS transport, with values a real exchange
 * has: SUCI (null scheme and ECIES profile A), 5G-GUTI, 5G-S-TMSI, IMEISV, RAND/AUTN/RES* from
 * MILENAGE (TS 35.208 test set 1 subscriber), NSSAI, an N1 SM payload (a 5GSM PDU session
 * establishment request) with PDU session ID, DNN, S-NSSAI and request type.
 */
export const PLMN = { mcc: '001', mnc: '01' };
const SUB = {
  k: Buffer.from('465b5ce8b199b49faa5f0a2ee238a6bc', 'hex'),
  opc: Buffer.from('cd63cb71954a9f4e48a5994e37a02baf', 'hex'),
};
export const AV = homeVector(
  SUB,
  PLMN,
  Buffer.from('23553cbe9637a89d218ae64dae47bf35', 'hex'),
  Buffer.from('000000000021', 'hex'),
);
const HN_PRIVATE = Buffer.alloc(32, 0x42);
const SUCI_A = conceal('A', homeNetworkPublicKey('A', HN_PRIVATE), Buffer.from('0000000010', 'hex'));

const mm = <T extends NasMessage>(m: T) => m;
const SM_REQUEST = encode({
  protocol: '5gsm',
  type: 'pdu-session-establishment-request',
  pduSessionId: 1,
  pti: 1,
  integrityProtectionMaximumDataRate: { uplink: 0xff, downlink: 0xff },
  ies: [{ ie: 'pdu-session-type', value: 3 }],
} as NasMessage);

const GUTI = {
  type: '5g-guti' as const,
  plmn: PLMN,
  amfRegionId: 0xca,
  amfSetId: 0x3f8,
  amfPointer: 0x21,
  tmsi: 0x01020304,
};

export const MM5G_SAMPLES: NasMessage[] = [
  mm({
    protocol: '5gmm',
    type: 'registration-request',
    registrationType: 0x9,
    ngKsi: 7,
    mobileIdentity: suciNullScheme(PLMN, '0000000001'),
    ies: [
      { ie: 'ue-security-capability', value: { ea: 0xe0, ia: 0x60, eea: 0xe0, eia: 0x60 } },
      { ie: 'requested-nssai', value: [{ sst: 1 }, { sst: 1, sd: 0x010203 }] },
    ],
  }),
  mm({
    protocol: '5gmm',
    type: 'registration-request',
    registrationType: 0x1,
    ngKsi: 7,
    mobileIdentity: {
      type: 'suci',
      supiFormat: 'imsi',
      plmn: PLMN,
      routingIndicator: '0',
      protectionScheme: 1,
      homeNetworkPublicKeyId: 1,
      schemeOutput: SUCI_A,
    },
    ies: [{ ie: 'ue-security-capability', value: { ea: 0xa0, ia: 0x20 } }],
  }),
  mm({
    protocol: '5gmm',
    type: 'registration-accept',
    registrationResult: Buffer.from([0x01]),
    ies: [
      { ie: '5g-guti', value: GUTI },
      { ie: 'allowed-nssai', value: [{ sst: 1 }] },
      { ie: 't3512-value', value: { unit: 0, value: 6 } },
    ],
  }),
  mm({ protocol: '5gmm', type: 'registration-complete', ies: [] }),
  mm({ protocol: '5gmm', type: 'registration-reject', cause: 7, ies: [] }),
  mm({
    protocol: '5gmm',
    type: 'authentication-request',
    ngKsi: 0,
    abba: Buffer.from([0, 0]),
    ies: [
      { ie: 'rand', value: AV.rand },
      { ie: 'autn', value: AV.autn },
    ],
  }),
  mm({
    protocol: '5gmm',
    type: 'authentication-response',
    ies: [{ ie: 'authentication-response-parameter', value: AV.xresStar }],
  }),
  mm({ protocol: '5gmm', type: 'authentication-reject', ies: [] }),
  mm({
    protocol: '5gmm',
    type: 'authentication-result',
    ngKsi: 0,
    // EAP-Success (RFC 3748 §4.2): code 3, identifier 1, length 4.
    eapMessage: Buffer.from('03010004', 'hex'),
    ies: [{ ie: 'abba', value: Buffer.from([0, 0]) }],
  }),
  mm({
    protocol: '5gmm',
    type: 'authentication-failure',
    cause: 21,
    ies: [{ ie: 'authentication-failure-parameter', value: Buffer.from('0102030405060708090a0b0c0d0e', 'hex') }],
  }),
  mm({
    protocol: '5gmm',
    type: 'security-mode-command',
    selectedNasSecurityAlgorithms: 0x22,
    ngKsi: 0,
    replayedUeSecurityCapabilities: { ea: 0xe0, ia: 0x60, eea: 0xe0, eia: 0x60 },
    ies: [{ ie: 'imeisv-request', value: 1 }],
  }),
  mm({
    protocol: '5gmm',
    type: 'security-mode-complete',
    ies: [
      { ie: 'imeisv', value: { type: 'imeisv', digits: '4370816125816151' } },
      { ie: 'nas-message-container', value: Buffer.from('7e004179000d0100f110000000000000000010', 'hex') },
    ],
  }),
  mm({ protocol: '5gmm', type: 'security-mode-reject', cause: 23, ies: [] }),
  mm({
    protocol: '5gmm',
    type: 'deregistration-request-ue-originating',
    deregistrationType: 0x1,
    ngKsi: 0,
    mobileIdentity: GUTI,
    ies: [],
  }),
  mm({ protocol: '5gmm', type: 'deregistration-accept-ue-originating', ies: [] }),
  mm({
    protocol: '5gmm',
    type: 'deregistration-request-ue-terminated',
    deregistrationType: 0x5,
    ies: [{ ie: '5gmm-cause', value: 10 }],
  }),
  mm({ protocol: '5gmm', type: 'deregistration-accept-ue-terminated', ies: [] }),
  mm({
    protocol: '5gmm',
    type: 'service-request',
    serviceType: 1,
    ngKsi: 0,
    fiveGSTmsi: { type: '5g-s-tmsi', amfSetId: 0x3f8, amfPointer: 0x21, tmsi: 0x01020304 },
    ies: [{ ie: 'uplink-data-status', value: Buffer.from([0x02, 0x00]) }],
  }),
  mm({
    protocol: '5gmm',
    type: 'service-accept',
    ies: [{ ie: 'pdu-session-status', value: Buffer.from([0x02, 0x00]) }],
  }),
  mm({ protocol: '5gmm', type: 'service-reject', cause: 9, ies: [] }),
  mm({ protocol: '5gmm', type: '5gmm-status', cause: 111, ies: [] }),
  mm({
    protocol: '5gmm',
    type: 'ul-nas-transport',
    payloadContainerType: 1,
    payloadContainer: SM_REQUEST,
    ies: [
      { ie: 'pdu-session-id', value: 1 },
      { ie: 'request-type', value: 1 },
      { ie: 's-nssai', value: { sst: 1, sd: 0x010203 } },
      { ie: 'dnn', value: 'internet' },
    ],
  }),
  mm({
    protocol: '5gmm',
    type: 'dl-nas-transport',
    payloadContainerType: 1,
    payloadContainer: SM_REQUEST,
    ies: [
      { ie: 'pdu-session-id', value: 1 },
      { ie: '5gmm-cause', value: 90 },
    ],
  }),
];
