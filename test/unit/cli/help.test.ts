import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { COMMANDS, type OptionSpec } from '../../../harness/cli/command-line.ts';
import { main } from '../../../harness/cli/main.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const doc = readFileSync(join(root, 'docs/cli.md'), 'utf8');

/** What `main([...args])` writes to stdout, and its exit code. */
async function capture(args: string[]): Promise<{ code: number; out: string }> {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await main(args), out };
  } finally {
    process.stdout.write = write;
  }
}

/** The part of docs/cli.md under `## \`v6harness <name>\``. */
function docSection(name: string): string {
  const start = doc.indexOf(`## \`v6harness ${name}\``);
  if (start < 0) return '';
  const next = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, next < 0 ? undefined : next);
}

for (const spec of COMMANDS) {
  test(`${spec.name} --help and docs/cli.md explain every option of ${spec.name}`, async (t) => {
    const { code, out } = await capture([spec.name, '--help']);
    t.is(code, 0);
    t.true(out.startsWith(`v6harness ${spec.name} — ${spec.summary}`), out);
    t.deepEqual((await capture(['help', spec.name])).out, out, 'help <command> says the same');
    const section = docSection(spec.name);
    t.not(section, '', `docs/cli.md has a section for ${spec.name}`);
    const options = Object.entries(spec.options) as [string, OptionSpec][];
    for (const [name, o] of options) {
      t.true(o.description.length > 20, `--${name} has a real description`);
      // The option and the first words of its description are in the help, on its own line.
      const firstWords = o.description.split(' ').slice(0, 3).join(' ');
      t.regex(
        out,
        new RegExp(`^  --${name}${o.value ? ` ${reEscape(o.value)}` : ''}\\s+${reEscape(firstWords)}`, 'm'),
        name,
      );
      if (o.multiple)
        t.regex(out, new RegExp(`--${name}[^\\n]*\\n(?:\\s{20,}[^\\n]*\\n)*?[^\\n]*\\(repeatable\\)`), name);
      t.regex(section, new RegExp(`^\\| \`--${name}[ \`]`, 'm'), `docs/cli.md documents ${spec.name} --${name}`);
    }
    t.regex(out, /^ {2}-h, --help\s+Show this help\.$/m);
    // Nothing documented that the command does not take.
    const documented = [...section.matchAll(/^\| `--([a-z-]+)/gm)].map((m) => m[1]);
    for (const d of documented) t.true(d === 'help' || d in spec.options, `docs/cli.md: ${spec.name} --${d} exists`);
  });
}

test('the main help lists every command; an unknown command or option is exit 2 with a pointer to --help', async (t) => {
  const { code, out } = await capture(['--help']);
  t.is(code, 0);
  for (const spec of COMMANDS) t.regex(out, new RegExp(`^ {2}${spec.name}\\s+${reEscape(spec.summary)}$`, 'm'));
  const r = await execa(process.execPath, [join(root, 'harness/cli/v6harness.js'), 'run', '--grpe', 'x'], {
    reject: false,
    cwd: root,
    env: { CI: '1' },
  });
  t.is(r.exitCode, 2);
  t.regex(r.stderr, /Unknown option '--grpe'.*\nRun "v6harness run --help" for its options\./s);
  const help = await execa(process.execPath, [join(root, 'harness/cli/v6harness.js'), 'list', '-h'], { cwd: root });
  t.regex(help.stdout, /^ {2}--grep-invert REGEX/m);
});

function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
