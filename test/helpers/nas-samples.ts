import type { NasMessage } from '../../harness/protocol/nas/index.ts';

const dnsRequest = {
  ie: 'pco' as const,
  configurationProtocol: 0,
  containers: [
    { id: 0x0003, contents: Buffer.alloc(0) },
    { id: 0x000d, contents: Buffer.alloc(0) },
  ],
};
export const ESM_SAMPLES: NasMessage[] = [
  {
    type: 'pdn-connectivity-request',
    epsBearerIdentity: 0,
    pti: 1,
    requestType: 1,
    pdnType: 3,
    ies: [{ ie: 'half', iei: 0xd, value: 1 }, { ie: 'apn', apn: 'internet' }, dnsRequest],
  },
  { type: 'pdn-connectivity-reject', epsBearerIdentity: 0, pti: 1, esmCause: 50, ies: [] },
  {
    type: 'activate-default-eps-bearer-context-request',
    epsBearerIdentity: 5,
    pti: 1,
    epsQos: Buffer.from([9]),
    apn: 'internet.mnc010.mcc440.gprs',
    pdnAddress: { type: 3, interfaceIdentifier: '::1a2b:3c4d:5e6f:7081', ipv4: '198.51.100.7' },
    ies: [
      { ie: 'esm-cause', cause: 52 },
      {
        ie: 'pco',
        configurationProtocol: 0,
        containers: [{ id: 0x0003, contents: Buffer.from('20010db8005300000000000000000001', 'hex') }],
      },
    ],
  },
  { type: 'activate-default-eps-bearer-context-accept', epsBearerIdentity: 5, pti: 0, ies: [] },
  { type: 'esm-status', epsBearerIdentity: 5, pti: 1, esmCause: 51, ies: [] },
];
export const SM5G_SAMPLES: NasMessage[] = [
  {
    type: 'pdu-session-establishment-request',
    pduSessionId: 1,
    pti: 1,
    integrityProtectionMaximumDataRate: 0xffff,
    ies: [
      { ie: 'half', iei: 0x9, value: 2 },
      { ie: 'half', iei: 0xa, value: 1 },
    ],
  },
  {
    type: 'pdu-session-establishment-accept',
    pduSessionId: 1,
    pti: 1,
    selectedPduSessionType: 2,
    selectedSscMode: 1,
    authorizedQosRules: Buffer.from('0100063101010109', 'hex'),
    sessionAmbr: Buffer.from('060064060064', 'hex'),
    ies: [
      { ie: 'pdu-address', address: { type: 2, interfaceIdentifier: '::aaaa:bbbb:cccc:dddd' } },
      { ie: 'apn', apn: 'internet' },
    ],
  },
  { type: 'pdu-session-establishment-reject', pduSessionId: 1, pti: 1, cause: 50, ies: [] },
];
