import {
  echoRequest,
  encodeIpPacket,
  icmpv4Packet,
  ipv4Packet,
  ipv6Packet,
  neighborSolicitation,
  routerAdvertisement,
  routerSolicitation,
  tcpSegment,
  TCP_FLAGS,
  udpDatagram,
  type Ipv4Packet,
  type Ipv6Packet,
} from '../../harness/protocol/ip/index.ts';

/** One of each ICMPv6/ND message, extension-header shape and IPv4 payload, for the oracle, the codec tests and the fuzzer. */
const ue = 'fe80::1a2b:3c4d:5e6f:7081';
const gw = 'fe80::1';
const mac = Buffer.from('02005e100001', 'hex');
/** The packet an ICMPv6 error quotes: an echo request from 2001:db8:100:1::5 to 2001:db8:200::80. */
export const INVOKING = { src: '2001:db8:100:1::5', dst: '2001:db8:200::80' };
const invoking = encodeIpPacket(echoRequest(INVOKING.src, INVOKING.dst, 1, 1));
export const IPV6_SAMPLES: Ipv6Packet[] = [
  routerSolicitation(ue, [{ type: 'source-link-layer-address', address: mac }]),
  routerAdvertisement(gw, ue, {
    routerLifetime: 65535,
    options: [
      {
        type: 'prefix-information',
        prefixLength: 64,
        onLink: false,
        autonomous: true,
        validLifetime: 0xffffffff,
        preferredLifetime: 0xffffffff,
        prefix: '2001:db8:100:1::',
      },
      { type: 'mtu', mtu: 1358 },
      { type: 'rdnss', lifetime: 3600, servers: ['2001:db8:53::1', '2001:db8:53::2'] },
      { type: 'pref64', lifetime: 1800, prefixLength: 96, prefix: '64:ff9b::' },
      { type: 'source-link-layer-address', address: mac },
    ],
  }),
  neighborSolicitation('2001:db8:100:1::5', 'ff02::1:ff00:1', '2001:db8:100:1::1', [
    { type: 'source-link-layer-address', address: mac },
  ]),
  {
    version: 6,
    trafficClass: 0,
    flowLabel: 0,
    hopLimit: 255,
    src: '2001:db8:100:1::1',
    dst: '2001:db8:100:1::5',
    extensionHeaders: [],
    payload: {
      type: 'icmpv6',
      message: {
        type: 'neighbor-advertisement',
        router: true,
        solicited: true,
        override: false,
        target: '2001:db8:100:1::1',
        options: [{ type: 'target-link-layer-address', address: mac }],
      },
    },
  },
  echoRequest('2001:db8:100:1::5', '2001:db8:200::80', 0x1234, 1, Buffer.from('v6harness ping')),
  {
    ...echoRequest('2001:db8:200::80', '2001:db8:100:1::5', 0x1234, 1, Buffer.from('v6harness ping')),
    payload: {
      type: 'icmpv6',
      message: { type: 'echo-reply', identifier: 0x1234, sequence: 1, data: Buffer.from('v6harness ping') },
    },
  },
  {
    ...echoRequest('2001:db8::1', '2001:db8::2', 0, 0),
    payload: { type: 'icmpv6', message: { type: 'packet-too-big', mtu: 1280, invoking } },
  },
  {
    ...echoRequest('2001:db8::1', '2001:db8::2', 0, 0),
    payload: { type: 'icmpv6', message: { type: 'destination-unreachable', code: 4, invoking } },
  },
  {
    ...echoRequest('2001:db8::1', '2001:db8::2', 0, 0),
    payload: { type: 'icmpv6', message: { type: 'time-exceeded', code: 0, invoking } },
  },
  {
    ...echoRequest('2001:db8::1', '2001:db8::2', 0, 0),
    payload: { type: 'icmpv6', message: { type: 'parameter-problem', code: 1, pointer: 40, invoking } },
  },
  {
    version: 6,
    trafficClass: 0x28,
    flowLabel: 0xabcde,
    hopLimit: 64,
    src: '2001:db8:100:1::5',
    dst: '2001:db8:200::53',
    extensionHeaders: [
      { type: 'hop-by-hop', options: Buffer.from('050200000100', 'hex') },
      { type: 'destination-options', options: Buffer.from('010400000000', 'hex') },
    ],
    payload: {
      type: 'udp',
      srcPort: 40000,
      dstPort: 53,
      data: Buffer.from('0001010000010000000000000377777706676f6f676c6503636f6d00001c0001', 'hex'),
    },
  },
  {
    version: 6,
    trafficClass: 0,
    flowLabel: 0,
    hopLimit: 64,
    src: '2001:db8:100:1::5',
    dst: '2001:db8:200::80',
    extensionHeaders: [{ type: 'fragment', offset: 0, more: true, identification: 0xdeadbeef }],
    payload: { type: 'raw', protocol: 58, data: Buffer.alloc(16, 0x42) },
  },
  // A SYN with an MSS option (RFC 9293 §3.2) behind a Routing header of type 0 (RFC 5095, for the
  // dissector: its pseudo-header holds the final destination, RFC 8200 §8.1).
  ipv6Packet(
    '2001:db8::1',
    '2001:db8::2',
    tcpSegment({
      srcPort: 40000,
      dstPort: 80,
      seq: 1000,
      flags: TCP_FLAGS.SYN,
      options: Buffer.from('020405b4', 'hex'),
    }),
    {
      extensionHeaders: [
        {
          type: 'routing',
          routingType: 0,
          segmentsLeft: 1,
          data: Buffer.concat([Buffer.alloc(4), Buffer.from('20010db8000000000000000000000080', 'hex')]),
        },
      ],
    },
  ),
];

const V4 = { src: '192.0.2.1', dst: '198.51.100.1' };
/** The packet an ICMP error quotes: a UDP datagram's IPv4 header and first 8 octets (RFC 792). */
const quoted = encodeIpPacket(ipv4Packet(V4.src, V4.dst, udpDatagram(5000, 6000, Buffer.alloc(8)))).subarray(0, 28);
export const IPV4_SAMPLES: Ipv4Packet[] = [
  icmpv4Packet(V4.src, V4.dst, { type: 'echo-request', identifier: 1, sequence: 1, data: Buffer.alloc(8) }),
  ipv4Packet(
    V4.src,
    V4.dst,
    tcpSegment({
      srcPort: 40000,
      dstPort: 80,
      seq: 1000,
      flags: TCP_FLAGS.SYN,
      options: Buffer.from('020405b4', 'hex'),
    }),
    { identification: 7 },
  ),
  ipv4Packet(V4.src, V4.dst, udpDatagram(5000, 7, Buffer.from('ping'))),
  icmpv4Packet(V4.src, V4.dst, { type: 'destination-unreachable', code: 4, nextHopMtu: 1400, invoking: quoted }),
  // The Router Alert option (RFC 2113), then protocol 253 (RFC 3692 experimentation) as octets.
  {
    ...ipv4Packet(V4.src, V4.dst, { type: 'raw', protocol: 253, data: Buffer.from('v6harness') }),
    options: Buffer.from('94040000', 'hex'),
  },
];
