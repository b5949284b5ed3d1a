import test from 'ava';
import fc from 'fast-check';
import { ipFrame } from '../../harness/net/pcap/index.ts';
import {
  CAUSES,
  chunkLength,
  chunkTypeOf,
  DATA_FLAG,
  encodePacket,
  PARAMS,
  T_BIT,
  type ErrorCause,
  type SctpChunk,
  type SctpPacket,
  type SctpParam,
} from '../../harness/protocol/sctp/index.ts';
import { dissect, fieldAll, writePcap, type Frame } from '../helpers/tshark.ts';
import { SCTP_SAMPLES } from '../helpers/sctp-samples.ts';
import { dataChunk } from '../unit/protocol/sctp/arbitraries.ts';

/**
 * Wireshark's SCTP dissector (tshark 4.0) reads every chunk, parameter and error cause we encode
 * (RFC 9260 §3), over IPv6 and IPv4, with the CRC32c checksum verified, no malformed packet and
 * no expert error, and every field equal to the value we put in. Quoted octets (an unrecognized
 * chunk or parameter, an address) are well-formed TLVs, and tshark dissects them too.
 */
const TSHARK_SCTP = [
  '-o',
  'sctp.checksum:CRC 32c',
  '-o',
  'sctp.relative_tsns:FALSE',
  '-o',
  'sctp.ulp_dissection:FALSE',
  '-o',
  'sctp.reassembly:FALSE',
  '-o',
  'sctp.tsn_analysis:FALSE',
];

const hex16 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
const hex8 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;
const colons = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');

type Expected = Map<string, string[]>;
const push = (e: Expected, field: string, v: string | number) => {
  let l = e.get(field);
  if (!l) e.set(field, (l = []));
  l.push(String(v));
};

/** The fields of a quoted TLV parameter (type, length, value) as tshark shows them. */
function quotedParam(e: Expected, b: Buffer): void {
  const type = b.readUInt16BE(0);
  push(e, 'sctp.parameter_type', hex16(type));
  push(e, 'sctp.parameter_length', b.readUInt16BE(2));
  if (type === 6) push(e, 'sctp.parameter_ipv6_address', '2001:db8::1');
  else push(e, 'sctp.parameter_value', colons(b.subarray(4, b.readUInt16BE(2))));
}

function param(e: Expected, p: SctpParam): void {
  push(e, 'sctp.parameter_type', hex16(PARAMS.typeOf(p)));
  push(e, 'sctp.parameter_length', PARAMS.itemLength(p));
  switch (p.param) {
    case 'ipv4-address':
      return push(e, 'sctp.parameter_ipv4_address', p.address);
    case 'ipv6-address':
      return push(e, 'sctp.parameter_ipv6_address', p.address);
    case 'state-cookie':
      return push(e, 'sctp.parameter_state_cookie', colons(p.cookie));
    case 'cookie-preservative':
      return push(e, 'sctp.parameter_cookie_preservative_incr', p.increment);
    case 'supported-address-types':
      for (const t of p.types) push(e, 'sctp.parameter_supported_address_type', t);
      return;
    case 'unrecognized-parameter':
      return quotedParam(e, p.parameter);
  }
}

function cause(e: Expected, c: ErrorCause): void {
  push(e, 'sctp.cause_code', hex16(CAUSES.typeOf(c)));
  push(e, 'sctp.cause_length', CAUSES.itemLength(c));
  switch (c.cause) {
    case 'invalid-stream-identifier':
      return push(e, 'sctp.cause_stream_identifier', c.streamId);
    case 'missing-mandatory-parameter':
      push(e, 'sctp.cause_nr_of_missing_parameters', c.paramTypes.length);
      for (const t of c.paramTypes) push(e, 'sctp.cause_missing_parameter_type', hex16(t));
      return;
    case 'stale-cookie':
      return push(e, 'sctp.cause_measure_of_staleness', c.staleness);
    case 'no-user-data':
      return push(e, 'sctp.cause_tsn', c.tsn);
    case 'unresolvable-address':
      return quotedParam(e, c.address);
    case 'restart-with-new-addresses':
      return quotedParam(e, c.addresses);
    case 'unrecognized-parameters':
      return quotedParam(e, c.parameters);
    case 'unrecognized-chunk-type':
      push(e, 'sctp.chunk_type', c.chunk[0]);
      push(e, 'sctp.chunk_flags', hex8(c.chunk[1]));
      push(e, 'sctp.chunk_length', c.chunk.readUInt16BE(2));
      return;
  }
}

function chunk(e: Expected, c: SctpChunk): void {
  push(e, 'sctp.chunk_type', chunkTypeOf(c));
  const flags =
    c.type === 'data'
      ? (c.immediate ? DATA_FLAG.IMMEDIATE : 0) |
        (c.unordered ? DATA_FLAG.UNORDERED : 0) |
        (c.beginning ? DATA_FLAG.BEGINNING : 0) |
        (c.ending ? DATA_FLAG.ENDING : 0)
      : c.type === 'abort' || c.type === 'shutdown-complete'
        ? c.reflected
          ? T_BIT
          : 0
        : c.type === 'unknown'
          ? c.flags
          : 0;
  push(e, 'sctp.chunk_flags', hex8(flags));
  push(e, 'sctp.chunk_length', chunkLength(c));
  switch (c.type) {
    case 'data':
      push(e, 'sctp.data_tsn_raw', c.tsn);
      push(e, 'sctp.data_sid', hex16(c.streamId));
      push(e, 'sctp.data_ssn', c.ssn);
      push(e, 'sctp.data_payload_proto_id', c.ppid);
      push(e, 'sctp.data_u_bit', c.unordered ? 1 : 0);
      push(e, 'sctp.data_b_bit', c.beginning ? 1 : 0);
      push(e, 'sctp.data_e_bit', c.ending ? 1 : 0);
      push(e, 'sctp.data_i_bit', c.immediate ? 1 : 0);
      return;
    case 'init':
    case 'init-ack': {
      const p = c.type === 'init' ? 'sctp.init' : 'sctp.initack';
      push(e, 'sctp.initiate_tag', `0x${c.initiateTag.toString(16).padStart(8, '0')}`);
      push(e, `${p}_credit`, c.arwnd);
      push(e, `${p}_nr_out_streams`, c.outboundStreams);
      push(e, `${p}_nr_in_streams`, c.inboundStreams);
      push(e, `${p}_initial_tsn`, c.initialTsn);
      for (const x of c.params) param(e, x);
      return;
    }
    case 'sack':
      push(e, 'sctp.sack_cumulative_tsn_ack_raw', c.cumulativeTsnAck);
      push(e, 'sctp.sack_a_rwnd', c.arwnd);
      push(e, 'sctp.sack_number_of_gap_blocks', c.gapBlocks.length);
      push(e, 'sctp.sack_number_of_duplicated_tsns', c.duplicateTsns.length);
      for (const g of c.gapBlocks) {
        push(e, 'sctp.sack_gap_block_start', g.start);
        push(e, 'sctp.sack_gap_block_end', g.end);
      }
      for (const d of c.duplicateTsns) push(e, 'sctp.sack_duplicate_tsn', d);
      return;
    case 'heartbeat':
    case 'heartbeat-ack':
      push(e, 'sctp.parameter_type', hex16(1));
      push(e, 'sctp.parameter_length', 4 + c.info.length);
      push(e, 'sctp.parameter_heartbeat_information', colons(c.info));
      return;
    case 'abort':
    case 'error':
      for (const x of c.causes) cause(e, x);
      if (c.type === 'abort') push(e, 'sctp.abort_t_bit', c.reflected ? 1 : 0);
      return;
    case 'shutdown':
      return push(e, 'sctp.shutdown_cumulative_tsn_ack', c.cumulativeTsnAck);
    case 'cookie-echo':
      return push(e, 'sctp.cookie', colons(c.cookie));
    case 'shutdown-complete':
      return push(e, 'sctp.shutdown_complete_t_bit', c.reflected ? 1 : 0);
  }
}

function expected(p: SctpPacket): Expected {
  const e: Expected = new Map();
  push(e, 'sctp.srcport', p.srcPort);
  push(e, 'sctp.dstport', p.dstPort);
  push(e, 'sctp.verification_tag', `0x${p.verificationTag.toString(16).padStart(8, '0')}`);
  for (const c of p.chunks) chunk(e, c);
  return e;
}

function check(frames: Frame[], packets: SctpPacket[]): string[] {
  const problems: string[] = [];
  frames.forEach((f, i) => {
    if (f.malformed || f.errors.length)
      problems.push(`frame ${f.number}: malformed ${f.malformed}, ${f.errors.join('; ')}`);
    if (fieldAll(f, 'sctp.checksum.status')[0] !== '1') problems.push(`frame ${f.number}: checksum not verified good`);
    for (const [name, values] of expected(packets[i])) {
      const got = fieldAll(f, name);
      if (JSON.stringify(got) !== JSON.stringify(values))
        problems.push(`frame ${f.number} ${name}: tshark ${JSON.stringify(got)}, encoded ${JSON.stringify(values)}`);
    }
  });
  return problems;
}

for (const [family, src, dst] of [
  ['IPv6', '2001:db8::1', '2001:db8::2'],
  ['IPv4', '192.0.2.1', '192.0.2.2'],
] as const) {
  test(`tshark dissects every sample chunk, parameter and cause over ${family} with the values we encoded`, async (t) => {
    const path = writePcap(
      SCTP_SAMPLES.map((p) => ipFrame(src, dst, 132, encodePacket(p))),
      `sctp-${family}`,
    );
    const frames = await dissect(path, { extraArgs: TSHARK_SCTP });
    t.is(frames.length, SCTP_SAMPLES.length);
    for (const f of frames) t.true(f.protocols.includes('sctp'), `frame ${f.number}: ${f.protocols.join(':')}`);
    t.deepEqual(check(frames, SCTP_SAMPLES), []);
  });
}

test('tshark reads 300 generated DATA/SACK packets with the values we encoded', async (t) => {
  const sack = fc.record({
    type: fc.constant('sack' as const),
    cumulativeTsnAck: fc.nat(),
    arwnd: fc.nat(),
    gapBlocks: fc.array(
      fc
        .tuple(fc.integer({ min: 1, max: 30000 }), fc.nat(30000))
        .map(([s, n]) => ({ start: s, end: Math.min(65535, s + n) })),
      { maxLength: 4 },
    ),
    duplicateTsns: fc.array(fc.nat(), { maxLength: 3 }),
  });
  const packets = fc.sample(
    fc.record({
      srcPort: fc.integer({ min: 1, max: 65535 }),
      dstPort: fc.integer({ min: 1, max: 65535 }),
      verificationTag: fc.nat(),
      chunks: fc.array(fc.oneof(dataChunk, sack), { minLength: 1, maxLength: 4 }),
    }),
    { numRuns: 300, seed: 132 },
  );
  // Gap blocks in order (tshark warns about blocks out of order, and so does §3.3.4).
  for (const p of packets)
    for (const c of p.chunks)
      if (c.type === 'sack') {
        let at = 0;
        c.gapBlocks = c.gapBlocks
          .map((g) => {
            const start = Math.min(65535, at + 2 + (g.start % 50));
            const end = Math.min(65535, start + (g.end % 50));
            at = end;
            return { start, end };
          })
          .filter((g, i, all) => i === 0 || g.start > all[i - 1].end);
      }
  const path = writePcap(
    packets.map((p) => ipFrame('2001:db8::a', '2001:db8::b', 132, encodePacket(p))),
    'sctp-generated',
  );
  const frames = await dissect(path, { extraArgs: TSHARK_SCTP });
  t.is(frames.length, packets.length);
  t.deepEqual(check(frames, packets).slice(0, 10), []);
});

test('the oracle can fail: a corrupted octet fails the checksum and a changed value is reported', async (t) => {
  const wire = encodePacket(SCTP_SAMPLES[4]);
  wire[wire.length - 5] ^= 0x01;
  const changed: SctpPacket = structuredClone(SCTP_SAMPLES[5]);
  const path = writePcap(
    [
      ipFrame('2001:db8::1', '2001:db8::2', 132, wire),
      ipFrame('2001:db8::1', '2001:db8::2', 132, encodePacket(SCTP_SAMPLES[5])),
    ],
    'sctp-broken',
  );
  (changed.chunks[0] as { arwnd: number }).arwnd += 1;
  const frames = await dissect(path, { extraArgs: TSHARK_SCTP });
  const problems = check(frames, [SCTP_SAMPLES[4], changed]);
  t.true(
    problems.some((p) => p.startsWith('frame 1') && /checksum/.test(p)),
    problems.join('\n'),
  );
  t.true(
    problems.some((p) => p.startsWith('frame 2 sctp.sack_a_rwnd')),
    problems.join('\n'),
  );
});
