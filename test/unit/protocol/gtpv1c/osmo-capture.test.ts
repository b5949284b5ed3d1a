import test from 'ava';
import * as gtpv1c from '../../../../harness/protocol/gtpv1c/index.ts';
import * as gtpu from '../../../../harness/protocol/gtpu/index.ts';
import { decodeIpPacket } from '../../../../harness/protocol/ip/index.ts';
import { osmoDatagrams } from '../../../helpers/osmo-capture.ts';

/** Bytes osmo-ggsn and sgsnemu wrote: we must read them right and write them back identically. */
const datagrams = osmoDatagrams();
const control = datagrams
  .filter((d) => d.dst.port === 2123 || d.src.port === 2123)
  .map((d) => ({ d, m: gtpv1c.decode(d.payload) }));
const user = datagrams.filter((d) => d.dst.port === 2152).map((d) => ({ d, m: gtpu.decode(d.payload) }));

test('every GTPv1-C and GTP-U packet of the capture re-encodes byte-exact', (t) => {
  t.is(control.length + user.length, 21);
  for (const { d, m } of control) t.deepEqual(gtpv1c.encode(m), d.payload, m.type);
  for (const { d, m } of user) t.deepEqual(gtpu.encode(m), d.payload, m.type);
});

test('the IPv6 Create PDP Context exchange: EUA 0x57 requested, IPv6 address granted, cause 128', (t) => {
  const [req, res] = control.filter((c) => c.m.type.startsWith('create-pdp-context')).map((c) => c.m);
  t.is(req.type, 'create-pdp-context-request');
  t.deepEqual(gtpv1c.findIe(req, 'imsi'), { ie: 'imsi', digits: '240010123456789' });
  t.deepEqual(gtpv1c.findIe(req, 'end-user-address'), {
    ie: 'end-user-address',
    pdpTypeOrganization: 1,
    pdpType: gtpv1c.PDP_TYPE.IPV6,
  });
  t.deepEqual(gtpv1c.findIe(req, 'apn'), { ie: 'apn', apn: 'inet6' });
  t.deepEqual(gtpv1c.findIe(req, 'msisdn'), { ie: 'msisdn', addressType: 0x91, digits: '46702123456' });
  t.is(res.type, 'create-pdp-context-response');
  t.is(res.sequence, req.sequence);
  t.deepEqual(gtpv1c.findIe(res, 'cause'), { ie: 'cause', value: 128 });
  const eua = gtpv1c.findIe(res, 'end-user-address')!;
  t.is(eua.pdpType, 0x57);
  t.regex(eua.ipv6!, /^2001:db8:44:2001:/);
  t.deepEqual(gtpv1c.findIe(res, 'gsn-address'), { ie: 'gsn-address', address: '127.0.0.2' });
});

test('the IPv4 exchange on APN inet46: EUA 0x21 with an address from 172.16.46.0/24', (t) => {
  const res = control.filter((c) => c.m.type === 'create-pdp-context-response')[1].m;
  t.like(gtpv1c.findIe(res, 'end-user-address'), { pdpType: 0x21, ipv4: '172.16.46.1' });
});

test('the GGSN Router Advertisement inside a G-PDU: /64 PIO, A=1, L=0, infinite lifetimes, no MTU option', (t) => {
  const ra = user
    .map(({ m }) => decodeIpPacket(m.payload!))
    .find((p) => p.version === 6 && p.payload.type === 'icmpv6' && p.payload.message.type === 'router-advertisement');
  t.truthy(ra);
  if (ra?.version !== 6 || ra.payload.type !== 'icmpv6' || ra.payload.message.type !== 'router-advertisement') return;
  const msg = ra.payload.message;
  t.true(ra.payload.checksumValid);
  t.is(msg.routerLifetime, 64800);
  const pio = msg.options.find((o) => o.type === 'prefix-information');
  t.like(pio, {
    prefix: '2001:db8:44:2001::',
    prefixLength: 64,
    onLink: false,
    autonomous: true,
    validLifetime: 0xffffffff,
    preferredLifetime: 0xffffffff,
  });
  t.falsy(msg.options.find((o) => o.type === 'mtu'));
});
