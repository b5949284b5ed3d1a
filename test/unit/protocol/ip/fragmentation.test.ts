import test from 'ava';
import fc from 'fast-check';
import {
  decodeIpv6Packet,
  echoRequest,
  encodeIpPacket,
  fragmentIpv6,
  Reassembler,
} from '../../../../harness/protocol/ip/index.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { mulberry32, mutate } from '../../../helpers/fuzz.ts';

const big = encodeIpPacket(echoRequest('2001:db8:100:1::5', '2001:db8:200::80', 7, 1, Buffer.alloc(3000, 0x5a)));

test('a 3048-octet packet becomes three fragments within 1280 octets, data in multiples of 8', (t) => {
  const frags = fragmentIpv6(big, 1280, 0xabc);
  t.is(frags.length, 3);
  for (const f of frags) t.true(f.length <= 1280);
  const d = frags.map((f) => decodeIpv6Packet(f).extensionHeaders[0]);
  t.deepEqual(d, [
    { type: 'fragment', offset: 0, more: true, identification: 0xabc },
    { type: 'fragment', offset: 154, more: true, identification: 0xabc },
    { type: 'fragment', offset: 308, more: false, identification: 0xabc },
  ]);
  t.throws(() => fragmentIpv6(big, 1000, 1), { message: /minimum of 1280/ });
});

test('fragments reassemble in any order to the original packet (fast-check)', (t) => {
  const frags = fragmentIpv6(big, 1280, 0x77);
  fc.assert(
    fc.property(fc.shuffledSubarray(frags, { minLength: 3, maxLength: 3 }), (order) => {
      const r = new Reassembler();
      const results = order.map((f) => r.push(f));
      t.deepEqual(results.slice(0, 2), [{ kind: 'pending' }, { kind: 'pending' }]);
      t.deepEqual(results[2], { kind: 'complete', packet: big, fragments: 3 });
      t.is(r.inProgress, 0);
    }),
  );
});

test('overlapping fragments drop the whole datagram (RFC 5722)', (t) => {
  const frags = fragmentIpv6(big, 1280, 0x99);
  const overlap = Buffer.from(frags[1]);
  overlap.writeUInt16BE(((150 << 3) | 1) >>> 0, 42); // offset 1200 overlaps the first fragment's data
  const r = new Reassembler();
  t.deepEqual(r.push(frags[0]), { kind: 'pending' });
  t.deepEqual(r.push(overlap), { kind: 'dropped', reason: 'overlap' });
  t.is(r.inProgress, 0);
  t.deepEqual(r.push(frags[2]), { kind: 'pending' }, 'the rest of the datagram starts a new, never-completing one');
});

test('an atomic fragment is processed on its own (RFC 6946), without touching datagrams in progress', (t) => {
  const small = encodeIpPacket(echoRequest('2001:db8::1', '2001:db8::2', 1, 1));
  const frags = fragmentIpv6(big, 1280, 5);
  const atomic = Buffer.alloc(small.length + 8);
  small.copy(atomic, 0, 0, 40);
  atomic[6] = 44;
  atomic.writeUInt16BE(small.length - 40 + 8, 4);
  atomic[40] = 58;
  atomic.writeUInt32BE(5, 44); // same identification as the datagram in progress
  small.copy(atomic, 48, 40);
  const r = new Reassembler();
  r.push(frags[0]);
  t.deepEqual(r.push(atomic), { kind: 'complete', packet: small, fragments: 1 });
  t.is(r.inProgress, 1);
});

test('incomplete datagrams time out after 60 s; memory is bounded', (t) => {
  let now = 0;
  const r = new Reassembler({ now: () => now, maxDatagrams: 4 });
  r.push(fragmentIpv6(big, 1280, 1)[0]);
  now = 59_999;
  r.expire();
  t.is(r.inProgress, 1);
  now = 60_000;
  r.expire();
  t.is(r.inProgress, 0);
  t.is(r.drops.get('timeout'), 1);
  for (let id = 0; id < 10; id++) r.push(fragmentIpv6(big, 1280, id)[0]);
  t.is(r.inProgress, 4);
  t.is(r.drops.get('too-many-datagrams'), 6);
});

test('100,000 mutated fragments: only DecodeError, never more than the bound in memory', (t) => {
  const seeds = [...fragmentIpv6(big, 1280, 3), ...fragmentIpv6(big, 1500, 4)];
  const rnd = mulberry32(8);
  const r = new Reassembler({ maxDatagrams: 64 });
  const failures: string[] = [];
  for (let i = 0; i < 100_000; i++) {
    const input = mutate(seeds[i % seeds.length], rnd);
    try {
      r.push(input);
    } catch (e) {
      if (!(e instanceof DecodeError) && failures.length < 3)
        failures.push(`${String(e)} ${input.toString('hex').slice(0, 200)}`);
    }
    if (r.inProgress > 64) failures.push('bound exceeded');
  }
  t.deepEqual(failures, []);
});
