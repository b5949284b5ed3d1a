import test from 'ava';
import { DecodeError } from '../../harness/protocol/common/decode-error.ts';
import { decodeNgap, encodeNgap, ieValue, missingIes, type NgapMessage } from '../../harness/protocol/ngap/index.ts';
import { archiveText, hexLiterals, open5gsArchive } from '../helpers/open5gs-archive.ts';

/**
 * NGAP-PDUs encoded by another implementation (open5gs's asn1c-generated APER library): the hex
 * literals of open5gs's NGAP tests, read from the pinned source archive at run time (nothing of
 * it is committed; a missing archive fails the test). Every well-formed PDU decodes and
 * re-encodes byte-exact; the PDUs open5gs builds as malformed on purpose
 * (test_ngap_build_malformed_*) and the non-NGAP literals (a UE radio capability, a NAS message)
 * are rejected with a DecodeError, never another error.
 */
const SOURCES = ['tests/common/ngap-build.c', 'tests/unit/ngap-message-test.c'];

let literals: Buffer[] = [];
test.before(() => {
  const archive = open5gsArchive();
  literals = SOURCES.flatMap((p) => hexLiterals(archiveText(`open5gs/${p}`, archive), 4));
});

test("open5gs's NGAP test PDUs: well-formed ones decode and re-encode byte-exact, the rest are DecodeErrors", (t) => {
  const exact: NgapMessage[] = [];
  const rejected: string[] = [];
  for (const b of literals) {
    try {
      const m = decodeNgap(b);
      t.is(encodeNgap(m).toString('hex'), b.toString('hex'), `re-encoding ${m.message}`);
      if (m.message !== 'unknown' && m.message !== 'pdu-extension') exact.push(m);
    } catch (e) {
      t.true(e instanceof DecodeError, `${e instanceof Error ? e.message : String(e)} for ${b.toString('hex')}`);
      rejected.push(b.toString('hex'));
    }
  }
  t.log(`${literals.length} literals: ${exact.length} decoded byte-exact, ${rejected.length} rejected`);
  const names = exact.map((m) => m.message).sort();
  t.deepEqual(names, ['AMFConfigurationUpdateAcknowledge', 'NGReset', 'NGSetupRequest', 'NGSetupRequest']);
  for (const m of exact) t.deepEqual(missingIes(m), [], m.message);
  const setup = exact.find((m) => m.message === 'NGSetupRequest')!;
  t.like(ieValue(setup, 'GlobalRANNodeID'), { choice: 'globalGnbId' });
  t.truthy(ieValue(setup, 'SupportedTAList')?.length);
  // The malformed NG Setup Request (a GlobalRANNodeID whose choice index points past its
  // alternatives' contents) and Initial UE Message (a non-BCD PLMN) are among the rejected.
  t.true(rejected.some((h) => h.startsWith('00150035000004001b0008c0')));
  t.true(rejected.some((h) => h.startsWith('000f0073')));
});
