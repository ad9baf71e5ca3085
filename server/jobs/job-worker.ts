// A job worker thread: opens its own connection to the database file (WAL: it reads while the main
// thread writes, and its short write transactions take turns with the main thread's), loads the
// aligner's resources once, and runs one job at a time as the main thread sends them, reporting
// progress and the result or the error.
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { createResourceCache } from '../services/workspace.ts';
import { serializeError } from './job-errors.ts';
import { runJobKind, type JobKind } from './job-kinds.ts';
import type { ToWorker, FromWorker } from './job-runner.ts';

const config = (workerData as { config: Config }).config;
const db = openDatabase(config.databasePath, config.migrationsDir);
const alignResources = createResourceCache();
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);

port.on('message', async (message: ToWorker) => {
  if (message.type === 'close') {
    db.close();
    port.close();
    return;
  }
  const { id, kind, input } = message;
  try {
    const result = await runJobKind(kind as JobKind, { db, config, alignResources, progress: (progress) => send({ type: 'progress', id, progress }) }, input as never);
    send({ type: 'done', id, result });
  } catch (error) {
    send({ type: 'failed', id, error: serializeError(error) });
  }
});
send({ type: 'ready' });
