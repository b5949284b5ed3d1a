import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { parse } from 'yaml';
import { targetSchema } from '../../../harness/lab/index.ts';
import { InprocLab } from '../../../harness/lab/inproc/inproc-lab.ts';
import { StandinSessionLog } from '../../../harness/lab/inproc/session-log.ts';
import { createMasker } from '../../../harness/runner/identities.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/**
 * The in-process lab's per-scenario stand-in log (harness/lab/inproc/session-log.ts): a stand-in
 * pushed off its registered port says where it went and the Decode As that makes its packets
 * readable; a passed scenario whose stand-ins sat on their registered ports and logged nothing
 * leaves no file.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const target = targetSchema.parse(parse(readFileSync(join(root, 'targets/standins.yaml'), 'utf8')));
const open = (lab: InprocLab) => lab.open(['aaa'], { signal: new AbortController().signal, recorder: noRecorder });

test.serial('an AAA pushed off 1813 names its port and the Decode As in logs/<scenario>/standins.log', async (t) => {
  // Whatever holds [::1]:1813 now (this socket, or a parallel run), the stand-in is not on it.
  const holder = createSocket({ type: 'udp6' });
  await new Promise<void>((res) => holder.bind(1813, '::1', res)).catch(() => {});
  holder.on('error', () => {});
  const session = await open(new InprocLab(target));
  try {
    const port = session.elements.get('aaa')!.port;
    t.not(port, 1813);
    const dir = tempDir('session-log');
    const files = await session.collectArtifacts!(dir, 'backend_x', false);
    t.deepEqual(files, [join(dir, 'logs', 'backend_x', 'standins.log')]);
    t.regex(
      readFileSync(files[0], 'utf8'),
      new RegExp(
        `^aaa \\(aaa\\): UDP \\[::1\\]:${port} \\(port 1813 was taken; in Wireshark: Decode As udp\\.port==${port} as radius, or tshark -d udp\\.port==${port},radius\\)`,
      ),
    );
  } finally {
    await session.close();
    holder.close();
  }
});

test.serial('a failed scenario gets the log even when every stand-in sat on its registered port', async (t) => {
  const session = await open(new InprocLab(target));
  try {
    const dir = tempDir('session-log');
    const { port } = session.elements.get('aaa')!;
    // Only where nothing else held 1813 does "no file when passed" apply.
    if (port === 1813) t.deepEqual(await session.collectArtifacts!(dir, 'passed', false), []);
    const [file] = await session.collectArtifacts!(dir, 'failed', true);
    t.true(readFileSync(file, 'utf8').startsWith(`aaa (aaa): UDP [::1]:${port}`));
  } finally {
    await session.close();
  }
});

test('the log goes through the runner’s identity masking: an IMSI a stand-in logged is not in the file', (t) => {
  const said = new StandinSessionLog();
  said.log('hss: ULR for unknown IMSI 001019999999999');
  const [file] = said.save(tempDir('session-log'), 'x', true, createMasker(Buffer.from('k')));
  const text = readFileSync(file, 'utf8');
  t.false(text.includes('001019999999999'), text);
  t.regex(text, /unknown IMSI (imsi|id):[0-9a-f]{10}/);
});
