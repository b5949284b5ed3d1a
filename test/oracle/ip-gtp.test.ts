import test from 'ava';
import * as gtpu from '../../harness/protocol/gtpu/index.ts';
import * as gtpv1c from '../../harness/protocol/gtpv1c/index.ts';
import { echoRequest, encodeIpPacket, fragmentIpv6, type Ipv6Packet } from '../../harness/protocol/ip/index.ts';
import { INVOKING, IPV4_SAMPLES, IPV6_SAMPLES } from '../helpers/ip-samples.ts';
import { dissect, udp, writePcap, type Frame } from '../helpers/tshark.ts';

/**
 * Independent oracle for the IP codec (IPv6/ICMPv6/ND, IPv4/ICMP, UDP, TCP), GTP-U and GTPv1-C: Wireshark must dissect what
 * we encode with no malformed packet, no error expert info (ICMPv6/UDP/IPv4 checksums verified)
 * and the field values we put in.
 */
const sgsn = { address: '2001:db8:5::1', port: 2152 };
const ggsn = { address: '2001:db8:5::7', port: 2152 };

const expectIcmpv6 = (p: Ipv6Packet): [string, string[]][] => {
  const m = p.payload.type === 'icmpv6' ? p.payload.message : undefined;
  // ICMPv6 errors quote the invoking packet (RFC 4443 §3), whose header tshark dissects as well.
  const quoted = m && 'invoking' in m;
  const f: [string, string[]][] = [
    ['ipv6.src', quoted ? [p.src, INVOKING.src] : [p.src]],
    ['ipv6.dst', quoted ? [p.dst, INVOKING.dst] : [p.dst]],
  ];
  if (!m) return f;
  // The outer checksum is verified (1); tshark leaves the quoted packet's unverified (2).
  f.push(['icmpv6.checksum.status', quoted ? ['1', '2'] : ['1']]);
  if (m.type === 'router-advertisement') {
    f.push(['icmpv6.nd.ra.router_lifetime', [String(m.routerLifetime)]]);
    for (const o of m.options) {
      if (o.type === 'prefix-information')
        f.push(
          ['icmpv6.opt.prefix', [o.prefix]],
          ['icmpv6.opt.prefix.length', [String(o.prefixLength)]],
          ['icmpv6.opt.prefix.flag.a', [o.autonomous ? '1' : '0']],
          ['icmpv6.opt.prefix.flag.l', [o.onLink ? '1' : '0']],
        );
      if (o.type === 'mtu') f.push(['icmpv6.opt.mtu', [String(o.mtu)]]);
      if (o.type === 'rdnss')
        f.push(['icmpv6.opt.rdnss', o.servers], ['icmpv6.opt.rdnss.lifetime', [String(o.lifetime)]]);
      if (o.type === 'pref64')
        f.push(
          ['icmpv6.opt.pref64.prefix', [o.prefix]],
          ['icmpv6.opt.pref64.scaled_lifetime', [String(o.lifetime / 8)]],
        );
    }
  }
  if (m.type === 'packet-too-big') f.push(['icmpv6.mtu', [String(m.mtu)]]);
  if (m.type === 'parameter-problem') f.push(['icmpv6.pointer', [String(m.pointer)]]);
  if (m.type === 'echo-request' || m.type === 'echo-reply')
    f.push(['icmpv6.echo.identifier', [`0x${m.identifier.toString(16).padStart(4, '0')}`]]);
  if (m.type === 'neighbor-solicitation') f.push(['icmpv6.nd.ns.target_address', [m.target]]);
  if (m.type === 'neighbor-advertisement')
    f.push(['icmpv6.nd.na.target_address', [m.target]], ['icmpv6.nd.na.flag.r', [m.router ? '1' : '0']]);
  return f;
};

const gpdu = (teid: number, inner: Buffer, ext: gtpu.ExtensionHeader[] = []) =>
  gtpu.encode({ type: 'g-pdu', teid, extensionHeaders: ext, ies: [], payload: inner });

let ipFrames: Frame[] = [];
let gtpFrames: Frame[] = [];
const gtpCases: { bytes: Buffer; fields: [string, string[]][] }[] = [
  {
    bytes: gpdu(0x11223344, encodeIpPacket(IPV6_SAMPLES[0])),
    fields: [
      ['gtp.message', ['0xff']],
      ['gtp.teid', ['0x11223344']],
      ['icmpv6.type', ['133']],
    ],
  },
  {
    bytes: gpdu(7, encodeIpPacket(IPV6_SAMPLES[4]), [gtpu.pduSessionContainer(1, 9)]),
    fields: [
      ['gtp.ext_hdr.pdu_ses_con.qos_flow_id', ['9']],
      ['gtp.ext_hdr.pdu_ses_con.pdu_type', ['1']],
      ['icmpv6.type', ['128']],
    ],
  },
  {
    bytes: gtpu.encode({ type: 'echo-request', teid: 0, sequence: 5, extensionHeaders: [], ies: [] }),
    fields: [
      ['gtp.message', ['0x01']],
      ['gtp.seq_number', ['0x0005']],
    ],
  },
  {
    bytes: gtpu.encode({
      type: 'echo-response',
      teid: 0,
      sequence: 5,
      extensionHeaders: [],
      ies: [{ ie: 'recovery', restartCounter: 0 }],
    }),
    fields: [
      ['gtp.message', ['0x02']],
      ['gtp.recovery', ['0']],
    ],
  },
  {
    bytes: gtpu.encode({
      type: 'error-indication',
      teid: 0,
      sequence: 9,
      extensionHeaders: [{ type: 'udp-port', port: 2152 }],
      ies: [
        { ie: 'teid-data-i', teid: 0xabcdef },
        { ie: 'peer-address', address: '2001:db8:5::7' },
      ],
    }),
    fields: [
      ['gtp.message', ['0x1a']],
      ['gtp.ext_hdr.udp_port', ['2152']],
      ['gtp.teid_data', ['0x00abcdef']],
      ['gtp.gsn_ipv6', ['2001:db8:5::7']],
    ],
  },
  {
    bytes: gtpu.encode({ type: 'end-marker', teid: 0x42, extensionHeaders: [], ies: [] }),
    fields: [
      ['gtp.message', ['0xfe']],
      ['gtp.teid', ['0x00000042']],
    ],
  },
];
const gtpcCases: { bytes: Buffer; fields: [string, string[]][] }[] = [
  {
    bytes: gtpv1c.encode({
      type: 'create-pdp-context-request',
      teid: 0,
      sequence: 0x77,
      ies: [
        { ie: 'imsi', digits: '001010000000001' },
        { ie: 'selection-mode', mode: 0 },
        { ie: 'teid-data-i', teid: 0x1001 },
        { ie: 'teid-control-plane', teid: 0x2001 },
        { ie: 'nsapi', nsapi: 5 },
        { ie: 'end-user-address', pdpTypeOrganization: 1, pdpType: 0x8d },
        { ie: 'apn', apn: 'inet46' },
        {
          ie: 'pco',
          configurationProtocol: 0,
          containers: [
            { id: 0x0003, contents: Buffer.alloc(0) },
            { id: 0x000d, contents: Buffer.alloc(0) },
          ],
        },
        { ie: 'gsn-address', address: '2001:db8:5::1' },
        { ie: 'gsn-address', address: '2001:db8:5::1' },
        { ie: 'msisdn', addressType: 0x91, digits: '819012345678' },
        { ie: 'qos-profile', allocationRetentionPriority: 2, data: Buffer.from('0b921f', 'hex') },
      ],
    }),
    fields: [
      ['gtp.message', ['0x10']],
      ['gtp.seq_number', ['0x0077']],
      ['gtp.user_addr_pdp_type', ['0x8d']],
      ['gtp.apn', ['inet46']],
      ['gtp.gsn_ipv6', ['2001:db8:5::1', '2001:db8:5::1']],
      ['gtp.nsapi', ['5']],
      ['gtp.teid_data', ['0x00001001']],
    ],
  },
  {
    bytes: gtpv1c.encode({
      type: 'create-pdp-context-response',
      teid: 0x2001,
      sequence: 0x77,
      ies: [
        { ie: 'cause', value: 128 },
        { ie: 'recovery', restartCounter: 4 },
        {
          ie: 'end-user-address',
          pdpTypeOrganization: 1,
          pdpType: 0x8d,
          ipv4: '198.51.100.9',
          ipv6: '2001:db8:100:1::1',
        },
      ],
    }),
    fields: [
      ['gtp.cause', ['128']],
      ['gtp.recovery', ['4']],
      ['gtp.user_ipv4', ['198.51.100.9']],
      ['gtp.user_ipv6', ['2001:db8:100:1::1']],
    ],
  },
  {
    bytes: gtpv1c.encode({
      type: 'delete-pdp-context-request',
      teid: 0x3001,
      sequence: 0x78,
      ies: [
        { ie: 'teardown-ind', teardown: true },
        { ie: 'nsapi', nsapi: 5 },
      ],
    }),
    fields: [['gtp.message', ['0x14']]],
  },
  {
    bytes: gtpv1c.encode({
      type: 'delete-pdp-context-response',
      teid: 0x2001,
      sequence: 0x78,
      ies: [{ ie: 'cause', value: 192 }],
    }),
    fields: [
      ['gtp.message', ['0x15']],
      ['gtp.cause', ['192']],
    ],
  },
  {
    bytes: gtpv1c.encode({
      type: 'update-pdp-context-request',
      teid: 0x3001,
      sequence: 0x79,
      ies: [
        { ie: 'teid-data-i', teid: 9 },
        { ie: 'nsapi', nsapi: 5 },
        { ie: 'gsn-address', address: '192.0.2.1' },
        { ie: 'gsn-address', address: '192.0.2.1' },
      ],
    }),
    fields: [
      ['gtp.message', ['0x12']],
      ['gtp.gsn_ipv4', ['192.0.2.1', '192.0.2.1']],
    ],
  },
  {
    bytes: gtpv1c.encode({
      type: 'update-pdp-context-response',
      teid: 0x2001,
      sequence: 0x79,
      ies: [{ ie: 'cause', value: 128 }],
    }),
    fields: [['gtp.message', ['0x13']]],
  },
  {
    bytes: gtpv1c.encode({ type: 'echo-request', teid: 0, sequence: 0x7a, ies: [] }),
    fields: [['gtp.message', ['0x01']]],
  },
  {
    bytes: gtpv1c.encode({
      type: 'echo-response',
      teid: 0,
      sequence: 0x7a,
      ies: [{ ie: 'recovery', restartCounter: 4 }],
    }),
    fields: [
      ['gtp.message', ['0x02']],
      ['gtp.recovery', ['4']],
    ],
  },
];

test.before(async () => {
  ipFrames = await dissect(writePcap(IPV6_SAMPLES.map(encodeIpPacket), 'ipv6'), {
    extraArgs: ['-o', 'tcp.check_checksum:TRUE'],
  });
  const v1 = { address: '192.0.2.1', port: 2123 };
  const v1b = { address: '192.0.2.7', port: 2123 };
  gtpFrames = await dissect(
    writePcap(
      [
        ...gtpCases.map((c, i) =>
          i % 2
            ? udp(c.bytes, { ...sgsn, address: '192.0.2.1' }, { ...ggsn, address: '192.0.2.7' })
            : udp(c.bytes, sgsn, ggsn),
        ),
        ...gtpcCases.map((c) => udp(c.bytes, v1, v1b)),
      ],
      'gtp',
    ),
  );
});

test('IPv6, ICMPv6 and ND packets dissect cleanly with verified checksums and the values we encoded', (t) => {
  t.is(ipFrames.length, IPV6_SAMPLES.length);
  IPV6_SAMPLES.forEach((p, i) => {
    const f = ipFrames[i];
    t.false(f.malformed, `frame ${i + 1}`);
    t.deepEqual(f.errors, [], `frame ${i + 1}`);
    for (const [name, values] of expectIcmpv6(p))
      t.deepEqual(f.fields.get(name) ?? [], values, `${name} in frame ${i + 1}`);
  });
  const udpFrame = ipFrames[10];
  t.is(udpFrame.fields.get('udp.checksum.status')?.[0], '1');
  t.deepEqual(udpFrame.fields.get('ipv6.flow'), ['0x0abcde']);
  t.deepEqual(ipFrames[11].fields.get('ipv6.fraghdr.ident'), ['0xdeadbeef']);
  t.deepEqual(ipFrames[11].fields.get('ipv6.fraghdr.more'), ['1']);
  // TCP behind Routing type 0: the checksum covers the final destination (RFC 8200 §8.1).
  t.is(ipFrames[12].fields.get('tcp.checksum.status')?.[0], '1');
  t.deepEqual(ipFrames[12].fields.get('tcp.options.mss_val'), ['1460']);
  t.deepEqual(ipFrames[12].fields.get('ipv6.routing.type'), ['0']);
});

test('tshark reassembles our fragments of a 3000-octet echo (RFC 8200 §4.5) and verifies its checksum', async (t) => {
  const big = encodeIpPacket(echoRequest('2001:db8:100:1::5', '2001:db8:200::80', 7, 1, Buffer.alloc(3000, 0x5a)));
  const frames = await dissect(writePcap(fragmentIpv6(big, 1280, 0x1234), 'fragments'));
  t.is(frames.length, 3);
  for (const f of frames) {
    t.false(f.malformed);
    t.deepEqual(f.errors, []);
  }
  t.deepEqual(frames[2].fields.get('ipv6.reassembled.length'), [String(big.length - 40)]);
  t.deepEqual(frames[2].fields.get('icmpv6.checksum.status'), ['1']);
  t.deepEqual(frames[2].fields.get('icmpv6.type'), ['128']);
});

test('IPv4 with ICMP Echo, TCP SYN, UDP, ICMP Fragmentation Needed and options dissects with good checksums', async (t) => {
  const frames = await dissect(writePcap(IPV4_SAMPLES.map(encodeIpPacket), 'ipv4'), {
    extraArgs: ['-o', 'tcp.check_checksum:TRUE'],
  });
  t.is(frames.length, IPV4_SAMPLES.length);
  for (const f of frames) {
    t.false(f.malformed);
    t.deepEqual(f.errors, []);
    t.is(f.fields.get('ip.checksum.status')?.[0], '1');
  }
  t.deepEqual(frames[0].fields.get('icmp.type'), ['8']);
  t.is(frames[0].fields.get('icmp.checksum.status')?.[0], '1');
  t.deepEqual(frames[1].fields.get('tcp.flags.syn'), ['1']);
  t.is(frames[1].fields.get('tcp.checksum.status')?.[0], '1');
  t.deepEqual(frames[1].fields.get('tcp.options.mss_val'), ['1460']);
  t.is(frames[2].fields.get('udp.checksum.status')?.[0], '1');
  t.deepEqual(frames[3].fields.get('icmp.mtu'), ['1400']);
  t.is(frames[3].fields.get('icmp.checksum.status')?.[0], '1');
  t.deepEqual(frames[4].fields.get('ip.hdr_len'), ['24']);
  t.deepEqual(frames[4].fields.get('ip.proto'), ['253']);
});

test('GTP-U and GTPv1-C messages dissect cleanly, inner packets included, with the values we encoded', (t) => {
  const cases = [...gtpCases, ...gtpcCases];
  t.is(gtpFrames.length, cases.length);
  cases.forEach((c, i) => {
    const f = gtpFrames[i];
    t.false(f.malformed, `frame ${i + 1}`);
    t.deepEqual(f.errors, [], `frame ${i + 1}`);
    for (const [name, values] of c.fields) t.deepEqual(f.fields.get(name) ?? [], values, `${name} in frame ${i + 1}`);
  });
});
