import test from 'ava';
import fc from 'fast-check';
import { DecodeError, EncodeError } from '../../../../harness/protocol/common/decode-error.ts';
import {
  applyAction,
  causeName,
  dateFromNtpSeconds,
  decode,
  encode,
  encodingLength,
  findIe,
  findIes,
  flagNames,
  flagsIe,
  hasFlag,
  networkInstance,
  ntpSecondsFromDate,
  OUTER_HEADER_CREATION,
  PFCP_PORT,
  recoveryTimeStamp,
  type PfcpMessage,
} from '../../../../harness/protocol/pfcp/index.ts';
import { PFCP_SAMPLES } from '../../../helpers/pfcp-samples.ts';
import { message } from './arbitraries.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('decode(encode(m)) deep-equals m for every message type and IE, nested grouped IEs and FO chains (fast-check)', (t) => {
  fc.assert(
    fc.property(message, (m) => {
      const b = encode(m);
      t.is(encodingLength(m), b.length);
      t.deepEqual(decode(b), m);
    }),
    { numRuns: 3000, seed: 29244 },
  );
});

test('encode(m, buf, offset) writes the same octets into a caller buffer and returns their count (fast-check)', (t) => {
  fc.assert(
    fc.property(message, fc.integer({ min: 0, max: 7 }), (m, offset) => {
      const own = encode(m);
      const buf = Buffer.alloc(own.length + offset + 3, 0xee);
      t.is(encode(m, buf, offset), own.length);
      t.deepEqual(buf.subarray(offset, offset + own.length), own);
      t.is(buf[offset + own.length], 0xee);
    }),
    { numRuns: 300, seed: 8805 },
  );
});

test('encode(decode(bytes)) equals bytes for every sample', (t) => {
  for (const m of PFCP_SAMPLES) {
    const b = encode(m);
    t.deepEqual(encode(decode(b)), b, m.type);
  }
});

test('header (§7.2.2): node message without SEID, session message with SEID and message priority', (t) => {
  const hb = encode({
    type: 'heartbeat-request',
    sequence: 0x010203,
    ies: [{ ie: 'recovery-time-stamp', seconds: 0xe3c0b3a0 }],
  });
  t.deepEqual(hb, hex('20 01 000c 010203 00   0060 0004 e3c0b3a0'));
  const est = encode({
    type: 'session-establishment-request',
    seid: 0x0102030405060708n,
    sequence: 7,
    priority: 12,
    ies: [{ ie: 'cause', value: 1 }],
  });
  t.deepEqual(est, hex('23 32 0011 0102030405060708 000007 c0   0013 0001 01'));
  t.deepEqual(decode(est), {
    type: 'session-establishment-request',
    seid: 0x0102030405060708n,
    sequence: 7,
    priority: 12,
    ies: [{ ie: 'cause', value: 1 }],
  });
  t.is(PFCP_PORT, 8805);
});

test('FO (§7.2.2.1): chained messages in one datagram', (t) => {
  const b = hex('24 01 0004 000001 00   21 36 000c 0000000000000009 000002 00');
  t.deepEqual(decode(b), {
    type: 'heartbeat-request',
    sequence: 1,
    ies: [],
    followOn: { type: 'session-deletion-request', seid: 9n, sequence: 2, ies: [] },
  });
  t.deepEqual(encode(decode(b)), b);
  const err = t.throws(() => decode(hex('24 01 0004 000001 00')), { instanceOf: DecodeError });
  t.regex(err.message, /FO flag set but no message follows/);
  t.throws(() => decode(hex('20 01 0004 000001 00 21')), { instanceOf: DecodeError, message: /after the message/ });
});

test('unknown message types and unknown IEs are kept and re-encoded byte-exact', (t) => {
  const b = hex('21 38 0011 0000000000000001 000003 00   0027 0001 02');
  const m = decode(b);
  t.deepEqual(m, {
    type: 'unknown',
    messageType: 56,
    seid: 1n,
    sequence: 3,
    ies: [{ ie: 'unknown', type: 39, data: Buffer.from([2]) }],
  });
  t.deepEqual(encode(m), b);
});

test('vendor-specific IEs (type ≥ 32768) keep their Enterprise ID (§8.1.1)', (t) => {
  const b = hex('20 05 000c 000001 00   8002 0004 48f9 0102');
  const m = decode(b);
  t.deepEqual(m.ies, [{ ie: 'unknown', type: 0x8002, enterpriseId: 18681, data: Buffer.from([1, 2]) }]);
  t.deepEqual(encode(m), b);
  t.throws(() => decode(hex('20 05 0009 000001 00   8002 0001 48')), {
    instanceOf: DecodeError,
    message: /Enterprise ID/,
  });
  t.throws(
    () =>
      encode({ type: 'heartbeat-request', sequence: 1, ies: [{ ie: 'unknown', type: 0x8002, data: Buffer.alloc(0) }] }),
    { instanceOf: EncodeError },
  );
  t.throws(
    () =>
      encode({
        type: 'heartbeat-request',
        sequence: 1,
        ies: [{ ie: 'unknown', type: 200, enterpriseId: 1, data: Buffer.alloc(0) }],
      }),
    { instanceOf: EncodeError },
  );
});

test('UE IP Address (§8.2.62): V6 + IP6PL prefix length, IPv6D delegation bits, CHV6 without an address', (t) => {
  const m: PfcpMessage = {
    type: 'session-establishment-request',
    seid: 0n,
    sequence: 1,
    ies: [
      { ie: 'ue-ip-address', sourceOrDestination: 'source', ipv6: '2001:db8:100::', ipv6PrefixLength: 56 },
      { ie: 'ue-ip-address', sourceOrDestination: 'destination', ipv6: '2001:db8:100::', ipv6PrefixDelegationBits: 8 },
      { ie: 'ue-ip-address', sourceOrDestination: 'source', chooseIpv6: true, ipv6PrefixLength: 0 },
    ],
  };
  const b = encode(m);
  t.deepEqual(
    b.subarray(16),
    hex(`005d 0012 41 20010db8010000000000000000000000 38
         005d 0012 0d 20010db8010000000000000000000000 08
         005d 0002 60 00`),
  );
  t.deepEqual(decode(b), m);
  t.throws(() => decode(hex('20 01 000a 000001 00   005d 0002 40 81')), {
    instanceOf: DecodeError,
    message: /Prefix Length 129/,
  });
});

test('F-TEID (§8.2.3): TEID with both addresses, and CH/CHID', (t) => {
  const m: PfcpMessage = {
    type: 'session-establishment-response',
    seid: 1n,
    sequence: 1,
    ies: [
      { ie: 'f-teid', teid: 0x01020304, ipv4: '192.0.2.1', ipv6: '2001:db8::1' },
      { ie: 'f-teid', choose: { ipv4: false, ipv6: true, chooseId: 9 } },
    ],
  };
  t.deepEqual(
    encode(m).subarray(16),
    hex('0015 0019 03 01020304 c0000201 20010db8000000000000000000000001   0015 0002 0e 09'),
  );
  t.throws(() => encode({ ...m, ies: [{ ie: 'f-teid', ipv6: '2001:db8::1' }] }), { instanceOf: EncodeError });
  t.throws(() => encode({ ...m, ies: [{ ie: 'f-teid', teid: 1, choose: { ipv4: true, ipv6: false } }] }), {
    instanceOf: EncodeError,
  });
});

test('Outer Header Creation (§8.2.56): GTP-U/UDP/IPv6 and UDP/IPv6 with port; fields the description needs are required', (t) => {
  const m: PfcpMessage = {
    type: 'session-modification-request',
    seid: 1n,
    sequence: 1,
    ies: [
      {
        ie: 'outer-header-creation',
        description: OUTER_HEADER_CREATION.GTPU_UDP_IPV6,
        teid: 0xabcdef01,
        ipv6: '2001:db8::e1',
      },
      { ie: 'outer-header-creation', description: OUTER_HEADER_CREATION.UDP_IPV6, ipv6: '2001:db8::e2', port: 2152 },
    ],
  };
  t.deepEqual(
    encode(m).subarray(16),
    hex(
      '0054 0016 0200 abcdef01 20010db80000000000000000000000e1   0054 0014 0800 20010db80000000000000000000000e2 0868',
    ),
  );
  t.throws(
    () =>
      encode({
        ...m,
        ies: [{ ie: 'outer-header-creation', description: OUTER_HEADER_CREATION.GTPU_UDP_IPV4, ipv4: '192.0.2.1' }],
      }),
    { instanceOf: EncodeError, message: /TEID/ },
  );
});

test('Network Instance (§8.2.4) and Node ID FQDN (§8.2.38): DNS labels as a name, plain text kept byte-exact', (t) => {
  const labels = encode({ type: 'heartbeat-request', sequence: 1, ies: [networkInstance('internet.apn')] });
  t.deepEqual(labels.subarray(8), hex('0016 000d 08 696e7465726e6574 03 61706e'));
  t.deepEqual(decode(labels).ies, [
    { ie: 'network-instance', name: 'internet.apn', octets: hex('08 696e7465726e6574 03 61706e') },
  ]);
  const text = hex('20 01 0010 000001 00   0016 0008 696e7465726e6574');
  const m = decode(text);
  t.deepEqual(m.ies, [{ ie: 'network-instance', name: 'internet', octets: Buffer.from('internet') }]);
  t.deepEqual(encode(m), text);
  // A changed name wins over stale octets.
  t.deepEqual(
    encode({ ...m, ies: [{ ie: 'network-instance', name: 'ims', octets: Buffer.from('internet') }] }).subarray(8),
    hex('0016 0004 03 696d73'),
  );
  const fqdn = encode({
    type: 'association-setup-request',
    sequence: 1,
    ies: [{ ie: 'node-id', fqdn: 'upf.example' }],
  });
  t.deepEqual(fqdn.subarray(8), hex('003c 000d 02 03 757066 07 6578616d706c65'));
  t.throws(() => decode(hex('20 05 0009 000001 00   003c 0001 03')), {
    instanceOf: DecodeError,
    message: /Node ID type 3/,
  });
});

test('Apply Action, Reporting Triggers and function features keep their octets; flags are named', (t) => {
  // TS 29.244 §8.2.26: two octets since Rel-16 (open5gs refuses one: "Invalid TLV length 1. It should be 2").
  const aa = applyAction('forw', 'nocp');
  t.deepEqual(aa.flags, Buffer.from([0x0a, 0x00]));
  t.true(hasFlag(aa, 'forw'));
  t.false(hasFlag(aa, 'drop'));
  t.false(hasFlag(aa, 'bdpn'));
  t.deepEqual(applyAction('buff', 'bdpn').flags, Buffer.from([0x04, 0x02]));
  const up = flagsIe('up-function-features', 'ftup', 'ueip', 'ip6pl');
  t.deepEqual(up.flags, Buffer.from([0x10, 0x00, 0x04, 0x20]));
  t.deepEqual(flagNames(up).sort(), ['ftup', 'ip6pl', 'ueip']);
  // §8.2.19: three octets since Rel-16.
  t.deepEqual(flagsIe('reporting-triggers', 'perio').flags, Buffer.from([0x01, 0x00, 0x00]));
  // A Rel-15 peer's one-octet Apply Action still decodes, and re-encodes as it came.
  const old = decode(hex('21 34 0011 0000000000000001 000001 00   002c 0001 02'));
  t.deepEqual(old.ies[0], { ie: 'apply-action', flags: Buffer.from([0x02]) });
  t.deepEqual(encode(old), hex('21 34 0011 0000000000000001 000001 00   002c 0001 02'));
  t.throws(() => decode(hex('21 34 0010 0000000000000001 000001 00   002c 0000')), {
    instanceOf: DecodeError,
    message: /needs at least 1/,
  });
});

test('Recovery Time Stamp (§8.2.65): NTP seconds since 1900 to and from Date', (t) => {
  t.is(ntpSecondsFromDate(new Date('1970-01-01T00:00:00Z')), 2_208_988_800);
  t.is(ntpSecondsFromDate(new Date('2025-06-01T08:00:00.900Z')), 3_957_753_600);
  t.deepEqual(dateFromNtpSeconds(3_957_753_600), new Date('2025-06-01T08:00:00Z'));
  // Era 1 (RFC 4330 §3): after 2036-02-07T06:28:16Z the 32-bit field wraps.
  t.is(ntpSecondsFromDate(new Date('2036-02-07T06:28:16Z')), 0);
  t.deepEqual(dateFromNtpSeconds(10), new Date('2036-02-07T06:28:26Z'));
  t.deepEqual(recoveryTimeStamp(new Date('2025-06-01T08:00:00Z')), {
    ie: 'recovery-time-stamp',
    seconds: 3_957_753_600,
  });
});

test('findIe / findIes walk a message and grouped IEs', (t) => {
  const est = PFCP_SAMPLES.find((m) => m.type === 'session-establishment-request')!;
  const pdrs = findIes(est, 'create-pdr');
  t.is(pdrs.length, 2);
  const pdi = findIe(pdrs[0], 'pdi')!;
  t.deepEqual(findIe(pdi, 'ue-ip-address')?.ipv6PrefixLength, 56);
  t.deepEqual(findIe(pdi, 'f-teid')?.choose, { ipv4: false, ipv6: true, chooseId: 5 });
  t.is(findIe(est, 'cause'), undefined);
  t.is(causeName(65), 'Session context not found');
});

test("trailing octets of a known IE (a later release's fields) are kept in `extra`", (t) => {
  const b = hex('20 01 000a 000001 00   0013 0002 01 ff');
  t.deepEqual(decode(b).ies, [{ ie: 'cause', value: 1, extra: Buffer.from([0xff]) }]);
  t.deepEqual(encode(decode(b)), b);
});

test('decoder errors name the element and offset', (t) => {
  const cases: [string, RegExp][] = [
    ['40 01 0004 000001 00', /version 2, expected 1/],
    ['21 32 0004 000001 00', /shorter than the header/],
    ['20 01 0010 000001 00', /exceeds the 4 octet\(s\) received/],
    ['20 01 0007 000001 00 0013 00', /IE header/],
    ['20 01 0009 000001 00 0038 0001 01', /pdr-id at offset 12/],
    ['20 01 0004 0000', /header/],
  ];
  for (const [h, re] of cases) {
    const err = t.throws(() => decode(hex(h)), { instanceOf: DecodeError }, h);
    t.regex(err.message, re, h);
    t.is(err.protocol, 'pfcp');
  }
  // Grouped IEs nested deeper than any release uses are rejected, not recursed into without bound.
  let ie = Buffer.alloc(0);
  for (let i = 0; i < 20; i++) ie = Buffer.concat([hex('0002'), Buffer.from([ie.length >> 8, ie.length & 0xff]), ie]);
  const deep = Buffer.concat([hex('20 01'), Buffer.from([0, ie.length + 4]), hex('000001 00'), ie]);
  t.throws(() => decode(deep), { instanceOf: DecodeError, message: /nested more than 8 deep/ });
});

test('encoder errors for values that cannot go on the wire', (t) => {
  const base = { type: 'heartbeat-request' as const, sequence: 1, ies: [] };
  t.throws(() => encode({ ...base, sequence: 0x1000000 }), { instanceOf: EncodeError });
  t.throws(() => encode({ ...base, priority: 16 }), { instanceOf: EncodeError });
  t.throws(() => encode({ ...base, seid: -1n }), { instanceOf: EncodeError });
  t.throws(() => encode({ ...base, ies: [{ ie: 'unknown', type: 200, data: Buffer.alloc(70_000) }] }), {
    instanceOf: EncodeError,
  });
  t.throws(() => encode({ ...base, ies: [{ ie: 'source-interface', value: 16 }] }), { instanceOf: EncodeError });
  t.throws(
    () =>
      encode({
        ...base,
        ies: [{ ie: 'ue-ip-address', sourceOrDestination: 'source', ipv6: '::', ipv6PrefixLength: 129 }],
      }),
    { instanceOf: EncodeError },
  );
  t.throws(() => encode(PFCP_SAMPLES[0], Buffer.alloc(4), 0), { instanceOf: EncodeError });
});

test('a chain larger than the one-pass scratch buffer is encoded the sized way, octet for octet the same', (t) => {
  // Two messages of ~40 000 octets each, chained with FO (§7.2.2.1): 80 000 octets, more than one message can be.
  const big = (sequence: number, followOn?: PfcpMessage): PfcpMessage =>
    ({
      type: 'heartbeat-request',
      sequence,
      ies: [{ ie: 'unknown', type: 250, data: Buffer.alloc(40_000, sequence) }],
      ...(followOn ? { followOn } : {}),
    }) as PfcpMessage;
  const m = big(1, big(2));
  const bytes = encode(m);
  t.is(bytes.length, encodingLength(m));
  const into = Buffer.alloc(bytes.length);
  t.is(encode(m, into), bytes.length);
  t.deepEqual(into, bytes);
  t.deepEqual(decode(bytes), m);
});
