import test from 'ava';
import { parseFlowDescription, prefixMatch } from '../../../harness/elements/upf/flow-description.ts';
import { addressBytes } from '../../../harness/protocol/common/ip-bytes.ts';

/**
 * The UPF stand-in's reading of an SDF filter's Flow Description (TS 29.244 §8.2.5 → TS 29.212
 * §5.4.2 → RFC 6733 §4.3.2 IPFilterRule): what it accepts and what it refuses (a refused rule
 * makes the Create PDR fail with cause 73).
 */
test('the RS rule of TS 23.501 §5.8.2.2.2 is read: ICMPv6 from ff02::2/128 to the assigned address', (t) => {
  const r = parseFlowDescription('permit out 58 from ff02::2/128 to assigned');
  t.is(r?.protocol, 58);
  t.deepEqual(r?.ue, { kind: 'assigned' });
  t.is(r?.remote.kind, 'prefix');
  if (r?.remote.kind === 'prefix') {
    t.is(r.remote.family, 6);
    t.is(r.remote.length, 128);
    t.deepEqual(r.remote.bytes, addressBytes('ff02::2'));
  }
});

test('"ip" is any protocol, "any" any address, a bare address is a host route, ports are read past', (t) => {
  const r = parseFlowDescription('permit out ip from any to 2001:db8:1::/48 1000-2000');
  t.is(r?.protocol, undefined);
  t.deepEqual(r?.remote, { kind: 'any' });
  t.true(r?.ue.kind === 'prefix' && r.ue.length === 48);
  const h = parseFlowDescription('permit out 17 from 192.0.2.1 53 to assigned');
  t.true(h?.remote.kind === 'prefix' && h.remote.length === 32 && h.remote.family === 4);
});

test('rules it cannot apply are refused, not guessed: deny, "in", bad protocol, bad prefix, missing "to"', (t) => {
  for (const bad of [
    'deny out ip from any to assigned',
    'permit in ip from any to assigned',
    'permit out 256 from any to assigned',
    'permit out tcp from any to assigned',
    'permit out ip from 2001:db8::/129 to assigned',
    'permit out ip from not-an-address to assigned',
    'permit out ip from any',
    '',
  ])
    t.is(parseFlowDescription(bad), undefined, bad);
});

test('prefixMatch compares whole octets and the leading bits of the last one', (t) => {
  const p = addressBytes('2001:db8:ab80::');
  t.true(prefixMatch(addressBytes('2001:db8:abff::1'), 0, p, 41));
  t.false(prefixMatch(addressBytes('2001:db8:ab7f::1'), 0, p, 41));
  t.true(prefixMatch(addressBytes('2001:db8:ab7f::1'), 0, p, 32));
  t.true(prefixMatch(addressBytes('::1'), 0, p, 0));
});
