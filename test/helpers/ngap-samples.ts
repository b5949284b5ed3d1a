import {
  globalGnbId,
  gtpTunnel,
  type NgapPdu,
  ngapMessage,
  nrUserLocation,
  qosFlow,
  setupRequestTransfer,
  setupResponseTransfer,
  encodeTransfer,
  pduSessionResourceReleaseCommandTransfer,
  pduSessionResourceReleaseResponseTransfer,
  pduSessionResourceSetupUnsuccessfulTransfer,
} from '../../harness/protocol/ngap/index.ts';

/**
 * One NGAP message per procedure outcome a registration and a PDU session use (TS 38.413), with
 * IPv4, IPv6 and dual-stack (160-bit) transport layer addresses, an unknown IE and an unknown
 * iE-Extension kept raw. The NAS-PDUs are valid 5GMM messages so tshark dissects them too.
 */
export const PLMN = { mcc: '001', mnc: '01' };
const PLMN3 = { mcc: '001', mnc: '123' };
export const ULI = nrUserLocation(PLMN, 0x123456789, 0x000001);

/** Registration Request, initial, SUCI null scheme (TS 24.501 §8.2.6). */
export const NAS_REGISTRATION_REQUEST = Buffer.from('7e004179000d0100f110000000000000000010', 'hex');
/** Authentication Request: ngKSI 0, ABBA 0000, RAND, AUTN (§8.2.1). */
export const NAS_AUTHENTICATION_REQUEST = Buffer.from(
  `7e005600020000210102030405060708090a0b0c0d0e0f1020${'10'}${'a1'.repeat(16)}`,
  'hex',
);
/** Authentication Response with RES* (§8.2.2). */
export const NAS_AUTHENTICATION_RESPONSE = Buffer.from(`7e00572d10${'b2'.repeat(16)}`, 'hex');
/** 5GMM Status, cause #111 (§8.2.29). */
export const NAS_5GMM_STATUS = Buffer.from('7e00646f', 'hex');

export const SECURITY_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));

export const UL_TRANSFER_DUAL = setupRequestTransfer({
  PDUSessionAggregateMaximumBitRate: {
    pduSessionAggregateMaximumBitRateDl: 1_000_000_000,
    pduSessionAggregateMaximumBitRateUl: 500_000_000,
  },
  'UL-NGU-UP-TNLInformation': gtpTunnel({ ipv4: '192.0.2.10', ipv6: '2001:db8:5::10' }, 0x01020304),
  PDUSessionType: 'ipv4v6',
  QosFlowSetupRequestList: [qosFlow(1, 9, 8), qosFlow(2, 5, 1)],
});
export const UL_TRANSFER_V6 = setupRequestTransfer({
  'UL-NGU-UP-TNLInformation': gtpTunnel({ ipv6: '2001:db8:5::11' }, 0xdeadbeef),
  PDUSessionType: 'ipv6',
  SecurityIndication: {
    integrityProtectionIndication: 'not-needed',
    confidentialityProtectionIndication: 'preferred',
  },
  QosFlowSetupRequestList: [qosFlow(1)],
});
export const DL_TRANSFER_V4 = setupResponseTransfer(gtpTunnel({ ipv4: '198.51.100.20' }, 0x0a0b0c0d), [1, 2]);
export const DL_TRANSFER_V6 = setupResponseTransfer(gtpTunnel({ ipv6: '2001:db8:6::20' }, 7), [1]);

export const NGAP_SAMPLES: NgapPdu[] = [
  ngapMessage('NGSetupRequest', {
    GlobalRANNodeID: globalGnbId(PLMN, 0x1234, 24),
    RANNodeName: 'gnb-v6harness',
    SupportedTAList: [
      {
        tac: 1,
        broadcastPlmnList: [
          { plmnIdentity: PLMN, taiSliceSupportList: [{ sNssai: { sst: 1 } }, { sNssai: { sst: 1, sd: 0x010203 } }] },
          { plmnIdentity: PLMN3, taiSliceSupportList: [{ sNssai: { sst: 2 } }] },
        ],
      },
    ],
    DefaultPagingDRX: 'v128',
  }),
  ngapMessage('NGSetupResponse', {
    AMFName: 'amf.v6harness.example',
    ServedGUAMIList: [{ guami: { plmnIdentity: PLMN, amfRegionId: 0xca, amfSetId: 0x3f8, amfPointer: 0x21 } }],
    RelativeAMFCapacity: 255,
    PLMNSupportList: [{ plmnIdentity: PLMN, sliceSupportList: [{ sNssai: { sst: 1, sd: 0xffffff } }] }],
  }),
  ngapMessage('NGSetupFailure', { Cause: { choice: 'misc', value: 'unknown-PLMN' }, TimeToWait: 'v10s' }),
  ngapMessage('InitialUEMessage', {
    'RAN-UE-NGAP-ID': 1,
    'NAS-PDU': NAS_REGISTRATION_REQUEST,
    UserLocationInformation: ULI,
    RRCEstablishmentCause: 'mo-Signalling',
    UEContextRequest: 'requested',
  }),
  ngapMessage('DownlinkNASTransport', {
    'AMF-UE-NGAP-ID': 2 ** 40 - 1,
    'RAN-UE-NGAP-ID': 1,
    'NAS-PDU': NAS_AUTHENTICATION_REQUEST,
  }),
  ngapMessage('UplinkNASTransport', {
    'AMF-UE-NGAP-ID': 2 ** 40 - 1,
    'RAN-UE-NGAP-ID': 1,
    'NAS-PDU': NAS_AUTHENTICATION_RESPONSE,
    UserLocationInformation: ULI,
  }),
  ngapMessage('InitialContextSetupRequest', {
    'AMF-UE-NGAP-ID': 300,
    'RAN-UE-NGAP-ID': 4_294_967_295,
    UEAggregateMaximumBitRate: { ueAggregateMaximumBitRateDl: 4_000_000_000_000, ueAggregateMaximumBitRateUl: 1 },
    GUAMI: { plmnIdentity: PLMN, amfRegionId: 0xca, amfSetId: 0x3f8, amfPointer: 0x21 },
    PDUSessionResourceSetupListCxtReq: [
      {
        pduSessionId: 5,
        sNssai: { sst: 1, sd: 0x010203 },
        pduSessionResourceSetupRequestTransfer: UL_TRANSFER_V6,
      },
    ],
    AllowedNSSAI: [{ sNssai: { sst: 1 } }, { sNssai: { sst: 1, sd: 0x010203 } }],
    UESecurityCapabilities: {
      nrEncryptionAlgorithms: 0xe000,
      nrIntegrityProtectionAlgorithms: 0xe000,
      eutraEncryptionAlgorithms: 0xe000,
      eutraIntegrityProtectionAlgorithms: 0xe000,
    },
    SecurityKey: { data: SECURITY_KEY, length: 256 },
    'NAS-PDU': NAS_5GMM_STATUS,
  }),
  ngapMessage('InitialContextSetupResponse', {
    'AMF-UE-NGAP-ID': 300,
    'RAN-UE-NGAP-ID': 4_294_967_295,
    PDUSessionResourceSetupListCxtRes: [{ pduSessionId: 5, pduSessionResourceSetupResponseTransfer: DL_TRANSFER_V6 }],
  }),
  ngapMessage('InitialContextSetupFailure', {
    'AMF-UE-NGAP-ID': 300,
    'RAN-UE-NGAP-ID': 7,
    Cause: { choice: 'radioNetwork', value: 'release-due-to-pre-emption' },
  }),
  ngapMessage('PDUSessionResourceSetupRequest', {
    'AMF-UE-NGAP-ID': 1,
    'RAN-UE-NGAP-ID': 1,
    PDUSessionResourceSetupListSUReq: [
      {
        pduSessionId: 1,
        pduSessionNasPdu: NAS_5GMM_STATUS,
        sNssai: { sst: 1 },
        pduSessionResourceSetupRequestTransfer: UL_TRANSFER_DUAL,
      },
    ],
  }),
  ngapMessage('PDUSessionResourceSetupResponse', {
    'AMF-UE-NGAP-ID': 1,
    'RAN-UE-NGAP-ID': 1,
    PDUSessionResourceSetupListSURes: [{ pduSessionId: 1, pduSessionResourceSetupResponseTransfer: DL_TRANSFER_V4 }],
    PDUSessionResourceFailedToSetupListSURes: [
      {
        pduSessionId: 2,
        pduSessionResourceSetupUnsuccessfulTransfer: encodeTransfer(pduSessionResourceSetupUnsuccessfulTransfer, {
          cause: { choice: 'radioNetwork', value: 'multiple-PDU-session-ID-instances' },
        }),
      },
    ],
  }),
  ngapMessage('PDUSessionResourceReleaseCommand', {
    'AMF-UE-NGAP-ID': 1,
    'RAN-UE-NGAP-ID': 1,
    PDUSessionResourceToReleaseListRelCmd: [
      {
        pduSessionId: 1,
        pduSessionResourceReleaseCommandTransfer: encodeTransfer(pduSessionResourceReleaseCommandTransfer, {
          cause: { choice: 'nas', value: 'normal-release' },
        }),
      },
    ],
  }),
  ngapMessage('PDUSessionResourceReleaseResponse', {
    'AMF-UE-NGAP-ID': 1,
    'RAN-UE-NGAP-ID': 1,
    PDUSessionResourceReleasedListRelRes: [
      {
        pduSessionId: 1,
        pduSessionResourceReleaseResponseTransfer: encodeTransfer(pduSessionResourceReleaseResponseTransfer, {}),
      },
    ],
  }),
  ngapMessage('UEContextReleaseRequest', {
    'AMF-UE-NGAP-ID': 1,
    'RAN-UE-NGAP-ID': 1,
    PDUSessionResourceListCxtRelReq: [{ pduSessionId: 1 }],
    Cause: { choice: 'radioNetwork', value: 'user-inactivity' },
  }),
  ngapMessage('UEContextReleaseCommand', {
    'UE-NGAP-IDs': { choice: 'ueNgapIdPair', value: { amfUeNgapId: 1, ranUeNgapId: 1 } },
    Cause: { choice: 'nas', value: 'deregister' },
  }),
  ngapMessage('UEContextReleaseComplete', {
    'AMF-UE-NGAP-ID': 1,
    'RAN-UE-NGAP-ID': 1,
    UserLocationInformation: ULI,
    PDUSessionResourceListCxtRelCpl: [{ pduSessionId: 1 }],
  }),
  ngapMessage('ErrorIndication', {
    'AMF-UE-NGAP-ID': 9,
    Cause: { choice: 'protocol', value: 'abstract-syntax-error-reject' },
    CriticalityDiagnostics: {
      procedureCode: 29,
      triggeringMessage: 'initiating-message',
      procedureCriticality: 'reject',
      iesCriticalityDiagnostics: [{ ieCriticality: 'reject', ieId: 74, typeOfError: 'missing' }],
    },
  }),
];
