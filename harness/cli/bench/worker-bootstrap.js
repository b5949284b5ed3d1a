// Entry of a benchmark worker thread: registers tsx (as harness/cli/v6harness.js does for the main
// thread) and runs the TypeScript module named in workerData.module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
