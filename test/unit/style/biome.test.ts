import test from 'ava';
import { execa } from 'execa';

// The formatter and the linter (biome.json) run in CI through this test: a file that is not
// formatted, or a lint rule broken, fails `npm test` with biome's own diagnostics.
test('biome ci: every file is formatted and passes the linter', async (t) => {
  const r = await execa('npx', ['biome', 'ci', '--colors=off', '--error-on-warnings', '.'], {
    reject: false,
    all: true,
  });
  t.is(r.exitCode, 0, r.all);
});
