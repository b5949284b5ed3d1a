import test from 'ava';
import fc from 'fast-check';
import { Reader, Writer } from '../../../../harness/protocol/common/cursor.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import {
  decodeIpcp,
  encodeIpcp,
  ipcpAddress,
  IPCP_CODE,
  type IpcpPacket,
} from '../../../../harness/protocol/common/ipcp.ts';
import { pcoLength, readPco, writePco, type Pco } from '../../../../harness/protocol/common/pco.ts';
import * as gtpv1c from '../../../../harness/protocol/gtpv1c/index.ts';

const read = (hex: string) => {
  const b = Buffer.from(hex, 'hex');
  return readPco(Reader.of(b, 'test'));
};
const write = (p: Pco) => {
  const w = Writer.alloc(pcoLength(p), 'test');
  writePco(w, p);
  return w.buf.toString('hex');
};

test('a PCO container whose length overruns is kept as the octets received, with the reason and the containers before it', (t) => {
  const hex = '80000d00' + '000310aabb';
  const p = read(hex);
  t.deepEqual(p.containers, [{ id: 0x000d, contents: Buffer.alloc(0) }]);
  t.is(p.malformed?.reason, 'container 0x0003 says 16 octets but 2 are left (offset 4)');
  t.is(write(p), hex);
});

test('a one-octet PCO without the extension bit is kept, not a DecodeError', (t) => {
  const p = read('00');
  t.like(p, { configurationProtocol: 0, containers: [] });
  t.is(p.malformed?.reason, 'octet 3 is 0x00: its extension bit must be 1');
  t.is(write(p), '00');
});

test('a GTPv1-C Create PDP Context Request with a malformed PCO decodes whole and re-encodes byte-exact', (t) => {
  const m = gtpv1c.encode({
    type: 'create-pdp-context-request',
    teid: 0,
    sequence: 9,
    ies: [
      { ie: 'nsapi', nsapi: 5 },
      {
        ie: 'pco',
        configurationProtocol: 0,
        containers: [],
        malformed: { octets: Buffer.from('00', 'hex'), reason: '' },
      },
      { ie: 'gsn-address', address: '192.0.2.1' },
    ],
  });
  const d = gtpv1c.decode(m);
  t.is(gtpv1c.findIe(d, 'pco')?.malformed?.reason, 'octet 3 is 0x00: its extension bit must be 1');
  t.deepEqual(gtpv1c.findIe(d, 'gsn-address'), { ie: 'gsn-address', address: '192.0.2.1' });
  t.deepEqual(gtpv1c.encode(d), m);
});

test('spare bits of octet 3 survive decode and encode', (t) => {
  t.is(write(read('f9000d00')), 'f9000d00');
  t.is(read('f9000d00').spare, 0x78);
});

test('IPCP Configure-Request with RFC 1877 DNS options: decode, encode, RFC 1332 layout', (t) => {
  // What sgsnemu and handsets send: Configure-Request, id 0, primary and secondary DNS 0.0.0.0.
  const hex = '01000010' + '810600000000' + '830600000000';
  const p = decodeIpcp(Buffer.from(hex, 'hex'));
  t.deepEqual(p, {
    code: IPCP_CODE.CONFIGURE_REQUEST,
    identifier: 0,
    options: [
      { type: 'primary-dns', address: '0.0.0.0' },
      { type: 'secondary-dns', address: '0.0.0.0' },
    ],
  });
  t.is(encodeIpcp(p).toString('hex'), hex);
  const nak: IpcpPacket = {
    code: IPCP_CODE.CONFIGURE_NAK,
    identifier: 0,
    options: [
      { type: 'primary-dns', address: '192.0.2.53' },
      { type: 'secondary-dns', address: '198.51.100.53' },
    ],
  };
  t.is(encodeIpcp(nak).toString('hex'), '03000010' + '8106c0000235' + '8306c6336435');
  t.is(ipcpAddress(nak, 'secondary-dns'), '198.51.100.53');
});

test('IPCP: unknown options, other codes and padding are kept; a short Length is a DecodeError', (t) => {
  const hex = '0107000a' + '020600' + '2d0f' + '01' + 'ffff';
  const p = decodeIpcp(Buffer.from(hex, 'hex'));
  t.deepEqual(p.options, [{ type: 'unknown', optionType: 2, data: Buffer.from('002d0f01', 'hex') }]);
  t.deepEqual(p.padding, Buffer.from('ffff', 'hex'));
  t.is(encodeIpcp(p).toString('hex'), hex);
  t.is(encodeIpcp(decodeIpcp(Buffer.from('05010006abcd', 'hex'))).toString('hex'), '05010006abcd');
  t.throws(() => decodeIpcp(Buffer.from('01000003', 'hex')), { instanceOf: DecodeError });
  t.throws(() => decodeIpcp(Buffer.from('0100000a8106000000', 'hex')), { instanceOf: DecodeError });
});

test('IPCP decode → encode is the identity for every packet that decodes (fast-check)', (t) => {
  const packet = fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b));
  const ipcpish = fc
    .tuple(
      fc.constantFrom(1, 2, 3, 4, 5),
      fc.integer({ min: 0, max: 255 }),
      fc.array(
        fc.oneof(
          fc
            .tuple(fc.constantFrom(0x03, 0x81, 0x83), fc.uint8Array({ minLength: 4, maxLength: 4 }))
            .map(([ty, a]) => Buffer.from([ty, 6, ...a])),
          fc.uint8Array({ maxLength: 6 }).map((d) => Buffer.from([0x02, d.length + 2, ...d])),
        ),
        { maxLength: 4 },
      ),
      packet,
    )
    .map(([code, id, opts, pad]) => {
      const body = Buffer.concat(opts);
      const head = Buffer.from([code, id, 0, 0]);
      head.writeUInt16BE(4 + body.length, 2);
      return Buffer.concat([head, body, pad.subarray(0, 3)]);
    });
  fc.assert(
    fc.property(fc.oneof(packet, ipcpish), (b) => {
      let p: IpcpPacket;
      try {
        p = decodeIpcp(b);
      } catch (e) {
        if (e instanceof DecodeError) return;
        throw e;
      }
      t.is(encodeIpcp(p).toString('hex'), b.toString('hex'));
    }),
    { numRuns: 3000 },
  );
});
