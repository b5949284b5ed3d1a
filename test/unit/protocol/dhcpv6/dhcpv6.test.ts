import test from 'ava';
import fc from 'fast-check';
import { Address6 } from 'ip-address';
import {
  decodeDhcpv6,
  encodeDhcpv6,
  excludedPrefix,
  MESSAGE,
  OPTION,
  pdExclude,
  type Dhcpv6Message,
} from '../../../../harness/protocol/dhcpv6/index.ts';
import { dissect, udp, writePcap } from '../../../helpers/tshark.ts';

/** DHCPv6 (RFC 8415) with IA_PD and PD_EXCLUDE (RFC 6603): round trips, and tshark as the independent reader. */
const duid = Buffer.from('00030001020000000001', 'hex'); // DUID-LL (RFC 8415 §11.4), Ethernet
const reply: Dhcpv6Message = {
  msgType: MESSAGE.REPLY,
  transactionId: 0xa1b2c3,
  options: [
    { code: OPTION.CLIENTID, duid },
    { code: OPTION.SERVERID, duid: Buffer.from('0003000102000000fe01', 'hex') },
    {
      code: OPTION.IA_PD,
      iaid: 7,
      t1: 1800,
      t2: 2880,
      options: [
        {
          code: OPTION.IAPREFIX,
          preferredLifetime: 3600,
          validLifetime: 7200,
          prefixLength: 56,
          prefix: '2001:db8:700:1200::',
          options: [
            {
              code: OPTION.PD_EXCLUDE,
              ...pdExclude(
                { prefix: '2001:db8:700:1200::', length: 56 },
                { prefix: '2001:db8:700:1200::', length: 64 },
              ),
            },
          ],
        },
      ],
    },
    { code: OPTION.DNS_SERVERS, servers: ['2001:db8:53::1'] },
    { code: 99, data: Buffer.from([1, 2, 3]), unknown: true },
  ],
};

test('a Reply with IA_PD, IAPREFIX and PD_EXCLUDE round-trips, unknown options kept', (t) => {
  t.deepEqual(decodeDhcpv6(encodeDhcpv6(reply)), reply);
});

test('tshark reads our Solicit and Reply field by field, with no malformed packet', async (t) => {
  const solicit: Dhcpv6Message = {
    msgType: MESSAGE.SOLICIT,
    transactionId: 0x123456,
    options: [
      { code: OPTION.CLIENTID, duid },
      { code: OPTION.ELAPSED_TIME, centiseconds: 0 },
      { code: OPTION.ORO, requested: [OPTION.DNS_SERVERS, OPTION.PD_EXCLUDE] },
      { code: OPTION.IA_PD, iaid: 7, t1: 0, t2: 0, options: [] },
    ],
  };
  const ue = { address: 'fe80::1:2:3:4', port: 546 };
  const all = { address: 'ff02::1:2', port: 547 };
  const frames = await dissect(
    writePcap(
      [udp(encodeDhcpv6(solicit), ue, all), udp(encodeDhcpv6(reply), { address: 'fe80::1', port: 547 }, ue)],
      'dhcpv6',
    ),
  );
  t.deepEqual(
    frames.filter((f) => f.malformed || f.errors.length),
    [],
  );
  t.deepEqual(
    frames.map((f) => f.fields.get('dhcpv6.msgtype')?.[0]),
    ['1', '7'],
  );
  t.deepEqual(
    frames.map((f) => f.fields.get('dhcpv6.xid')?.[0]),
    ['0x123456', '0xa1b2c3'],
  );
  const r = frames[1].fields;
  t.deepEqual(
    [
      r.get('dhcpv6.iaprefix.pref_addr')?.[0],
      r.get('dhcpv6.iaprefix.pref_len')?.[0],
      r.get('dhcpv6.iaprefix.valid_lifetime')?.[0],
    ],
    ['2001:db8:700:1200::', '56', '7200'],
  );
  t.deepEqual([r.get('dhcpv6.pd_exclude.pref_len')?.[0], r.get('dhcpv6.pd_exclude.subnet_id')?.[0]], ['64', '00']);
  t.deepEqual(r.get('dhcpv6.iaid'), ['00000007']);
});

test('PD_EXCLUDE carries only the subnet-ID bits (RFC 6603 §4.2), and reads back to the excluded prefix', (t) => {
  t.deepEqual(pdExclude({ prefix: '2001:db8:700:1200::', length: 56 }, { prefix: '2001:db8:700:12ab::', length: 64 }), {
    prefixLength: 64,
    subnetId: Buffer.from([0xab]),
  });
  // 12 bits (/48 → /60) need 2 octets, left-aligned.
  t.deepEqual(pdExclude({ prefix: '2001:db8:7::', length: 48 }, { prefix: '2001:db8:7:abc0::', length: 60 }), {
    prefixLength: 60,
    subnetId: Buffer.from([0xab, 0xc0]),
  });
  fc.assert(
    fc.property(
      fc.integer({ min: 32, max: 63 }),
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      fc.integer({ min: 1, max: 32 }),
      (delegatedLength, top64, extra) => {
        const excludedLength = Math.min(64, delegatedLength + extra);
        const mask = (1n << 128n) - (1n << BigInt(128 - excludedLength));
        const x = (top64 << 64n) & mask;
        const hex = x.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
        const dmask = (1n << 128n) - (1n << BigInt(128 - delegatedLength));
        const dhex = (x & dmask).toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
        const opt = pdExclude({ prefix: dhex, length: delegatedLength }, { prefix: hex, length: excludedLength });
        const back = excludedPrefix({ prefix: dhex, length: delegatedLength }, opt);
        return new Address6(back).bigInt() === x;
      },
    ),
  );
});

test('malformed input gets a clear error naming the option', (t) => {
  const bytes = encodeDhcpv6(reply);
  t.throws(() => decodeDhcpv6(bytes.subarray(0, 30)), { message: /dhcpv6.*option 25|dhcpv6.*needs/ });
  t.throws(() => decodeDhcpv6(Buffer.from([12, 0, 0, 0])), { message: /relay messages/ });
});
