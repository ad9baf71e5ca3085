// Runs long work off the request thread: a pool of worker threads (each with its own database
// connection and resources, started on first need and kept), one queue per work so that two jobs never
// change one work at once (jobs of different works run side by side when there are workers for them),
// and a registry of jobs a page polls for progress and the result. Nothing here holds the database:
// the jobs' transactions are the workers' own, short, and never span an await of the main thread.
// With no workers configured (TRIPTYCH_JOB_WORKERS=0) or an in-memory database, jobs run on the main
// thread, in the same queues.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config.ts';
import type { ResourceLoader } from '../services/align-pairs.ts';
import { deserializeError, JobFailure, serializeError, type SerializedError } from './job-errors.ts';
import { runJobKind, type JobKind, type JobProgress, type JobTypes } from './job-kinds.ts';

export type ToWorker = { type: 'run'; id: string; kind: JobKind; input: unknown } | { type: 'close' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: string; progress: JobProgress }
  | { type: 'done'; id: string; result: unknown }
  | { type: 'failed'; id: string; error: SerializedError };

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface Job<K extends JobKind = JobKind> {
  id: string;
  kind: K;
  /** the work the job changes or reads: its queue */
  work: string;
  /** who asked for it (only they and administrators may follow it) */
  owner: string;
  /** what the page answering the job's end needs of its request (the view a re-alignment was made in) */
  context?: unknown;
  state: JobState;
  progress: JobProgress;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  result?: JobTypes[K]['result'];
  error?: Error;
  /** settles (never rejects) when the job is done or has failed */
  finished: Promise<void>;
}

interface Pending {
  job: Job;
  input: unknown;
  settle: () => void;
}

interface Slot {
  worker: Worker;
  running: Pending | null;
}

/**
 * The worker's script: compiled, dist/job-worker.js beside the bundle this runs in (npm start, the
 * command); from the sources (tsx, vitest), the entry that registers the TypeScript loader first.
 */
function workerScript(): URL {
  const compiled = new URL('./job-worker.js', import.meta.url);
  return import.meta.url.endsWith('.js') && fs.existsSync(fileURLToPath(compiled)) ? compiled : new URL('./worker-entry.mjs', import.meta.url);
}

/** Finished jobs kept for their pages (the oldest go first). */
const keptFinishedJobs = 200;
const keptFinishedMs = 60 * 60_000;

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly pending: Pending[] = [];
  private readonly busyWorks = new Set<string>();
  private readonly slots: Slot[] = [];
  private readonly inline: boolean;
  private closed = false;

  constructor(
    private readonly config: Config,
    /** the main thread's connection and resources, for jobs run inline */
    private readonly db: Database,
    private readonly alignResources: ResourceLoader,
  ) {
    this.inline = config.jobWorkers === 0 || config.databasePath === ':memory:';
  }

  /** Queues a job of a work; it starts as soon as the work's earlier jobs are done and a worker is free. */
  submit<K extends JobKind>(kind: K, input: JobTypes[K]['input'], options: { work: string; owner: string; context?: unknown }): Job<K> {
    if (this.closed) throw new JobFailure('the server is shutting down');
    let settle!: () => void;
    const finished = new Promise<void>((resolve) => (settle = resolve));
    const job: Job<K> = {
      id: randomBytes(9).toString('base64url'),
      kind,
      work: options.work,
      owner: options.owner,
      context: options.context,
      state: 'queued',
      progress: { phase: 'queued', step: 0, steps: 1 },
      createdAt: Date.now(),
      finished,
    };
    this.forgetOldJobs();
    this.jobs.set(job.id, job as Job);
    this.pending.push({ job: job as Job, input, settle });
    this.pump();
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** The job once it has finished, or as it is after `ms` milliseconds, whichever comes first. */
  async wait<K extends JobKind>(job: Job<K>, ms: number): Promise<Job<K>> {
    if (job.state === 'done' || job.state === 'failed' || ms <= 0) return job;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job.finished, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
    return job;
  }

  /** Every job kept (queued, running, finished lately), oldest first. */
  all(): Job[] {
    return [...this.jobs.values()];
  }

  /** Jobs queued or running, for a page that lists them. */
  active(): Job[] {
    return [...this.jobs.values()].filter((j) => j.state === 'queued' || j.state === 'running');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pending.splice(0)) this.finish(p, { error: new JobFailure('the server stopped before the job could run') });
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== undefined);
    const cutoff = Date.now() - keptFinishedMs;
    finished.forEach((job, i) => {
      if (job.finishedAt! < cutoff || i < finished.length - keptFinishedJobs) this.jobs.delete(job.id);
    });
  }

  /** Starts every pending job whose work is free, while there is a worker (or, inline, at once). */
  private pump(): void {
    for (let i = 0; i < this.pending.length; i++) {
      const next = this.pending[i];
      if (this.busyWorks.has(next.job.work)) continue;
      if (this.inline) {
        this.pending.splice(i--, 1);
        this.start(next);
        void this.runInline(next);
        continue;
      }
      const slot = this.freeSlot();
      if (!slot) return;
      this.pending.splice(i--, 1);
      this.start(next);
      slot.running = next;
      slot.worker.ref();
      slot.worker.postMessage({ type: 'run', id: next.job.id, kind: next.job.kind, input: next.input } satisfies ToWorker);
    }
  }

  private start(p: Pending): void {
    this.busyWorks.add(p.job.work);
    p.job.state = 'running';
    p.job.startedAt = Date.now();
    p.job.progress = { phase: 'started', step: 0, steps: 1 };
  }

  private finish(p: Pending, outcome: { result?: unknown; error?: Error }): void {
    const { job } = p;
    if (job.state === 'done' || job.state === 'failed') return;
    if (outcome.error) {
      job.state = 'failed';
      job.error = outcome.error;
      if (outcome.error instanceof JobFailure) console.error(`triptych: job ${job.kind} of ${job.work} failed: ${outcome.error.workerStack ?? outcome.error.message}`);
    } else {
      job.state = 'done';
      job.result = outcome.result as never;
      job.progress = { ...job.progress, step: job.progress.steps };
    }
    job.finishedAt = Date.now();
    this.busyWorks.delete(job.work);
    p.settle();
    if (!this.closed) this.pump();
  }

  private async runInline(p: Pending): Promise<void> {
    // let the request that submitted the job answer first, as it would with a worker
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const result = await runJobKind(p.job.kind, { db: this.db, config: this.config, alignResources: this.alignResources, progress: (progress) => (p.job.progress = progress) }, p.input as never);
      // the same data a worker would send: nothing of the main thread's objects leaks into the result
      this.finish(p, { result: structuredClone(result) });
    } catch (error) {
      this.finish(p, { error: deserializeError(serializeError(error)) });
    }
  }

  private freeSlot(): Slot | undefined {
    const idle = this.slots.find((s) => s.running === null);
    if (idle) return idle;
    if (this.slots.length >= this.config.jobWorkers) return undefined;
    const worker = new Worker(workerScript(), { workerData: { config: this.config } });
    const slot: Slot = { worker, running: null };
    worker.on('message', (message: FromWorker) => this.onMessage(slot, message));
    const lost = (reason: string) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      const running = slot.running;
      slot.running = null;
      if (running) this.finish(running, { error: new JobFailure(`the job's worker stopped: ${reason}`) });
      else if (!this.closed) this.pump();
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') return;
    const running = slot.running;
    if (!running || running.job.id !== message.id) return;
    if (message.type === 'progress') {
      running.job.progress = message.progress;
      return;
    }
    slot.running = null;
    slot.worker.unref();
    if (message.type === 'done') this.finish(running, { result: message.result });
    else this.finish(running, { error: deserializeError(message.error) });
  }
}
