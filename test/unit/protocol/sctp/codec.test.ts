import test from 'ava';
import fc from 'fast-check';
import { DecodeError, EncodeError } from '../../../../harness/protocol/common/decode-error.ts';
import {
  checksumValid,
  decodePacket,
  encodePacket,
  packetLength,
  sctpChecksum,
  unrecognizedChunkAction,
  unrecognizedParamAction,
  type SctpPacket,
} from '../../../../harness/protocol/sctp/index.ts';
import { fuzz } from '../../../helpers/fuzz.ts';
import { packet } from './arbitraries.ts';

const strip = ({ checksum: _c, checksumValid: _v, ...p }: ReturnType<typeof decodePacket>): SctpPacket => p;

test('CRC32c: the RFC 3720 §B.4 vector, transmitted least significant octet first', (t) => {
  // RFC 3720 §B.4 lists the CRC octets in transmission order: 32 octets of zero → aa 36 91 8a.
  const le = Buffer.alloc(4);
  le.writeUInt32LE(sctpChecksum(Buffer.alloc(32)));
  t.is(le.toString('hex'), 'aa36918a');
});

test('the checksum field (octets 8..11) counts as zero', (t) => {
  const a = Buffer.alloc(32, 0xff);
  const b = Buffer.from(a);
  b.writeUInt32BE(0x01020304, 8);
  t.is(sctpChecksum(a), sctpChecksum(b));
  a.fill(0, 8, 12);
  t.is(sctpChecksum(a), sctpChecksum(b));
});

test('every modelled packet round-trips: decode(encode(p)) = p, the checksum verifies, and the length is as computed', (t) => {
  // fc.assert throws with the shrunk counterexample when a run fails.
  t.notThrows(() =>
    fc.assert(
      fc.property(packet, (p) => {
        const wire = encodePacket(p);
        const back = decodePacket(wire);
        return (
          wire.length === packetLength(p) &&
          wire.length % 4 === 0 &&
          back.checksumValid &&
          checksumValid(wire) &&
          JSON.stringify(strip(back)) === JSON.stringify(p) &&
          encodePacket(strip(back)).equals(wire)
        );
      }),
      { numRuns: 3000, seed: 9260 },
    ),
  );
});

test('a packet with one flipped bit fails its checksum', (t) => {
  const wire = encodePacket({
    srcPort: 38412,
    dstPort: 50000,
    verificationTag: 0x01020304,
    chunks: [{ type: 'cookie-ack' }],
  });
  t.true(decodePacket(wire).checksumValid);
  wire[13] ^= 0x10;
  t.false(decodePacket(wire).checksumValid);
});

test('chunks and parameters are padded to 4 octets; the last parameter’s padding is the chunk’s (§3.2)', (t) => {
  const wire = encodePacket({
    srcPort: 1,
    dstPort: 2,
    verificationTag: 0,
    chunks: [
      {
        type: 'init',
        initiateTag: 1,
        arwnd: 65536,
        outboundStreams: 2,
        inboundStreams: 2,
        initialTsn: 7,
        params: [
          { param: 'supported-address-types', types: [6] }, // 6 octets + 2 padding
          { param: 'host-name-address', name: Buffer.from('a\0') }, // 6 octets, padding not counted
        ],
      },
    ],
  });
  // Chunk Length: 4 header + 16 fixed + 8 (padded param) + 6 (last param, unpadded) = 34.
  t.is(wire.readUInt16BE(14), 34);
  t.is(wire.length, 12 + 36);
  t.is(wire.readUInt16BE(12 + 20 + 2), 6);
});

test('unknown chunks and parameters are kept whole, with their flags', (t) => {
  const p: SctpPacket = {
    srcPort: 9,
    dstPort: 10,
    verificationTag: 11,
    chunks: [
      { type: 'unknown', chunkType: 0xc1, flags: 0x5a, value: Buffer.from('abcde') },
      {
        type: 'init-ack',
        initiateTag: 1,
        arwnd: 2,
        outboundStreams: 3,
        inboundStreams: 4,
        initialTsn: 5,
        params: [
          { param: 'state-cookie', cookie: Buffer.from('cookie') },
          { param: 'unknown', paramType: 0x8008, value: Buffer.from([1, 2, 3]) },
        ],
      },
    ],
  };
  t.deepEqual(strip(decodePacket(encodePacket(p))), p);
});

test('§3.2 upper two bits of an unrecognized chunk type and §3.2.1 of a parameter type', (t) => {
  t.deepEqual(unrecognizedChunkAction(0x3f), { skip: false, report: false });
  t.deepEqual(unrecognizedChunkAction(0x40), { skip: false, report: true });
  t.deepEqual(unrecognizedChunkAction(0x80), { skip: true, report: false });
  t.deepEqual(unrecognizedChunkAction(0xc1), { skip: true, report: true });
  t.deepEqual(unrecognizedParamAction(0x0100), { skip: false, report: false });
  t.deepEqual(unrecognizedParamAction(0x4100), { skip: false, report: true });
  t.deepEqual(unrecognizedParamAction(0x8000), { skip: true, report: false });
  t.deepEqual(unrecognizedParamAction(0xc000), { skip: true, report: true });
});

test('malformed packets throw DecodeError naming the element and offset', (t) => {
  const good = encodePacket({
    srcPort: 1,
    dstPort: 2,
    verificationTag: 3,
    chunks: [{ type: 'sack', cumulativeTsnAck: 1, arwnd: 2, gapBlocks: [{ start: 2, end: 3 }], duplicateTsns: [] }],
  });
  const e1 = t.throws(() => decodePacket(good.subarray(0, 8)), { instanceOf: DecodeError });
  t.regex(e1.message, /common header/);
  const bad = Buffer.from(good);
  bad.writeUInt16BE(2, 14); // Chunk Length 2 < 4
  t.regex(t.throws(() => decodePacket(bad), { instanceOf: DecodeError }).message, /Chunk Length 2/);
  const gaps = Buffer.from(good);
  gaps.writeUInt16BE(5, 12 + 12); // 5 gap blocks announced, 1 present
  t.regex(t.throws(() => decodePacket(gaps), { instanceOf: DecodeError }).message, /sack.*gap blocks/);
  t.throws(() => decodePacket(good.subarray(0, 12)), { instanceOf: DecodeError, message: /no chunk/ });
});

test('values that do not fit their fields are EncodeErrors', (t) => {
  t.throws(
    () =>
      encodePacket({
        srcPort: 70000,
        dstPort: 1,
        verificationTag: 0,
        chunks: [{ type: 'cookie-ack' }],
      }),
    { instanceOf: EncodeError },
  );
  t.throws(
    () =>
      encodePacket({
        srcPort: 1,
        dstPort: 1,
        verificationTag: 0,
        chunks: [
          {
            type: 'init',
            initiateTag: 1,
            arwnd: 1,
            outboundStreams: 1,
            inboundStreams: 1,
            initialTsn: 1,
            params: [{ param: 'ipv6-address', address: 'nope' }],
          },
        ],
      }),
    { instanceOf: EncodeError },
  );
});

test('200,000 mutated packets either decode or throw DecodeError', (t) => {
  const seeds = fc.sample(packet, { numRuns: 300, seed: 4960 }).map((p) => encodePacket(p));
  const r = fuzz(seeds, decodePacket, 200_000, 0x132);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 10_000, JSON.stringify({ ...r, failures: undefined }));
});
