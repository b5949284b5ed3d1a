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
