import test from 'ava';
import { decode, encode, isCiphered, type NasMessage } from '../../harness/protocol/nas/index.ts';
import { archiveText, hexLiterals, open5gsArchive } from '../helpers/open5gs-archive.ts';
import { dissect, NAS_USER_DLTS, writePcap, type Frame } from '../helpers/tshark.ts';

/**
 * Real NAS messages: the hex that open5gs's own tests send and expect (S1AP and NGAP PDUs with
 * their NAS-PDUs, NAS messages), read from the pinned open5gs source archive at run time. tshark
 * takes the NAS-PDUs out of S1AP/NGAP and the ESM message containers / N1 SM payload containers
 * out of EMM/5GMM messages; every ESM and 5GSM message found (plain, inside an integrity-only
 * security protected message, or inside a container) must decode and re-encode byte-exact.
 * EMM and 5GMM messages themselves and ciphered ones are counted, not read (no EMM/5GMM codec
 * here yet). Run `npx ava test/interop/open5gs-nas.test.ts --verbose` for the figures.
 */
const S1AP_DLT = 149;
const NGAP_DLT = 150;
const DLTS = [
  ...NAS_USER_DLTS,
  '-o',
  `uat:user_dlts:"User 2 (DLT=${S1AP_DLT})","s1ap","0","","0",""`,
  '-o',
  `uat:user_dlts:"User 3 (DLT=${NGAP_DLT})","ngap","0","","0",""`,
];
const S1AP_SOURCES = ['tests/common/s1ap-build.c', 'tests/unit/s1ap-message-test.c', 'tests/unit/crash-test.c'];
const NGAP_SOURCES = ['tests/common/ngap-build.c', 'tests/unit/ngap-message-test.c'];
const NAS_SOURCES = ['tests/unit/nas-message-test.c'];

const bytesOf = (f: Frame, name: string): Buffer[] =>
  (f.fields.get(name) ?? []).map((v) => Buffer.from(v.replaceAll(':', ''), 'hex'));

function unique(list: Buffer[]): Buffer[] {
  const seen = new Map<string, Buffer>();
  for (const b of list) seen.set(b.toString('hex'), b);
  return [...seen.values()];
}

async function frames(blobs: Buffer[], dlt: number, name: string): Promise<Frame[]> {
  if (blobs.length === 0) return [];
  return dissect(writePcap(blobs, name, dlt), { extraArgs: DLTS });
}

interface Corpus {
  /** NAS-PDUs found, unique. */
  nas: Buffer[];
  /** ESM and 5GSM messages found, unique, with where each came from. */
  sm: { bytes: Buffer; from: string }[];
}

const isEps = (b: Buffer) => (b[0] & 0x0f) !== 0x0e;
const isSm = (b: Buffer) => (b[0] & 0x0f) === 0x02 || b[0] === 0x2e;

let corpus: Corpus;
test.before(async () => {
  const archive = open5gsArchive();
  const read = (paths: string[]) => paths.flatMap((p) => hexLiterals(archiveText(`open5gs/${p}`, archive), 4));
  const s1ap = await frames(unique(read(S1AP_SOURCES)), S1AP_DLT, 's1ap');
  const ngap = await frames(unique(read(NGAP_SOURCES)), NGAP_DLT, 'ngap');
  const nas = unique([
    ...s1ap.filter((f) => !f.malformed).flatMap((f) => bytesOf(f, 's1ap.NAS_PDU')),
    ...ngap.filter((f) => !f.malformed).flatMap((f) => bytesOf(f, 'ngap.NAS_PDU')),
    ...read(NAS_SOURCES),
  ]);
  // Containers inside EMM/5GMM messages, as tshark finds them.
  const eps = await frames(nas.filter(isEps), 147, 'nas-eps');
  const fiveGs = await frames(
    nas.filter((b) => !isEps(b)),
    148,
    'nas-5gs',
  );
  const sm = new Map<string, { bytes: Buffer; from: string }>();
  const add = (b: Buffer, from: string) => {
    if (isSm(b) && !sm.has(b.toString('hex'))) sm.set(b.toString('hex'), { bytes: b, from });
  };
  for (const b of nas) add(b, 'NAS-PDU');
  for (const f of eps) for (const b of bytesOf(f, 'nas_eps.emm.esm_msg_cont')) add(b, 'ESM message container');
  for (const f of fiveGs) {
    const types = f.fields.get('nas_5gs.mm.pld_cont_type') ?? [];
    bytesOf(f, 'nas_5gs.mm.pld_cont').forEach((b, i) => types[i] === '1' && add(b, 'N1 SM payload container'));
  }
  // Integrity-only security protected messages: the plain message inside.
  for (const b of nas) {
    if (!classify(b).endsWith('integrity protected')) continue;
    const m = decode(b);
    if (m.type === 'security-protected' && !isCiphered(m.securityHeaderType))
      add(m.payload, 'security protected NAS-PDU');
  }
  corpus = { nas, sm: [...sm.values()] };
});

function classify(b: Buffer): string {
  if (b[0] === 0x7e)
    return (b[1] & 0x0f) === 0 ? '5GMM' : (b[1] & 0x0f) % 2 ? '5GMM integrity protected' : '5GMM ciphered';
  if (b[0] === 0x2e) return '5GSM';
  if ((b[0] & 0x0f) === 2) return 'ESM';
  const sht = b[0] >> 4;
  return sht === 0 || sht === 12 ? 'EMM' : sht % 2 ? 'EMM integrity protected' : 'EMM ciphered';
}

test('every ESM and 5GSM message in open5gs tests decodes and re-encodes byte-exact (decode rate >= 99 %)', (t) => {
  const kinds = new Map<string, number>();
  for (const b of corpus.nas) kinds.set(classify(b), (kinds.get(classify(b)) ?? 0) + 1);
  t.log(`archive: ${open5gsArchive()}`);
  t.log(`NAS-PDUs found: ${corpus.nas.length} unique (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`);
  let decoded = 0;
  const failures: string[] = [];
  for (const { bytes, from } of corpus.sm) {
    try {
      const m: NasMessage = decode(bytes);
      const again = encode(m);
      if (!again.equals(bytes)) throw new Error(`re-encoded as ${again.toString('hex')}`);
      decoded++;
      t.log(`  ${m.protocol} ${m.type} (${from}, ${bytes.length} octets)`);
    } catch (e) {
      failures.push(`${bytes.toString('hex')} (${from}): ${(e as Error).message}`);
    }
  }
  const rate = corpus.sm.length === 0 ? 0 : decoded / corpus.sm.length;
  t.log(
    `ESM/5GSM messages: ${corpus.sm.length} unique, ${decoded} decoded and re-encoded byte-exact: ${(rate * 100).toFixed(1)} %`,
  );
  t.deepEqual(failures, []);
  t.true(corpus.sm.length >= 3, 'the archive holds at least the attach ESM messages');
  t.true(rate >= 0.99);
});

test('every NAS-PDU in open5gs tests is a DecodeError-free read: ESM/5GSM decoded, security protected framed, EMM/5GMM named', (t) => {
  for (const b of corpus.nas) {
    const kind = classify(b);
    if (kind === 'EMM' || kind === '5GMM') {
      t.throws(() => decode(b), { message: /(EMM|5GMM) messages are not supported/ }, b.toString('hex'));
      continue;
    }
    const m = decode(b);
    t.deepEqual(encode(m), b, b.toString('hex'));
  }
});
