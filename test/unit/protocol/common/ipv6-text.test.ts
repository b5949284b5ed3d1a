import test from 'ava';
import { ipv6Text } from '../../../../harness/protocol/common/ipv6-text.ts';

/** RFC 5952: §4 canonical text, §5 mixed notation where a well-known prefix says the last 32 bits are IPv4. */
test('IPv4-mapped, IPv4-translated and Well-Known-Prefix addresses end in dotted decimal (RFC 5952 §5)', (t) => {
  t.is(ipv6Text('::ffff:c000:228'), '::ffff:192.0.2.40');
  t.is(ipv6Text('0:0:0:0:0:FFFF:C000:0228'), '::ffff:192.0.2.40');
  t.is(ipv6Text('::ffff:0:c000:228'), '::ffff:0:192.0.2.40');
  t.is(ipv6Text('64:ff9b::c000:221'), '64:ff9b::192.0.2.33');
  t.is(ipv6Text(Buffer.from('00000000000000000000ffffc0000228', 'hex')), '::ffff:192.0.2.40');
});

test('other addresses take the §4 canonical form; a network-specific Pref64 stays hexadecimal', (t) => {
  t.is(ipv6Text('2001:0DB8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
  t.is(ipv6Text('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  t.is(ipv6Text('2001:db8:64::c000:22e'), '2001:db8:64::c000:22e');
  t.is(ipv6Text('::1'), '::1');
  t.is(ipv6Text('::'), '::');
});

test('text that is not an IPv6 address is returned unchanged', (t) => {
  t.is(ipv6Text('192.0.2.1'), '192.0.2.1');
  t.is(ipv6Text('none'), 'none');
});
