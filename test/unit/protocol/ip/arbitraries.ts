import fc from 'fast-check';
import { addressString } from '../../../../harness/protocol/common/ip-bytes.ts';
import {
  echoRequest,
  encodeIpPacket,
  ipv4Packet as v4Packet,
  udpDatagram,
  type ExtensionHeader,
  type Icmpv4Message,
  type Icmpv6Message,
  type IpPacket,
  type Ipv4Packet,
  type Ipv6Packet,
  type NdOption,
  type Pref64Length,
  type RawPayload,
  type TcpSegment,
  type UdpDatagram,
} from '../../../../harness/protocol/ip/index.ts';

/**
 * fast-check arbitraries for every shape the IP codec encodes: both families, every extension
 * header, UDP, TCP, ICMP, ICMPv6 with every ND option, raw payloads. Decoded values carry
 * `checksumValid: true` (and `headerChecksumValid` over IPv4), so a decode of their encoding
 * deep-equals them. What the codec keeps as octets (options, routing data, quoted packets) is
 * well-formed too, so tshark can be the oracle of the same packets (test/oracle/ip-random.test.ts);
 * malformed input is the fuzzers' business.
 */
export const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
export const ipv4Address = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => addressString(b));
export const ipv6Address = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => addressString(b));
export const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));
export const octets = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b));

const pref64 = fc
  .tuple(fc.constantFrom<Pref64Length>(32, 40, 48, 56, 64, 96), fc.uint8Array({ minLength: 12, maxLength: 12 }), u(13))
  .map(([prefixLength, b, l]) => ({
    type: 'pref64' as const,
    lifetime: l * 8,
    prefixLength,
    prefix: addressString(Buffer.concat([b, Buffer.alloc(4)])),
  }));

export const ndOption: fc.Arbitrary<NdOption> = fc.oneof(
  fc.record({ type: fc.constant('source-link-layer-address' as const), address: octets(6) }),
  fc.record({ type: fc.constant('target-link-layer-address' as const), address: octets(14) }),
  fc.record({
    type: fc.constant('prefix-information' as const),
    prefixLength: fc.integer({ min: 0, max: 128 }),
    onLink: fc.boolean(),
    autonomous: fc.boolean(),
    validLifetime: u(32),
    preferredLifetime: u(32),
    prefix: ipv6Address,
  }),
  fc.record({ type: fc.constant('mtu' as const), mtu: u(32) }),
  fc.record({
    type: fc.constant('rdnss' as const),
    lifetime: u(32),
    servers: fc.array(ipv6Address, { minLength: 1, maxLength: 3 }),
  }),
  pref64,
  fc.record({
    type: fc.constant('unknown' as const),
    optionType: fc.constantFrom(200, 253),
    data: fc.constantFrom(6, 14).chain(octets),
  }),
);
const options = fc.array(ndOption, { maxLength: 4 });

/** What an ICMPv6 error quotes (RFC 4443 §3): a whole packet, or its first 48 octets. */
const quoted6 = encodeIpPacket(echoRequest('2001:db8:100:1::5', '2001:db8:200::80', 1, 1, Buffer.alloc(24, 0x71)));
const invoking6 = fc.constantFrom(quoted6, quoted6.subarray(0, 48));
/** What an ICMP error quotes (RFC 792): the internet header and 64 bits of the datagram. */
const quoted4 = encodeIpPacket(v4Packet('192.0.2.1', '198.51.100.1', udpDatagram(5000, 6000, Buffer.alloc(8))));
const invoking4 = fc.constant(quoted4.subarray(0, 28));

export const icmpv6Message: fc.Arbitrary<Icmpv6Message> = fc.oneof(
  fc.record({
    type: fc.constantFrom('echo-request' as const, 'echo-reply' as const),
    identifier: u(16),
    sequence: u(16),
    data: bytes(64),
  }),
  fc.record({ type: fc.constant('packet-too-big' as const), mtu: u(32), invoking: invoking6 }),
  fc.record({
    type: fc.constantFrom('destination-unreachable' as const, 'time-exceeded' as const),
    code: u(8),
    invoking: invoking6,
  }),
  fc.record({ type: fc.constant('parameter-problem' as const), code: u(8), pointer: u(32), invoking: invoking6 }),
  fc.record({ type: fc.constant('router-solicitation' as const), options }),
  fc.record({
    type: fc.constant('router-advertisement' as const),
    curHopLimit: u(8),
    managed: fc.boolean(),
    other: fc.boolean(),
    otherFlags: u(6),
    routerLifetime: u(16),
    reachableTime: u(32),
    retransTimer: u(32),
    options,
  }),
  fc.record({ type: fc.constant('neighbor-solicitation' as const), target: ipv6Address, options }),
  fc.record({
    type: fc.constant('neighbor-advertisement' as const),
    router: fc.boolean(),
    solicited: fc.boolean(),
    override: fc.boolean(),
    target: ipv6Address,
    options,
  }),
  // RFC 4443 §2.1 private experimentation types.
  fc.record({
    type: fc.constant('unknown' as const),
    icmpType: fc.constantFrom(100, 101, 200, 201),
    code: u(8),
    body: fc.integer({ min: 4, max: 32 }).chain(octets),
  }),
);

export const icmpv4Message: fc.Arbitrary<Icmpv4Message> = fc.oneof(
  fc.record({
    type: fc.constantFrom('echo-request' as const, 'echo-reply' as const),
    identifier: u(16),
    sequence: u(16),
    data: bytes(32),
  }),
  fc.record({
    type: fc.constant('destination-unreachable' as const),
    code: u(8),
    nextHopMtu: u(16),
    invoking: invoking4,
  }),
  fc.record({ type: fc.constant('time-exceeded' as const), code: u(8), invoking: invoking4 }),
  // RFC 4727 experimental types.
  fc.record({
    type: fc.constant('unknown' as const),
    icmpType: fc.constantFrom(253, 254),
    code: u(8),
    body: fc.integer({ min: 4, max: 20 }).chain(octets),
  }),
);

export const udp: fc.Arbitrary<UdpDatagram> = fc.record({
  type: fc.constant('udp' as const),
  srcPort: u(16),
  dstPort: u(16),
  data: bytes(64),
  checksumValid: fc.constant(true),
});

export const tcp: fc.Arbitrary<TcpSegment> = fc.record({
  type: fc.constant('tcp' as const),
  srcPort: u(16),
  dstPort: u(16),
  seq: u(32),
  ack: u(32),
  flags: u(8),
  window: u(16),
  urgentPointer: u(16),
  // None; MSS; NOP NOP SACK-permitted; NOP NOP Timestamps; Window Scale and 36 octets of NOPs and EOL (RFC 9293 §3.2, RFC 7323, RFC 2018).
  options: fc
    .constantFrom(
      '',
      '020405b4',
      '01010402',
      '0101080a0000000100000002',
      `010303070101${'01'.repeat(30)}0000000000`.slice(0, 80),
    )
    .map((h) => Buffer.from(h, 'hex')),
  data: bytes(64),
  checksumValid: fc.constant(true),
});

/** Protocol numbers no codec claims: No Next Header (RFC 8200 §4.7), RFC 3692 experimentation. */
const raw: fc.Arbitrary<RawPayload> = fc.record({
  type: fc.constant('raw' as const),
  protocol: fc.constantFrom(59, 253, 254),
  data: bytes(64),
});

/** One option of RFC 4727's experimental type 0x1e (action 00: skip), filling the header (RFC 8200 §4.2). */
const tlvOptions = fc
  .constantFrom(6, 14)
  .chain((n) => octets(n - 2).map((d) => Buffer.concat([Buffer.from([0x1e, n - 2]), d])));

const extensionHeader: fc.Arbitrary<ExtensionHeader> = fc.oneof(
  fc.record({ type: fc.constant('destination-options' as const), options: tlvOptions }),
  // Types 0, 2 (one address after 4 reserved octets) and 4 (an SRH of one segment: Last Entry 0,
  // flags, tag) with Segments Left put the final destination in the pseudo-header (RFC 8200 §8.1);
  // 253 (RFC 4727 experimental) leaves the header's.
  fc.record({
    type: fc.constant('routing' as const),
    routingType: fc.constantFrom(0, 2),
    segmentsLeft: fc.constantFrom(0, 1),
    data: octets(16).map((a) => Buffer.concat([Buffer.alloc(4), a])),
  }),
  fc.record({
    type: fc.constant('routing' as const),
    routingType: fc.constant(4),
    segmentsLeft: fc.constantFrom(0),
    data: fc.tuple(u(16), octets(16)).map(([tag, a]) => Buffer.concat([Buffer.from([0, 0, tag >> 8, tag & 0xff]), a])),
  }),
  fc.record({
    type: fc.constant('routing' as const),
    routingType: fc.constant(253),
    segmentsLeft: u(8),
    data: fc.constantFrom(4, 20).chain(octets),
  }),
);

export const ipv6Packet: fc.Arbitrary<Ipv6Packet> = fc.record({
  version: fc.constant(6 as const),
  trafficClass: u(8),
  flowLabel: u(20),
  hopLimit: u(8),
  src: ipv6Address,
  dst: ipv6Address,
  extensionHeaders: fc.oneof(
    fc
      .tuple(
        fc.option(fc.record({ type: fc.constant('hop-by-hop' as const), options: tlvOptions }), { nil: undefined }),
        fc.array(extensionHeader, { maxLength: 2 }),
      )
      .map(([hbh, rest]) => (hbh ? [hbh, ...rest] : rest)),
  ),
  payload: fc.oneof(
    icmpv6Message.map((message) => ({ type: 'icmpv6' as const, message, checksumValid: true })),
    udp,
    tcp,
    raw,
  ),
});

/**
 * An IPv6 fragment: the payload's octets are not a whole upper layer, whatever the Next Header;
 * its data in units of 8 octets (RFC 8200 §4.5).
 */
export const ipv6Fragment: fc.Arbitrary<Ipv6Packet> = fc
  .tuple(
    ipv6Packet,
    u(13),
    fc.boolean(),
    u(32),
    fc.constantFrom(6, 17, 58),
    fc.integer({ min: 1, max: 8 }).chain((n) => octets(8 * n)),
  )
  .filter(([, offset, more]) => offset !== 0 || more)
  .map(([p, offset, more, identification, protocol, data]) => ({
    ...p,
    extensionHeaders: [{ type: 'fragment' as const, offset, more, identification }],
    payload: { type: 'raw' as const, protocol, data },
  }));

export const ipv4Packet: fc.Arbitrary<Ipv4Packet> = fc
  .record({
    version: fc.constant(4 as const),
    tos: u(8),
    identification: u(16),
    dontFragment: fc.boolean(),
    moreFragments: fc.boolean(),
    fragmentOffset: u(13),
    ttl: u(8),
    src: ipv4Address,
    dst: ipv4Address,
    // Router Alert (RFC 2113); NOPs and End of Option List (RFC 791 §3.1).
    options: fc.option(
      fc.constantFrom('94040000', '0101940400000000', `${'01'.repeat(36)}00000000`).map((h) => Buffer.from(h, 'hex')),
      { nil: undefined },
    ),
    headerChecksumValid: fc.constant(true),
    payload: fc.oneof(
      icmpv4Message.map((message) => ({ type: 'icmp' as const, message, checksumValid: true })),
      udp,
      tcp,
      raw,
    ),
  })
  .map((p) => {
    const q: Ipv4Packet = { ...p };
    if (q.options === undefined) delete q.options;
    // A fragment carries octets, not a decoded upper layer.
    if ((q.moreFragments || q.fragmentOffset) && q.payload.type !== 'raw')
      q.payload = {
        type: 'raw',
        protocol: q.payload.type === 'icmp' ? 1 : q.payload.type === 'udp' ? 17 : 6,
        data: Buffer.alloc(12, 7),
      };
    return q;
  });

export const ipPacket: fc.Arbitrary<IpPacket> = fc.oneof(ipv4Packet, ipv6Packet, ipv6Fragment);
