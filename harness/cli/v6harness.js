#!/usr/bin/env node
// Entry point of the `v6harness` command: loads the TypeScript sources through tsx (no build step)
// and hands over to main.ts. Worker threads started by the harness register tsx the same way.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
