import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { scenarioIndex } from '../../../harness/runner/scenario-index.ts';
import { select } from '../../../harness/runner/selection.ts';
import { loadSuite } from '../../../harness/runner/suite.ts';
import { loadTarget } from '../../../harness/runner/target-file.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/**
 * Every YAML example in the README and docs/ runs as written (issue 16 item 10): each fenced yaml
 * block names on its first line the file it would be (`# targets/NAME.yaml` or
 * `# scenarios/suites/NAME.yaml`) and loads with the real loaders: a target with the schema and the
 * cross-field rules (roles that fit, stand-in faults), a suite with its schema and every scenario
 * it selects or parameterises found in the scenario index. That a documented target then runs is
 * test/integration/doc-targets.test.ts.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

interface Block {
  where: string;
  text: string;
}

function yamlBlocks(doc: string): Block[] {
  const lines = readFileSync(join(root, doc), 'utf8').split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```yaml') continue;
    const start = i + 1;
    while (++i < lines.length && lines[i]!.trim() !== '```');
    out.push({ where: `${doc}:${start + 1}`, text: `${lines.slice(start, i).join('\n')}\n` });
  }
  return out;
}

const blocks = documents.flatMap(yamlBlocks);

test('the README and docs have YAML examples, each naming the file it would be', (t) => {
  t.true(blocks.length >= 10, `found ${blocks.length}`);
  for (const b of blocks)
    t.regex(b.text, /^# (targets|scenarios\/suites)\/[a-z0-9.-]+\.yaml\n/, `${b.where}: first line names no file`);
});

test('every target example loads with the target loader', (t) => {
  const dir = tempDir('doc-yaml');
  let n = 0;
  for (const b of blocks) {
    const file = /^# (targets\/[a-z0-9.-]+\.yaml)\n/.exec(b.text)?.[1];
    if (!file) continue;
    const path = join(dir, String(n++), file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, b.text);
    const loaded = t.notThrows(() => loadTarget(path), b.where);
    void loaded;
  }
  t.true(n >= 6, `${n} target examples`);
});

test('every suite example loads and selects scenarios that exist', async (t) => {
  const index = await scenarioIndex();
  const dir = tempDir('doc-yaml');
  let n = 0;
  for (const b of blocks) {
    const file = /^# (scenarios\/suites\/[a-z0-9.-]+\.yaml)\n/.exec(b.text)?.[1];
    if (!file) continue;
    const path = join(dir, String(n++), file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, b.text);
    const { suite } = loadSuite(path);
    const chosen = select(index, suite.scenarios, path);
    t.true(chosen.length > 0, b.where);
    for (const id of Object.keys(suite.params))
      t.true(
        chosen.some((s) => s.definition.id === id),
        `${b.where}: params for ${id}, which the suite does not select`,
      );
  }
  t.true(n >= 2, `${n} suite examples`);
});
