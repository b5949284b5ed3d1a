import test from 'ava';
import { failures, runAgainstFaulty } from '../helpers/run-scenarios.ts';

/** The Sxb scenario passes against the correct PGW-U stand-in and catches each deliberate fault. */
test('the Sxb scenario passes against the correct PGW-U stand-in', async (t) => {
  const [r] = await runAgainstFaulty('pgw-u', 'core/sxb-session', []);
  t.is(r.status, 'passed', failures(r).join('; ') + (r.error ?? ''));
});

test('a PGW-U that accepts sessions without an association is caught', async (t) => {
  const [r] = await runAgainstFaulty('pgw-u', 'core/sxb-session', ['no-association-check']);
  t.is(r.status, 'failed');
  t.is(r.element, 'pgw-u');
  t.deepEqual(failures(r), [
    'a session request before Association Setup is refused: expected "72 No established PFCP Association", observed "1 Request accepted (success)"',
  ]);
});

test('a PGW-U that leaves the chosen F-TEID out of the Created PDR is caught', async (t) => {
  const [r] = await runAgainstFaulty('pgw-u', 'core/sxb-session', ['no-f-teid']);
  t.is(r.status, 'failed');
  t.deepEqual(failures(r), [
    'Created PDR carries the F-TEID the PGW-U chose (CH): expected "an F-TEID with a TEID and an address", observed "no F-TEID in any Created PDR"',
  ]);
});

test('a PGW-U without RA and one that keeps deleted sessions are caught by name', async (t) => {
  const [noRa] = await runAgainstFaulty('pgw-u', 'core/sxb-session', ['no-ra']);
  t.is(noRa.status, 'failed');
  t.regex(
    failures(noRa)[0],
    /^RA through the PGW-U advertises the UE IP Address \/64: expected "2001:db8:600:[0-9a-f]+::\/64", observed "no RA"$/,
  );
  const [kept] = await runAgainstFaulty('pgw-u', 'core/sxb-session', ['keep-deleted-sessions']);
  t.deepEqual(failures(kept), [
    'the deleted session is gone: Session context not found: expected "65 Session context not found", observed "1 Request accepted (success)"',
  ]);
});

test('a silent PGW-U fails with the retransmission count', async (t) => {
  const [r] = await runAgainstFaulty('pgw-u', 'core/sxb-session', ['silent'], 30);
  t.is(r.status, 'failed');
  t.regex(
    failures(r)[0],
    /^a session request before Association Setup is refused: expected "72 No established PFCP Association", observed "no response"$/,
  );
});
