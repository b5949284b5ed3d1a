import test from 'ava';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { failures, runAgainstFaultyPgw } from '../helpers/run-scenarios.ts';
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.ts';

/** The mvno-l2 suite (the MNO side toward an MVNO's PGW and GGSN) and its example target. */
const root = fileURLToPath(new URL('../..', import.meta.url));

test('the example target validates and names the three elements an MVNO fills in', (t) => {
  const { target } = loadTarget(join(root, 'targets/mvno-l2.example.yaml'));
  t.deepEqual(Object.keys(target.elements).sort(), ['aaa', 'ggsn', 'pgw']);
  t.true(Object.values(target.elements).every((e) => e.kind === 'external'));
});

test('the mvno-l2 suite passes against the stand-ins', async (t) => {
  const r = await execa(
    process.execPath,
    [join(root, 'harness/cli/v6harness.js'), 'run', '--suite', 'mvno-l2', '--report-dir', tempDir('mvno')],
    { cwd: root, reject: false, timeout: 120_000 },
  );
  t.is(r.exitCode, 0, r.stdout.slice(-2000));
  t.regex(r.stdout, /22 passed, 0 failed/);
});

test('an MVNO PGW that leaves DNS out of the PCO fails an MVNO-L2 scenario, naming the PGW', async (t) => {
  const [r] = await runAgainstFaultyPgw('core/s5-pco-dns', ['no-pco-dns']);
  t.is(r.status, 'failed');
  t.true(r.covers.includes('MVNO-L2'));
  t.is(r.element, 'pgw');
  t.true(failures(r).length > 0);
});

test('RADIUS accounting: a PGW that leaves the IPv6 prefix out of its Accounting-Requests is caught at the AAA', async (t) => {
  const [ok] = await runAgainstFaultyPgw('mvno/radius-accounting', []);
  t.is(ok.status, 'passed', failures(ok).join('; '));
  const [r] = await runAgainstFaultyPgw('mvno/radius-accounting', ['accounting-no-ipv6-prefix']);
  t.is(r.status, 'failed');
  t.is(r.element, 'pgw');
  const f = failures(r);
  t.is(f.length, 2, f.join('\n'));
  t.regex(
    f[0],
    /^ipv6 session: Accounting-Request Start carries Framed-IPv6-Prefix 2001:db8:100:[0-9a-f:]*\/64: expected "2001:db8:100:[0-9a-f:]*\/64", observed "Start records with: no Framed-IPv6-Prefix, no Framed-IPv6-Prefix"$/,
  );
  t.is(r.checks.find((c) => !c.ok)!.clause, 'TS 29.061 §16.4.3, RFC 3162 §2.3');
});

test('the AAA stand-in discards an Accounting-Request whose authenticator is wrong for the secret (RFC 2866 §3)', async (t) => {
  const { requestAuthenticatorValid } = await import('../../harness/elements/aaa/index.ts');
  const { encodeRadius } = await import('../../harness/protocol/radius/index.ts');
  const req = encodeRadius({
    code: 'Accounting-Request',
    identifier: 1,
    secret: 'right',
    attributes: [
      ['Acct-Status-Type', 'Start'],
      ['Framed-IPv6-Prefix', '2001:db8:100:1::/64'],
    ],
  });
  t.true(requestAuthenticatorValid(req, 'right'));
  t.false(requestAuthenticatorValid(req, 'wrong'));
});
