// A guard against runaway time on crafted input: the work must finish within a limit set ten to a
// hundred times above what it takes, so a quadratic or exponential regression fails the test instead
// of hanging it. Not a performance target: those live in `npm run bench -- hostile`.
import { expect } from 'vitest';

export function finishesWithin<T>(limitMs: number, work: () => T): T {
  const started = performance.now();
  const result = work();
  const elapsed = performance.now() - started;
  expect(elapsed, `took ${Math.round(elapsed)} ms, more than the ${limitMs} ms a linear pass needs with a wide margin`).toBeLessThan(limitMs);
  return result;
}
