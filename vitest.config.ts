import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // better-sqlite3 and jieba are native: forks isolate them cleanly between files.
    pool: 'forks',
    // Jobs (imports, re-alignment...) run on the main thread and are waited for to their end, so that
    // answers do not depend on the machine's speed; the tests of jobs set workers and a zero wait.
    env: { TRIPTYCH_JOB_WORKERS: '0', TRIPTYCH_JOB_WAIT_MS: '600000' },
  },
});
