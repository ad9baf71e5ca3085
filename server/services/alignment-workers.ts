// A pool of worker threads that prepare and align works (work-alignment.ts prepareAndAlign), one
// work per thread at a time, the rest queued: the batch import runs on all cores with it, and the
// API's import jobs off the request thread. The database stays on the main thread; a worker gets
// bytes and sentences and gives back prepared versions and beads. An error a user caused comes back
// as the InputError it was. With no threads (size 0), tasks run in-process, one after another.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { StoredConcept } from '../db/terms.ts';
import { compileTermbase, conceptSpotter } from '../terms/match.ts';
import { InputError, type MessageKey } from './errors.ts';
import { createResourceCache } from './workspace.ts';
import { termSegmenter } from './terms-recognition.ts';
import { prepareAndAlign, type WorkAlignmentResult, type WorkAlignmentTask } from './work-alignment.ts';

// Compiled (dist/, bin/build.js), the worker is its own bundle beside this one; from the TypeScript
// sources (tests, benches), a boot file registers the TypeScript loader first, then loads it.
const compiled = import.meta.url.endsWith('.js');
const workerFile = compiled ? new URL('./alignment-worker.js', import.meta.url) : new URL('./worker-boot.mjs', import.meta.url);
const workerModule = new URL('./alignment-worker.ts', import.meta.url).href;

export interface AlignmentWorkers {
  /** threads in the pool (0: in-process) */
  size: number;
  run(task: WorkAlignmentTask): Promise<WorkAlignmentResult>;
  close(): Promise<void>;
}

/** As many threads as the machine runs at once. */
export function defaultWorkerCount(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

interface Job {
  id: number;
  task: WorkAlignmentTask;
  resolve(result: WorkAlignmentResult): void;
  reject(error: Error): void;
}

type Reply = { id: number; ok: true; result: WorkAlignmentResult } | { id: number; ok: false; error: { name: string; message: string; status?: number; field?: string; translation?: MessageKey } };

function errorOf(reply: Extract<Reply, { ok: false }>['error']): Error {
  if (reply.status !== undefined) return new InputError(reply.message, reply.status as InputError['status'], reply.field, reply.translation);
  const error = new Error(reply.message);
  error.name = reply.name;
  return error;
}

/** Starts `size` threads (lazily, as tasks come), each compiling the termbase from `concepts`. */
export function startAlignmentWorkers(size: number, options: { concepts: StoredConcept[]; unref?: boolean }): AlignmentWorkers {
  if (size <= 0) return inProcess(options.concepts);
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const queue: Job[] = [];
  const running = new Map<Worker, Job>();
  let next = 1;
  let closed = false;

  const spawn = (): Worker => {
    const worker = new Worker(workerFile, { workerData: { module: workerModule, concepts: options.concepts }, execArgv: [] });
    if (options.unref) worker.unref();
    worker.on('message', (reply: Reply) => {
      const job = running.get(worker);
      running.delete(worker);
      if (job && job.id === reply.id) {
        if (reply.ok) job.resolve(reply.result);
        else job.reject(errorOf(reply.error));
      }
      idle.push(worker);
      pump();
    });
    worker.on('error', (error) => {
      const job = running.get(worker);
      running.delete(worker);
      all.splice(all.indexOf(worker), 1);
      job?.reject(error);
      pump();
    });
    worker.on('exit', () => {
      const job = running.get(worker);
      running.delete(worker);
      const i = all.indexOf(worker);
      if (i >= 0) all.splice(i, 1);
      job?.reject(new Error('an alignment worker stopped'));
    });
    all.push(worker);
    return worker;
  };

  const pump = () => {
    while (queue.length && !closed) {
      let worker = idle.pop();
      if (!worker && all.length < size) worker = spawn();
      if (!worker) return;
      const job = queue.shift()!;
      running.set(worker, job);
      worker.postMessage({ id: job.id, task: job.task });
    }
  };

  return {
    size,
    run(task) {
      if (closed) return Promise.reject(new Error('the alignment workers are closed'));
      return new Promise((resolve, reject) => {
        queue.push({ id: next++, task, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the alignment workers are closed'));
      await Promise.all(all.slice().map((w) => w.terminate()));
    },
  };
}

function inProcess(concepts: StoredConcept[]): AlignmentWorkers {
  const terms = concepts.length ? conceptSpotter(compileTermbase(concepts, { segmentChinese: termSegmenter() })) : undefined;
  const loadResources = createResourceCache();
  let chain: Promise<unknown> = Promise.resolve();
  return {
    size: 0,
    run(task) {
      const result = chain.then(() => prepareAndAlign(task, { loadResources, terms }));
      chain = result.catch(() => undefined);
      return result;
    },
    async close() {},
  };
}
