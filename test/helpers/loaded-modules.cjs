// Preloaded with `node --require` by tests: at exit, writes the CommonJS modules the process loaded
// (the packages' own files under node_modules) to the file V6H_LOADED_MODULES names, one a line.
const { writeFileSync } = require('node:fs');
const Module = require('node:module');

process.on('exit', () => {
  const out = process.env.V6H_LOADED_MODULES;
  if (out) writeFileSync(out, `${Object.keys(Module._cache).join('\n')}\n`);
});
