// Entry of a job worker thread: registers the TypeScript loader in this thread (whatever loader the
// main thread runs under: node --import tsx, vitest, the CLI's bin), then starts the worker.
import { register } from 'tsx/esm/api';

register();
await import('./job-worker.ts');
