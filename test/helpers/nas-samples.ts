import type { NasMessage } from '../../harness/protocol/nas/index.ts';

const dnsRequest = {
  ie: 'pco' as const,
  value: {
    configurationProtocol: 0,
    containers: [
      { id: 0x0003, contents: Buffer.alloc(0) },
      { id: 0x000d, contents: Buffer.alloc(0) },
    ],
  },
};
export const ESM_SAMPLES: NasMessage[] = [
  {
    protocol: 'esm',
    type: 'pdn-connectivity-request',
    epsBearerIdentity: 0,
    pti: 1,
    requestType: 1,
    pdnType: 3,
    ies: [{ ie: 'esm-information-transfer-flag', value: 1 }, { ie: 'apn', value: 'internet' }, dnsRequest],
  },
  { protocol: 'esm', type: 'pdn-connectivity-reject', epsBearerIdentity: 0, pti: 1, esmCause: 50, ies: [] },
  {
    protocol: 'esm',
    type: 'activate-default-eps-bearer-context-request',
    epsBearerIdentity: 5,
    pti: 1,
    epsQos: { qci: 9 },
    apn: 'internet.mnc010.mcc440.gprs',
    pdnAddress: { type: 3, interfaceIdentifier: '::1a2b:3c4d:5e6f:7081', ipv4: '198.51.100.7' },
    ies: [
      { ie: 'esm-cause', value: 52 },
      {
        ie: 'pco',
        value: {
          configurationProtocol: 0,
          containers: [{ id: 0x0003, contents: Buffer.from('20010db8005300000000000000000001', 'hex') }],
        },
      },
    ],
  },
  { protocol: 'esm', type: 'activate-default-eps-bearer-context-accept', epsBearerIdentity: 5, pti: 0, ies: [] },
  { protocol: 'esm', type: 'esm-status', epsBearerIdentity: 5, pti: 1, esmCause: 51, ies: [] },
];
export const SM5G_SAMPLES: NasMessage[] = [
  {
    protocol: '5gsm',
    type: 'pdu-session-establishment-request',
    pduSessionId: 1,
    pti: 1,
    integrityProtectionMaximumDataRate: { uplink: 0xff, downlink: 0xff },
    ies: [
      { ie: 'pdu-session-type', value: 2 },
      { ie: 'ssc-mode', value: 1 },
    ],
  },
  {
    protocol: '5gsm',
    type: 'pdu-session-establishment-accept',
    pduSessionId: 1,
    pti: 1,
    selectedPduSessionType: 2,
    selectedSscMode: 1,
    authorizedQosRules: [
      {
        id: 1,
        operation: 1,
        dqr: true,
        filters: [{ id: 1, direction: 3, filter: { components: [{ type: 0x01, value: Buffer.alloc(0) }] } }],
        precedence: 255,
        qfi: 1,
        segregation: false,
      },
    ],
    sessionAmbr: { downlinkUnit: 6, downlink: 100, uplinkUnit: 6, uplink: 100 },
    ies: [
      { ie: 'pdu-address', value: { type: 2, interfaceIdentifier: '::aaaa:bbbb:cccc:dddd' } },
      { ie: 'dnn', value: 'internet' },
    ],
  },
  { protocol: '5gsm', type: 'pdu-session-establishment-reject', pduSessionId: 1, pti: 1, cause: 50, ies: [] },
];

/** IPv6 remote address 2001:db8:1::/64 (TS 24.008 Table 10.5.162 type 0x21), UDP, remote port 5060. */
const sipFilter = {
  components: [
    { type: 0x21, value: Buffer.from('20010db8000100000000000000000000' + '40', 'hex') },
    { type: 0x30, value: Buffer.of(17) },
    { type: 0x50, value: Buffer.from('13c4', 'hex') },
  ],
};
const epco = {
  ie: 'epco' as const,
  value: {
    configurationProtocol: 0,
    containers: [{ id: 0x0003, contents: Buffer.from('20010db8005300000000000000000001', 'hex') }],
  },
};

/** The ESM messages of TS 24.301 §8.3 beyond connectivity, one each, with the IEs they carry. */
export const ESM_MORE_SAMPLES: NasMessage[] = [
  {
    protocol: 'esm',
    type: 'activate-default-eps-bearer-context-reject',
    epsBearerIdentity: 5,
    pti: 0,
    esmCause: 31,
    ies: [],
  },
  {
    protocol: 'esm',
    type: 'activate-dedicated-eps-bearer-context-request',
    epsBearerIdentity: 6,
    pti: 0,
    linkedEpsBearerIdentity: 5,
    // QCI 1, MBR UL/DL 64 kbps (0x40), GBR UL/DL 64 kbps.
    epsQos: { qci: 1, rates: Buffer.from('40404040', 'hex') },
    tft: { operation: 1, filters: [{ id: 1, direction: 3, precedence: 10, filter: sipFilter }] },
    ies: [{ ie: 'radio-priority', value: 1 }, epco],
  },
  { protocol: 'esm', type: 'activate-dedicated-eps-bearer-context-accept', epsBearerIdentity: 6, pti: 0, ies: [] },
  {
    protocol: 'esm',
    type: 'activate-dedicated-eps-bearer-context-reject',
    epsBearerIdentity: 6,
    pti: 0,
    esmCause: 44,
    ies: [],
  },
  {
    protocol: 'esm',
    type: 'modify-eps-bearer-context-request',
    epsBearerIdentity: 6,
    pti: 0,
    ies: [
      { ie: 'new-eps-qos', value: { qci: 2 } },
      { ie: 'tft', value: { operation: 5, filterIds: [1] } },
      { ie: 'apn-ambr', value: Buffer.from('fefe', 'hex') },
    ],
  },
  { protocol: 'esm', type: 'modify-eps-bearer-context-accept', epsBearerIdentity: 6, pti: 0, ies: [] },
  { protocol: 'esm', type: 'modify-eps-bearer-context-reject', epsBearerIdentity: 6, pti: 0, esmCause: 41, ies: [] },
  {
    protocol: 'esm',
    type: 'deactivate-eps-bearer-context-request',
    epsBearerIdentity: 6,
    pti: 0,
    esmCause: 36,
    ies: [{ ie: 't3396-value', value: { unit: 5, value: 3 } }],
  },
  { protocol: 'esm', type: 'deactivate-eps-bearer-context-accept', epsBearerIdentity: 6, pti: 0, ies: [] },
  {
    protocol: 'esm',
    type: 'pdn-disconnect-request',
    epsBearerIdentity: 0,
    pti: 2,
    linkedEpsBearerIdentity: 5,
    ies: [],
  },
  { protocol: 'esm', type: 'pdn-disconnect-reject', epsBearerIdentity: 0, pti: 2, esmCause: 49, ies: [] },
  {
    protocol: 'esm',
    type: 'bearer-resource-allocation-request',
    epsBearerIdentity: 0,
    pti: 3,
    linkedEpsBearerIdentity: 5,
    trafficFlowAggregate: { operation: 1, filters: [{ id: 0, direction: 2, precedence: 0, filter: sipFilter }] },
    requiredTrafficFlowQos: { qci: 1, rates: Buffer.from('40404040', 'hex') },
    ies: [],
  },
  {
    protocol: 'esm',
    type: 'bearer-resource-allocation-reject',
    epsBearerIdentity: 0,
    pti: 3,
    esmCause: 30,
    ies: [{ ie: 'back-off-timer', value: { unit: 5, value: 1 } }],
  },
  {
    protocol: 'esm',
    type: 'bearer-resource-modification-request',
    epsBearerIdentity: 0,
    pti: 4,
    epsBearerIdentityForPacketFilter: 6,
    trafficFlowAggregate: { operation: 5, filterIds: [1] },
    ies: [{ ie: 'esm-cause', value: 36 }],
  },
  { protocol: 'esm', type: 'bearer-resource-modification-reject', epsBearerIdentity: 0, pti: 4, esmCause: 43, ies: [] },
  { protocol: 'esm', type: 'esm-information-request', epsBearerIdentity: 0, pti: 1, ies: [] },
  {
    protocol: 'esm',
    type: 'esm-information-response',
    epsBearerIdentity: 0,
    pti: 1,
    ies: [{ ie: 'apn', value: 'ims' }, dnsRequest],
  },
  // §8.3.18A: notification indicator 1, SRVCC handover cancelled, IMS session re-establishment required.
  { protocol: 'esm', type: 'notification', epsBearerIdentity: 5, pti: 0, notificationIndicator: Buffer.of(1), ies: [] },
  {
    protocol: 'esm',
    type: 'esm-data-transport',
    epsBearerIdentity: 5,
    pti: 0,
    userDataContainer: Buffer.from('v6harness'),
    ies: [{ ie: 'release-assistance-indication', value: 1 }],
  },
];

/** The 5GSM messages of TS 24.501 §8.3 beyond establishment, one each, with the IEs they carry. */
export const SM5G_MORE_SAMPLES: NasMessage[] = [
  // EAP Request/Identity, Response/Identity, Success (RFC 3748 §4, §5.1).
  {
    protocol: '5gsm',
    type: 'pdu-session-authentication-command',
    pduSessionId: 1,
    pti: 0,
    eapMessage: Buffer.from('0101000501', 'hex'),
    ies: [],
  },
  {
    protocol: '5gsm',
    type: 'pdu-session-authentication-complete',
    pduSessionId: 1,
    pti: 0,
    eapMessage: Buffer.from('020100060175', 'hex'),
    ies: [],
  },
  {
    protocol: '5gsm',
    type: 'pdu-session-authentication-result',
    pduSessionId: 1,
    pti: 0,
    ies: [{ ie: 'eap-message', value: Buffer.from('03010004', 'hex') }],
  },
  {
    protocol: '5gsm',
    type: 'pdu-session-modification-request',
    pduSessionId: 1,
    pti: 2,
    ies: [
      {
        ie: 'requested-qos-rules',
        value: [
          {
            id: 0,
            operation: 1,
            dqr: false,
            filters: [{ id: 1, direction: 3, filter: sipFilter }],
            precedence: 10,
            qfi: 0,
            segregation: false,
          },
        ],
      },
      {
        ie: 'requested-qos-flow-descriptions',
        value: [{ qfi: 0, operation: 1, e: true, parameters: [{ id: 1, contents: Buffer.of(1) }] }],
      },
    ],
  },
  {
    protocol: '5gsm',
    type: 'pdu-session-modification-reject',
    pduSessionId: 1,
    pti: 2,
    cause: 83,
    ies: [{ ie: 'back-off-timer', value: { unit: 5, value: 1 } }],
  },
  {
    protocol: '5gsm',
    type: 'pdu-session-modification-command',
    pduSessionId: 1,
    pti: 2,
    ies: [
      { ie: 'session-ambr', value: { downlinkUnit: 6, downlink: 200, uplinkUnit: 6, uplink: 50 } },
      {
        ie: 'authorized-qos-rules',
        value: [
          {
            id: 2,
            operation: 1,
            dqr: false,
            filters: [{ id: 1, direction: 3, filter: sipFilter }],
            precedence: 10,
            qfi: 2,
            segregation: false,
          },
        ],
      },
      {
        ie: 'authorized-qos-flow-descriptions',
        value: [
          {
            qfi: 2,
            operation: 1,
            e: true,
            parameters: [
              { id: 1, contents: Buffer.of(1) },
              { id: 2, contents: Buffer.from('010040', 'hex') },
              { id: 3, contents: Buffer.from('010040', 'hex') },
            ],
          },
        ],
      },
    ],
  },
  { protocol: '5gsm', type: 'pdu-session-modification-complete', pduSessionId: 1, pti: 2, ies: [] },
  { protocol: '5gsm', type: 'pdu-session-modification-command-reject', pduSessionId: 1, pti: 2, cause: 44, ies: [] },
  {
    protocol: '5gsm',
    type: 'pdu-session-release-request',
    pduSessionId: 1,
    pti: 3,
    ies: [{ ie: '5gsm-cause', value: 36 }],
  },
  { protocol: '5gsm', type: 'pdu-session-release-reject', pduSessionId: 1, pti: 3, cause: 43, ies: [] },
  {
    protocol: '5gsm',
    type: 'pdu-session-release-command',
    pduSessionId: 1,
    pti: 3,
    cause: 36,
    ies: [{ ie: 'back-off-timer', value: { unit: 7, value: 0 } }, epco],
  },
  { protocol: '5gsm', type: 'pdu-session-release-complete', pduSessionId: 1, pti: 3, ies: [] },
  { protocol: '5gsm', type: '5gsm-status', pduSessionId: 1, pti: 0, cause: 98, ies: [] },
];
