import test from 'ava';
import fc from 'fast-check';
import {
  decodeIpPacket,
  encodeIpPacket,
  newIpView,
  readIpView,
  type IpPacket,
} from '../../../../harness/protocol/ip/index.ts';
import { formatIpv6 } from '../../../../harness/protocol/common/ip-bytes.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { fuzz } from '../../../helpers/fuzz.ts';
import { IPV4_SAMPLES, IPV6_SAMPLES } from '../../../helpers/ip-samples.ts';
import { ipPacket } from './arbitraries.ts';

/** The allocation-free view agrees with the full decoder on every packet the codec writes. */
const address = (b: Buffer, at: number, n: number) =>
  n === 4 ? `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}` : formatIpv6(b, at);

const protocolOf = (p: IpPacket) =>
  p.payload.type === 'raw' ? p.payload.protocol : { udp: 17, tcp: 6, icmp: 1, icmpv6: 58 }[p.payload.type];

test('readIpView finds what decodeIpPacket finds, at any offset (fast-check)', (t) => {
  const v = newIpView();
  fc.assert(
    fc.property(ipPacket, fc.integer({ min: 0, max: 16 }), (p, at) => {
      const enc = encodeIpPacket(p);
      const buf = Buffer.concat([Buffer.alloc(at, 0xee), enc, Buffer.alloc(5, 0xee)]);
      t.true(readIpView(buf, at, enc.length, v));
      t.is(v.version, p.version);
      t.is(address(buf, v.srcOffset, v.addressLength), p.src);
      t.is(address(buf, v.dstOffset, v.addressLength), p.dst);
      t.is(v.hopLimit, p.version === 4 ? p.ttl : p.hopLimit);
      t.is(buf[v.hopLimitOffset], v.hopLimit);
      t.is(v.protocol, protocolOf(p));
      t.is(v.upperOffset + v.upperLength, at + enc.length);
      const whole =
        p.version === 4
          ? !p.moreFragments && p.fragmentOffset === 0
          : !p.extensionHeaders.some((h) => h.type === 'fragment' && (h.offset || h.more));
      t.is(v.fragment, !whole);
    }),
  );
});

test('whatever readIpView accepts of 50,000 mutated packets, decodeIpPacket reads the same header chain or refuses', (t) => {
  const v = newIpView();
  let accepted = 0;
  const r = fuzz(
    [...IPV6_SAMPLES, ...IPV4_SAMPLES].map(encodeIpPacket),
    (b) => {
      if (!readIpView(b, 0, b.length, v)) throw new DecodeError('ip', 'view', 0, 'refused');
      accepted++;
      try {
        const p = decodeIpPacket(b);
        if (p.version !== v.version || address(b, v.dstOffset, v.addressLength) !== p.dst)
          throw new Error(`view and decoder disagree on ${b.toString('hex')}`);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
      }
    },
    50_000,
    11,
  );
  t.deepEqual(r.failures, []);
  t.true(accepted > 1000 && r.rejected > 1000, JSON.stringify({ accepted, rejected: r.rejected }));
});
