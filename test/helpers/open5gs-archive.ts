import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The pinned open5gs source archive (../shared/vendor/open5gs/ beside the repository in CI; the
 * nearest ancestor's shared/ in a worktree; V6H_OPEN5GS_ARCHIVE overrides). Tests read files from
 * it at run time and commit nothing of it. A missing archive fails the test that needs it.
 */
export const OPEN5GS_ARCHIVE_NAME = 'open5gs-8f25f3b-with-subprojects.tar.xz';

export function open5gsArchive(): string {
  const env = process.env.V6H_OPEN5GS_ARCHIVE;
  if (env) {
    if (!existsSync(env)) throw new Error(`V6H_OPEN5GS_ARCHIVE=${env} does not exist`);
    return env;
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  for (let dir = root; ; dir = dirname(dir)) {
    const candidate = join(dirname(dir), 'shared', 'vendor', 'open5gs', OPEN5GS_ARCHIVE_NAME);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `the open5gs source archive ${OPEN5GS_ARCHIVE_NAME} is not in ../shared/vendor/open5gs/ above ${root}: put it there or set V6H_OPEN5GS_ARCHIVE`,
  );
}

/** One file of the archive (path inside it, e.g. open5gs/tests/unit/nas-message-test.c), as text. */
export function archiveText(path: string, archive = open5gsArchive()): string {
  return execFileSync('tar', ['-xJOf', archive, path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Octet strings written in C source as hex string literals, adjacent literals joined (as the C
 * compiler joins them) and spaces dropped: `"0741" "020b"` → 07 41 02 0b.
 */
export function hexLiterals(source: string, minOctets = 2): Buffer[] {
  const out: Buffer[] = [];
  for (const m of source.matchAll(/(?:"[^"\n]*"\s*)+/g)) {
    const hex = [...m[0].matchAll(/"([^"\n]*)"/g)]
      .map((l) => l[1])
      .join('')
      .replaceAll(' ', '');
    if (hex.length >= minOctets * 2 && hex.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(hex))
      out.push(Buffer.from(hex, 'hex'));
  }
  return out;
}
