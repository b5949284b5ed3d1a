import { encodePacket, type SctpPacket } from '../../harness/protocol/sctp/index.ts';

/**
 * One SCTP packet of every chunk type the codec models, with every parameter and error cause,
 * as an association would send them (RFC 9260 §3.3): the oracle test dissects them with tshark
 * and the unit tests decode them. Quoted octets (unrecognized chunks and parameters, addresses)
 * are themselves well-formed TLVs, as a real peer would quote them.
 */
const quotedParam = Buffer.from('c0080008aabbccdd', 'hex'); // parameter type 0xc008, length 8
const quotedIpv6 = Buffer.concat([
  Buffer.from('00060014', 'hex'),
  Buffer.from('20010db8000000000000000000000001', 'hex'),
]);
const quotedChunk = Buffer.from('4d07000801020304', 'hex'); // chunk type 0x4d, flags 7, length 8

export const SCTP_SAMPLES: SctpPacket[] = [
  {
    srcPort: 50123,
    dstPort: 38412,
    verificationTag: 0,
    chunks: [
      {
        type: 'init',
        initiateTag: 0x1a2b3c4d,
        arwnd: 131072,
        outboundStreams: 10,
        inboundStreams: 65535,
        initialTsn: 0xfffffff0,
        params: [
          { param: 'ipv6-address', address: '2001:db8::1' },
          { param: 'ipv4-address', address: '192.0.2.1' },
          { param: 'cookie-preservative', increment: 60000 },
          { param: 'supported-address-types', types: [5, 6] },
          { param: 'ecn-capable' },
          { param: 'forward-tsn-supported' },
        ],
      },
    ],
  },
  {
    srcPort: 38412,
    dstPort: 50123,
    verificationTag: 0x1a2b3c4d,
    chunks: [
      {
        type: 'init-ack',
        initiateTag: 0x99887766,
        arwnd: 65536,
        outboundStreams: 2,
        inboundStreams: 10,
        initialTsn: 17,
        params: [
          { param: 'state-cookie', cookie: Buffer.from('a state cookie of 29 octets..') },
          { param: 'ipv6-address', address: '2001:db8::2' },
          { param: 'unrecognized-parameter', parameter: quotedParam },
        ],
      },
    ],
  },
  {
    srcPort: 50123,
    dstPort: 38412,
    verificationTag: 0x99887766,
    chunks: [
      { type: 'cookie-echo', cookie: Buffer.from('a state cookie of 29 octets..') },
      {
        type: 'data',
        tsn: 0xfffffff0,
        streamId: 0,
        ssn: 0,
        ppid: 0,
        unordered: false,
        beginning: true,
        ending: true,
        userData: Buffer.from('hello'),
      },
    ],
  },
  {
    srcPort: 38412,
    dstPort: 50123,
    verificationTag: 0x1a2b3c4d,
    chunks: [
      { type: 'cookie-ack' },
      { type: 'sack', cumulativeTsnAck: 0xfffffff0, arwnd: 65531, gapBlocks: [], duplicateTsns: [] },
    ],
  },
  {
    srcPort: 50123,
    dstPort: 38412,
    verificationTag: 0x99887766,
    chunks: [
      {
        type: 'data',
        tsn: 0xfffffff1,
        streamId: 3,
        ssn: 65535,
        ppid: 0,
        unordered: false,
        beginning: true,
        ending: false,
        userData: Buffer.alloc(13, 0x41),
      },
      {
        type: 'data',
        tsn: 0xfffffff2,
        streamId: 3,
        ssn: 65535,
        ppid: 0,
        unordered: false,
        beginning: false,
        ending: true,
        userData: Buffer.alloc(3, 0x42),
      },
      {
        type: 'data',
        tsn: 0xfffffff3,
        streamId: 9,
        ssn: 0,
        ppid: 0,
        unordered: true,
        beginning: true,
        ending: true,
        immediate: true,
        userData: Buffer.from([1]),
      },
    ],
  },
  {
    srcPort: 38412,
    dstPort: 50123,
    verificationTag: 0x1a2b3c4d,
    chunks: [
      {
        type: 'sack',
        cumulativeTsnAck: 0xfffffff1,
        arwnd: 1000,
        gapBlocks: [
          { start: 2, end: 3 },
          { start: 6, end: 6 },
        ],
        duplicateTsns: [0xfffffff0, 0xfffffff1],
      },
    ],
  },
  {
    srcPort: 38412,
    dstPort: 50123,
    verificationTag: 0x1a2b3c4d,
    chunks: [{ type: 'heartbeat', info: Buffer.from('0123456789abcdef0123') }],
  },
  {
    srcPort: 50123,
    dstPort: 38412,
    verificationTag: 0x99887766,
    chunks: [{ type: 'heartbeat-ack', info: Buffer.from('0123456789abcdef0123') }],
  },
  {
    srcPort: 50123,
    dstPort: 38412,
    verificationTag: 0x99887766,
    chunks: [
      {
        type: 'error',
        causes: [
          { cause: 'invalid-stream-identifier', streamId: 12 },
          { cause: 'missing-mandatory-parameter', paramTypes: [7] },
          { cause: 'stale-cookie', staleness: 1500000 },
          { cause: 'out-of-resource' },
          { cause: 'unresolvable-address', address: quotedIpv6 },
          { cause: 'unrecognized-chunk-type', chunk: quotedChunk },
          { cause: 'invalid-mandatory-parameter' },
          { cause: 'unrecognized-parameters', parameters: quotedParam },
          { cause: 'no-user-data', tsn: 77 },
          { cause: 'cookie-received-while-shutting-down' },
          { cause: 'restart-with-new-addresses', addresses: quotedIpv6 },
          { cause: 'protocol-violation', info: Buffer.from('bad') },
        ],
      },
    ],
  },
  {
    srcPort: 50123,
    dstPort: 38412,
    verificationTag: 0x99887766,
    chunks: [{ type: 'shutdown', cumulativeTsnAck: 16 }],
  },
  { srcPort: 38412, dstPort: 50123, verificationTag: 0x1a2b3c4d, chunks: [{ type: 'shutdown-ack' }] },
  {
    srcPort: 50123,
    dstPort: 38412,
    verificationTag: 0x99887766,
    chunks: [{ type: 'shutdown-complete', reflected: false }],
  },
  {
    srcPort: 50123,
    dstPort: 38412,
    verificationTag: 0x1a2b3c4d,
    chunks: [{ type: 'shutdown-complete', reflected: true }],
  },
  {
    srcPort: 38412,
    dstPort: 50123,
    verificationTag: 0x1a2b3c4d,
    chunks: [
      { type: 'abort', reflected: false, causes: [{ cause: 'user-initiated-abort', reason: Buffer.from('bye') }] },
    ],
  },
  {
    srcPort: 38412,
    dstPort: 50123,
    verificationTag: 0x99887766,
    chunks: [{ type: 'abort', reflected: true, causes: [] }],
  },
];

export const SCTP_SAMPLE_OCTETS = SCTP_SAMPLES.map((p) => encodePacket(p));
