import { createHash } from 'node:crypto';
import test from 'ava';
import { decodeRadius, encodeRadius } from '../../harness/protocol/radius/index.ts';
import { dissect, udp, writePcap } from '../helpers/tshark.ts';

/** Wireshark's RADIUS dissector reads our IPv6 attributes and verifies the authenticators with the secret. */
const secret = 'oracle-secret';
test('Access-Request/Accept and Accounting-Request dissect with the IPv6 attributes and valid authenticators', async (t) => {
  const access = encodeRadius({
    code: 'Access-Request',
    identifier: 1,
    secret,
    attributes: [
      ['User-Name', 'ue1@internet'],
      ['User-Password', 'pw'],
      ['NAS-IPv6-Address', '2001:db8:5::7'],
      ['Framed-Interface-Id', '::1:2:3:4'],
    ],
  });
  const accept = encodeRadius({
    code: 'Access-Accept',
    secret,
    request: access,
    attributes: [
      ['Framed-IPv6-Prefix', '2001:db8:100:1::/64'],
      ['Delegated-IPv6-Prefix', '2001:db8:200::/56'],
    ],
  });
  const acct = encodeRadius({
    code: 'Accounting-Request',
    identifier: 2,
    secret,
    attributes: [
      ['Acct-Status-Type', 'Start'],
      ['Framed-IPv6-Prefix', '2001:db8:100:1::/64'],
      ['Framed-IPv6-Address', '2001:db8:100:1::5'],
      ['Acct-Session-Id', 's1'],
    ],
  });
  t.is(decodeRadius(accept, secret).code, 'Access-Accept');
  const nas = { address: '2001:db8:5::7', port: 40000 };
  const frames = await dissect(
    writePcap(
      [
        udp(access, nas, { address: '2001:db8:5::9', port: 1812 }),
        udp(accept, { address: '2001:db8:5::9', port: 1812 }, nas),
        udp(acct, nas, { address: '2001:db8:5::9', port: 1813 }),
      ],
      'radius',
    ),
    { extraArgs: ['-o', `radius.shared_secret:${secret}`, '-o', 'radius.validate_authenticator:TRUE'] },
  );
  t.is(frames.length, 3);
  for (const f of frames) {
    t.false(f.malformed);
    t.deepEqual(f.errors, []);
  }
  t.deepEqual(
    frames.map((f) => f.fields.get('radius.code')?.[0]),
    ['1', '2', '4'],
  );
  // tshark 4.0 shows ipv6prefix values as octets: reserved, prefix length, the prefix's octets (RFC 3162 §2.3).
  t.deepEqual(frames[1].fields.get('radius.Framed_IPv6_Prefix'), ['00:40:20:01:0d:b8:01:00:00:01']);
  t.deepEqual(frames[1].fields.get('radius.Delegated_IPv6_Prefix'), ['00:38:20:01:0d:b8:02:00:00']);
  t.deepEqual(frames[2].fields.get('radius.Framed_IPv6_Address'), ['2001:db8:100:1::5']);
  t.deepEqual(frames[0].fields.get('radius.NAS_IPv6_Address'), ['2001:db8:5::7']);
  // tshark checks the response authenticator when it knows the secret (RFC 2865 §3).
  t.deepEqual(frames[1].fields.get('radius.authenticator.valid'), ['1']);
  // tshark does not check request authenticators; RFC 2866 §3 by hand: MD5(code..length, 16 zero octets, attributes, secret).
  const zeroed = Buffer.from(acct);
  zeroed.fill(0, 4, 20);
  t.deepEqual(
    createHash('md5')
      .update(Buffer.concat([zeroed, Buffer.from(secret)]))
      .digest(),
    acct.subarray(4, 20),
  );
});

/**
 * The PGW stand-in's Accounting-Request (as it encodes one: IPv6 prefixes, identities, 3GPP VSAs)
 * and the AAA stand-in's Accounting-Response to it, through Wireshark: no malformed packet, the
 * response authenticator valid for the secret (RFC 2866 §3, §4.2), the prefix and the 3GPP attributes as sent.
 * (freeradius accepting the PGW's requests in the docker lab is the other oracle: test/containers/mvno.test.ts.)
 */
test('the AAA stand-in answers an Accounting-Request with a response authenticator Wireshark validates', async (t) => {
  const { createSocket } = await import('node:dgram');
  const { AaaStandin } = await import('../../harness/elements/aaa/index.ts');
  const aaa = new AaaStandin({ address: '::1', port: 0, secret, faults: [] });
  await aaa.start();
  const req = encodeRadius({
    code: 'Accounting-Request',
    identifier: 9,
    secret,
    attributes: [
      ['Acct-Status-Type', 'Start'],
      ['Acct-Session-Id', '00001000'],
      ['User-Name', '001010000000940'],
      ['NAS-IPv6-Address', '::1'],
      ['Framed-IPv6-Prefix', '2001:db8:100:9::/64'],
      ['Delegated-IPv6-Prefix', '2001:db8:100::/56'],
      [
        'Vendor-Specific',
        10415,
        [
          ['3GPP-IMSI', '001010000000940'],
          ['3GPP-Charging-ID', 9],
          ['3GPP-PDP-Type', 2],
        ],
      ],
    ],
  });
  const s = createSocket('udp6');
  await new Promise<void>((r) => s.bind(0, '::1', () => r()));
  const answered = new Promise<Buffer>((r) => s.once('message', (m) => r(m)));
  s.send(req, aaa.endpoint.port, '::1');
  const res = await answered;
  const nas = { address: '::1', port: s.address().port };
  s.close();
  await aaa.stop();
  const server = { address: '::1', port: 1813 };
  const frames = await dissect(writePcap([udp(req, nas, server), udp(res, server, nas)], 'radius-acct'), {
    extraArgs: ['-o', `radius.shared_secret:${secret}`, '-o', 'radius.validate_authenticator:TRUE'],
  });
  t.is(frames.length, 2);
  for (const f of frames) {
    t.false(f.malformed);
    t.deepEqual(f.errors, []);
  }
  t.deepEqual(
    frames.map((f) => f.fields.get('radius.code')?.[0]),
    ['4', '5'],
  );
  t.deepEqual(frames[1].fields.get('radius.authenticator.valid'), ['1']);
  t.deepEqual(frames[0].fields.get('radius.Framed_IPv6_Prefix'), ['00:40:20:01:0d:b8:01:00:00:09']);
  t.deepEqual(frames[0].fields.get('radius.3GPP_Charging_ID'), ['9']);
  t.deepEqual(frames[0].fields.get('radius.3GPP_PDP_Type'), ['2']);
});
