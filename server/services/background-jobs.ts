// Long work started by a request and run after the answer: an API import (prepared and aligned in a
// worker thread, stored on the main thread), a re-alignment, the findings of the whole corpus. A
// job has an id, a state, its progress and, at the end, its result or the error a user can act on.
// Kept in memory per workspace (the latest 200): a restart forgets them, and what they wrote is in
// the database and its event log like any other change. This is the small registry the corpus
// features need; the team server's job system (jobs in worker threads, with their owners) takes its
// place behind the same three calls: start, read, list.
import type { Database } from 'better-sqlite3';
import { InputError } from './errors.ts';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobProgress {
  done: number;
  total: number;
  /** what is counted: 'steps', 'works', ... */
  unit: string;
  /** what it is doing now */
  stage?: string;
}

export interface JobRecord {
  id: number;
  kind: string;
  state: JobState;
  progress: JobProgress;
  /** what the job is about: a work's slug, 'corpus' */
  subject: string;
  createdAt: string;
  finishedAt: string | null;
  result: unknown;
  error: { status: number; message: string } | null;
}

export interface JobContext {
  progress(update: Partial<JobProgress>): void;
}

interface Registry {
  next: number;
  jobs: Map<number, JobRecord>;
  /** jobs run one after another: each writes in its own transactions on the one connection */
  chain: Promise<unknown>;
}

const registries = new WeakMap<Database, Registry>();
const kept = 200;

function registryOf(db: Database): Registry {
  let registry = registries.get(db);
  if (!registry) registries.set(db, (registry = { next: 1, jobs: new Map(), chain: Promise.resolve() }));
  return registry;
}

/** Starts a job after the current ones; returns its record at once (state 'queued'). */
export function startJob(db: Database, kind: string, subject: string, run: (context: JobContext) => Promise<unknown> | unknown, total = 1, unit = 'steps'): JobRecord {
  const registry = registryOf(db);
  const job: JobRecord = {
    id: registry.next++,
    kind,
    state: 'queued',
    progress: { done: 0, total, unit },
    subject,
    createdAt: new Date().toISOString(),
    finishedAt: null,
    result: null,
    error: null,
  };
  registry.jobs.set(job.id, job);
  while (registry.jobs.size > kept) registry.jobs.delete(registry.jobs.keys().next().value!);
  const context: JobContext = { progress: (update) => Object.assign(job.progress, update) };
  registry.chain = registry.chain.then(async () => {
    job.state = 'running';
    try {
      job.result = await run(context);
      job.progress.done = job.progress.total;
      job.state = 'done';
    } catch (error) {
      job.state = 'failed';
      job.error =
        error instanceof InputError
          ? { status: error.status, message: error.message }
          : { status: 500, message: 'The job failed on the server; nothing of it was stored.' };
      if (!(error instanceof InputError)) console.error(error);
    } finally {
      job.finishedAt = new Date().toISOString();
    }
  });
  return job;
}

export function findJob(db: Database, id: number): JobRecord {
  const job = registryOf(db).jobs.get(id);
  if (!job) throw new InputError(`There is no job ${id} (jobs are kept until the server restarts).`, 404, 'job', { key: 'corpus:errors.noJob', params: { id } });
  return job;
}

export function listJobs(db: Database): JobRecord[] {
  return [...registryOf(db).jobs.values()].reverse();
}

/** Resolves when every job started so far has ended (tests, shutdown). */
export function jobsSettled(db: Database): Promise<void> {
  return registryOf(db).chain.then(() => undefined);
}
