// Entry of every worker thread: registers the TypeScript loader (as bin/triptych.js does for the
// command), then loads the worker module named in workerData.module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
