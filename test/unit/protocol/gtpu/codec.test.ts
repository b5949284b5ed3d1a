import test from 'ava';
import fc from 'fast-check';
import * as gtpu from '../../../../harness/protocol/gtpu/index.ts';
import type { GtpuMessage } from '../../../../harness/protocol/gtpu/index.ts';
import { addressString } from '../../../../harness/protocol/common/ip-bytes.ts';
import { fuzz } from '../../../helpers/fuzz.ts';
import { osmoDatagrams } from '../../../helpers/osmo-capture.ts';

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));
const ext: fc.Arbitrary<gtpu.ExtensionHeader> = fc.oneof(
  fc.record({ type: fc.constant('udp-port' as const), port: u(16) }),
  fc.record({ type: fc.constant('pdcp-pdu-number' as const), pdcpPduNumber: u(16) }),
  fc.tuple(fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>, u(6)).map(([p, q]) => gtpu.pduSessionContainer(p, q)),
  // Contents whose length + 2 is a multiple of 4 survive without padding ambiguity.
  fc.record({
    type: fc.constant('unknown' as const),
    headerType: fc.constantFrom(0x20, 0x81, 0x83),
    content: fc
      .constantFrom(2, 6, 10)
      .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b))),
  }),
);
const ie: fc.Arbitrary<gtpu.GtpuIe> = fc.oneof(
  fc.record({ ie: fc.constant('recovery' as const), restartCounter: u(8) }),
  fc.record({ ie: fc.constant('teid-data-i' as const), teid: u(32) }),
  fc.record({
    ie: fc.constant('peer-address' as const),
    address: fc
      .oneof(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 16, maxLength: 16 }))
      .map((b) => addressString(b)),
  }),
  fc.record({ ie: fc.constant('extension-header-type-list' as const), types: fc.array(u(8), { maxLength: 5 }) }),
  fc.record({ ie: fc.constant('private-extension' as const), enterpriseId: u(16), value: bytes(8) }),
);
const common = { teid: u(32), sequence: u(16), npdu: u(8), extensionHeaders: fc.array(ext, { maxLength: 3 }) };
const message: fc.Arbitrary<GtpuMessage> = fc.oneof(
  fc.record(
    { type: fc.constant('g-pdu' as const), ...common, ies: fc.constant([] as gtpu.GtpuIe[]), payload: bytes(100) },
    { requiredKeys: ['type', 'teid', 'extensionHeaders', 'ies', 'payload'] },
  ),
  fc.record(
    {
      type: fc.constantFrom(
        'echo-request' as const,
        'echo-response' as const,
        'error-indication' as const,
        'supported-extension-headers-notification' as const,
        'end-marker' as const,
      ),
      ...common,
      ies: fc.array(ie, { maxLength: 4 }),
    },
    { requiredKeys: ['type', 'teid', 'extensionHeaders', 'ies'] },
  ),
);

test('decode(encode(m)) deep-equals m for every message type and extension header (fast-check)', (t) => {
  fc.assert(
    fc.property(message, (m) => {
      const b = gtpu.encode(m);
      t.is(b.length, gtpu.encodingLength(m));
      t.deepEqual(gtpu.decode(b), m);
    }),
    { numRuns: 2000 },
  );
});

test('the in-place G-PDU header matches the full encoder and reads back without allocation', (t) => {
  const payload = Buffer.from('600000000000', 'hex');
  for (const sequence of [-1, 0x1234]) {
    const buf = Buffer.alloc(12 + payload.length);
    payload.copy(buf, 12);
    const start = gtpu.writeGpduHeader(buf, 12, 0xdeadbeef, payload.length, sequence);
    const packet = buf.subarray(start);
    const full = gtpu.encode({
      type: 'g-pdu',
      teid: 0xdeadbeef,
      ...(sequence >= 0 ? { sequence } : {}),
      extensionHeaders: [],
      ies: [],
      payload,
    });
    t.deepEqual(packet, full);
    const view: gtpu.GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: 0 };
    t.true(gtpu.readGpduHeader(buf, start, packet.length, view));
    t.deepEqual(view, {
      teid: 0xdeadbeef,
      messageType: 255,
      payloadOffset: 12,
      payloadLength: payload.length,
      sequence,
    });
  }
  const withExt = gtpu.encode({
    type: 'g-pdu',
    teid: 1,
    extensionHeaders: [gtpu.pduSessionContainer(1, 9)],
    ies: [],
    payload,
  });
  const view: gtpu.GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: 0 };
  t.true(gtpu.readGpduHeader(withExt, 0, withExt.length, view));
  t.is(view.payloadOffset, 16);
  t.false(gtpu.readGpduHeader(withExt, 0, withExt.length - 1, view));
});

test('100,000 mutated GTP-U messages either decode or throw DecodeError; the fast path never throws', (t) => {
  const seeds = osmoDatagrams()
    .filter((d) => d.dst.port === 2152)
    .map((d) => d.payload);
  seeds.push(
    gtpu.encode({
      type: 'error-indication',
      teid: 0,
      sequence: 1,
      extensionHeaders: [{ type: 'udp-port', port: 2152 }],
      ies: [
        { ie: 'teid-data-i', teid: 7 },
        { ie: 'peer-address', address: '2001:db8::1' },
      ],
    }),
  );
  const view: gtpu.GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: 0 };
  const r = fuzz(
    seeds,
    (b) => {
      gtpu.readGpduHeader(b, 0, b.length, view);
      return gtpu.decode(b);
    },
    100_000,
    2,
  );
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 1_000, JSON.stringify({ ...r, failures: undefined }));
});
