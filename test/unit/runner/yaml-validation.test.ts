import test from 'ava';
import { z } from 'zod';
import { ConfigError } from '../../../harness/runner/errors.ts';
import { parseYaml } from '../../../harness/runner/yaml-file.ts';
import { suiteSchema } from '../../../harness/runner/suite.ts';
import { targetSchema, validateStandins, validateTarget } from '../../../harness/lab/index.ts';

const problems = (f: () => unknown) => {
  const e = t_throws(f);
  return e.message;
};
function t_throws(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('no ConfigError thrown');
}

test('invalid YAML syntax names the file and the line', (t) => {
  const msg = problems(() => parseYaml('name: x\nscenarios: [core/a\n  b: c\n', 'suites/bad.yaml', suiteSchema));
  t.regex(msg, /^suites\/bad\.yaml:\d+: invalid YAML/);
});

test('schema errors name the file, the line of the offending node and the field path', (t) => {
  const text = [
    'name: standins',
    'provider: inproc',
    'elements:',
    '  pgw:',
    '    kind: external',
    '    address: 2001:db8::1',
    '    port: "2123"',
    '',
  ].join('\n');
  const msg = problems(() => parseYaml(text, 'targets/t.yaml', targetSchema));
  t.is(msg, 'targets/t.yaml:7: elements.pgw.port: Expected number, received string');
});

test('an address that is not an IP address is rejected with its line', (t) => {
  const text = 'name: x\nelements:\n  pgw:\n    kind: external\n    address: pgw.example\n    port: 2123\n';
  t.is(
    problems(() => parseYaml(text, 't.yaml', targetSchema)),
    't.yaml:5: elements.pgw.address: must be an IPv4 or IPv6 address',
  );
});

test('unknown keys and unknown stand-in faults are errors, not silently ignored', (t) => {
  t.regex(
    problems(() => parseYaml('name: x\nelements: {}\nbogus: 1\n', 't.yaml', targetSchema)),
    /^t\.yaml:3: bogus: unknown key "bogus" \(known here: name, limits, description, provider, internet, gateway, elements\)$/,
  );
  const text = 'name: x\nelements:\n  pgw:\n    kind: standin\n    faults: [echo-silent, nonsense]\n';
  t.regex(
    problems(() => parseYaml(text, 't.yaml', targetSchema, validateStandins)),
    /^t\.yaml:5: elements\.pgw\.faults\.1: unknown fault "nonsense" \(known: echo-wrong-message-type, echo-silent, .*\)$/,
  );
});

test('suite thresholds must parse', (t) => {
  const text = 'name: s\nscenarios: [core/*]\nthresholds:\n  echo_rtt: ["fast please"]\n';
  t.is(
    problems(() => parseYaml(text, 's.yaml', suiteSchema)),
    's.yaml:4: thresholds.echo_rtt.0: a threshold is "<op> <number>", e.g. "< 50"',
  );
});

test('a valid document passes through typed', (t) => {
  const v = parseYaml('a: 1\n', 'x.yaml', z.object({ a: z.number() }));
  t.deepEqual(v, { a: 1 });
});

test('HSS subscriber data is validated: IMSI digits, PDN types of TS 29.272 §7.3.62, PLMNs as MCC-MNC', (t) => {
  const doc = (sub: string) =>
    ['name: t', 'elements:', '  hss:', '    kind: standin', '    homePlmn: "001-01"', '    subscribers:', sub, ''].join(
      '\n',
    );
  const ok = parseYaml(
    doc('      "001010000000001": { apns: { internet: { pdnType: ipv4-or-ipv6 } }, roaming: ["001-02", "310-410"] }'),
    'targets/t.yaml',
    targetSchema,
  );
  const hss = ok.elements.hss;
  t.deepEqual(hss.kind === 'standin' ? hss.subscribers?.['001010000000001'] : undefined, {
    apns: { internet: { pdnType: 'ipv4-or-ipv6' } },
    roaming: ['001-02', '310-410'],
  });
  t.regex(
    problems(() =>
      parseYaml(doc('      "00101x": { apns: { internet: { pdnType: ipv4 } } }'), 'targets/t.yaml', targetSchema),
    ),
    /an IMSI of 6 to 15 digits/,
  );
  t.regex(
    problems(() =>
      parseYaml(
        doc('      "001010000000001": { apns: { internet: { pdnType: ipv6only } } }'),
        'targets/t.yaml',
        targetSchema,
      ),
    ),
    /targets\/t\.yaml:7: elements\.hss\.subscribers\.001010000000001\.apns\.internet\.pdnType: Invalid enum value/,
  );
  t.regex(
    problems(() =>
      parseYaml(
        doc('      "001010000000001": { apns: { internet: { pdnType: ipv4 } }, roaming: ["00102"] }'),
        'targets/t.yaml',
        targetSchema,
      ),
    ),
    /a PLMN as MCC-MNC/,
  );
  t.regex(
    problems(() => parseYaml(doc('      "001010000000001": { apns: {} }'), 'targets/t.yaml', targetSchema)),
    /at least one APN/,
  );
});

test('an unknown key: the line of that key (not of its parent), and the closest known key', (t) => {
  const text = [
    'name: x',
    'elements:',
    '  pgw:',
    '    kind: external',
    '    adress: 2001:db8::1',
    '    port: 2123',
    '',
  ].join('\n');
  const msg = problems(() => parseYaml(text, 'targets/t.yaml', targetSchema));
  t.regex(
    msg,
    /^targets\/t\.yaml:5: elements\.pgw\.adress: unknown key "adress" — did you mean address\? \(known here: kind, address, port, /m,
  );
  // The key left out is reported on the line of the element it belongs to.
  t.regex(msg, /^targets\/t\.yaml:3: elements\.pgw\.address: Required$/m);
});

test('an enum or element kind misspelt gets the closest value', (t) => {
  const apn = [
    'name: x',
    'elements:',
    '  pgw:',
    '    kind: standin',
    '    apns:',
    '      internet: { pdnTypes: ipv4v5 }',
    '',
  ];
  t.regex(
    problems(() => parseYaml(apn.join('\n'), 't.yaml', targetSchema)),
    /^t\.yaml:6: elements\.pgw\.apns\.internet\.pdnTypes: Invalid enum value\. .* — did you mean ipv4v6\?$/,
  );
  const kind = ['name: x', 'elements:', '  pgw:', '    kind: externl', ''];
  t.regex(
    problems(() => parseYaml(kind.join('\n'), 't.yaml', targetSchema)),
    /^t\.yaml:4: elements\.pgw\.kind: .* — did you mean external\?$/,
  );
});

test('roles: must name a declared APN that fits the role, on the role’s own line', (t) => {
  const doc = (roles: string) =>
    [
      'name: x',
      'elements:',
      '  pgw:',
      '    kind: standin',
      '    apns:',
      '      internet: { pdnTypes: ipv4v6 }',
      '      v6: { pdnTypes: ipv6 }',
      `    roles: ${roles}`,
      '',
    ].join('\n');
  t.notThrows(() => parseYaml(doc('{ dualStack: internet, ipv6Only: v6 }'), 't.yaml', targetSchema, validateTarget));
  t.is(
    problems(() => parseYaml(doc('{ ipv6Only: internet }'), 't.yaml', targetSchema, validateTarget)),
    't.yaml:8: elements.pgw.roles.ipv6Only: APN "internet" (pdnTypes ipv4v6) cannot play ipv6Only: grants IPv6 only (pdnTypes: ipv6)',
  );
  t.is(
    problems(() => parseYaml(doc('{ dualStack: inet }'), 't.yaml', targetSchema, validateTarget)),
    't.yaml:8: elements.pgw.roles.dualStack: no APN "inet" is declared (declared: internet, v6)',
  );
  t.regex(
    problems(() => parseYaml(doc('{ dualstack: internet }'), 't.yaml', targetSchema, validateTarget)),
    /^t\.yaml:8: elements\.pgw\.roles\.dualstack: unknown key "dualstack" — did you mean dualStack\?/,
  );
});

test('a tayga on another Pref64 than gateway.nat64Prefix is rejected at load, pointing at its prefix', (t) => {
  const text = [
    'name: x',
    'provider: docker',
    'gateway: { nat64Prefix: "2001:db8:64::/96" }',
    'elements:',
    '  nat64:',
    '    kind: real',
    '    software: tayga',
    '    nat64Prefix: "2001:db8:65::/96"',
    '',
  ].join('\n');
  t.regex(
    problems(() => parseYaml(text, 't.yaml', targetSchema, validateTarget)),
    /^t\.yaml:8: elements\.nat64\.nat64Prefix: tayga would translate 2001:db8:65::\/96, but gateway\.nat64Prefix declares 2001:db8:64::\/96.*faults: \[well-known-prefix\]\)$/,
  );
});
