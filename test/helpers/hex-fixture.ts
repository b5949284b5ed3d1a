import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The messages of a hex fixture (test/fixtures/captures/…/*.hex): one message per line, `#` lines are notes. */
export function hexFixture(relative: string): Buffer[] {
  const path = fileURLToPath(new URL(`../fixtures/captures/${relative}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => Buffer.from(l, 'hex'));
}
