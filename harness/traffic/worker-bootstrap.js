// Entry of a worker thread running TypeScript (benchmark far ends, session-load threads): registers
// tsx (as harness/cli/v6harness.js does for the main thread) and runs the module named in
// workerData.module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
