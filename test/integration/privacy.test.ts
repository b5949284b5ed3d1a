import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { readCapture } from '../../harness/net/pcap/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * CLOUD-SECRECY: no IMSI used by any scenario appears unmasked in any output of a default run
 * (console, results.json, junit.xml, report.html, results.pb, the stand-ins' logs); `--reveal-identities` shows them,
 * which proves the search below can find them. `--pcap-snaplen` truncates every packet.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');

function scenarioImsis(): string[] {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.ts'))
        for (const m of readFileSync(join(dir, e.name), 'utf8').matchAll(/'(\d{15})'/g)) out.add(m[1]);
    }
  };
  walk(join(root, 'scenarios'));
  return [...out];
}

/** The console and every file of the report but the pcaps (packets carry identities on the wire; --pcap-snaplen cuts them). */
function outputs(dir: string, console: string): Map<string, string> {
  const files = new Map<string, string>([['console', console]]);
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(e.parentPath, e.name);
    if (e.isFile() && !path.startsWith(join(dir, 'pcap')))
      files.set(path.slice(dir.length + 1), readFileSync(path).toString('latin1'));
  }
  return files;
}

const run = (dir: string, extra: string[] = []) =>
  execa(process.execPath, [bin, 'run', '--report-dir', dir, ...extra], {
    cwd: root,
    reject: false,
    timeout: 240_000,
    env: { V6HARNESS_MASK_KEY: 'test-key' },
  });

test('a default run shows no IMSI in any report file or on the console', async (t) => {
  const imsis = scenarioImsis();
  t.true(imsis.length >= 10, `found ${imsis.length} IMSIs in scenarios/`);
  const dir = tempDir('privacy');
  const r = await run(dir, ['--pcap-snaplen', '64']);
  t.is(r.exitCode, 0, r.stdout.slice(-2000));
  const leaks: string[] = [];
  for (const [name, text] of outputs(dir, r.stdout + r.stderr))
    for (const imsi of imsis) if (text.includes(imsi)) leaks.push(`${name}: ${imsi}`);
  t.deepEqual(leaks, []);
  t.regex(readFileSync(join(dir, 'results.json'), 'utf8'), /IMSI imsi:[0-9a-f]{10}: IPv6 session/);
  // Every captured packet is cut at 64 octets; the original length is kept.
  const pcaps = readdirSync(join(dir, 'pcap'));
  t.true(pcaps.length > 10);
  for (const p of pcaps)
    for (const pkt of readCapture(readFileSync(join(dir, 'pcap', p))))
      t.true(pkt.data.length <= 64, `${p}: ${pkt.data.length} octets`);
});

test('--reveal-identities shows them (the search above can find a leak)', async (t) => {
  const dir = tempDir('reveal');
  const r = await run(dir, ['--reveal-identities', '--suite', 'ran', '--grep', 'attach']);
  t.is(r.exitCode, 0, r.stdout.slice(-2000));
  t.true(readFileSync(join(dir, 'results.json'), 'utf8').includes('IMSI 001010000001001 attached'));
});
