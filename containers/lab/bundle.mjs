// Compiles the lab image's entry points to plain JavaScript at image build (containers/lab/Dockerfile),
// so its containers run `node dist/<entry>.mjs` instead of compiling TypeScript through tsx at every
// start and keeping its loader hooks in the process (issue 19: ~5 % CPU per idle container).
//   node containers/lab/bundle.mjs [outdir]       (default dist/lab, beside harness/)
// One ESM bundle per entry; npm packages stay external (node_modules is in the image). Each module's
// `import.meta.url` is kept as its own source file's URL, so files found relative to it (the RADIUS
// dictionary, the batched UDP addon, the results .proto) resolve as they do under tsx.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outdir = process.argv[2] ?? join(root, 'dist/lab');
const ENTRIES = ['standin-main', 'real-main', 'healthcheck', 'udp-echo-main', 'firewall-links-main'];
// The stand-ins' forwarding thread (elements/common/forwarding) runs this bundle in its worker:
// the image names it in V6HARNESS_FORWARDING_WORKER (containers/lab/Dockerfile).
const WORKERS = { 'forwarding-worker': 'harness/elements/common/forwarding/forwarding-worker.ts' };

const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

await build({
  entryPoints: [
    ...ENTRIES.map((e) => ({ in: join(root, 'harness/lab/docker', `${e}.ts`), out: e })),
    ...Object.entries(WORKERS).map(([out, source]) => ({ in: join(root, source), out })),
  ],
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [ownImportMetaUrl],
});
