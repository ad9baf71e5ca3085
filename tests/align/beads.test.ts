import { describe, expect, it } from 'vitest';
import { coverageProblem, formatBeads, parseBeads } from '../../server/align/beads.ts';

describe('bead format', () => {
  it('round-trips', () => {
    const text = '[0]:[0]\n[1,2]:[1]\n[]:[2]\n[3]:[]\n';
    expect(formatBeads(parseBeads(text))).toBe(text);
  });

  it('checks that every sentence is covered once, in order', () => {
    expect(coverageProblem(parseBeads('[0]:[0]\n[1,2]:[1]\n'), 3, 2)).toBeNull();
    expect(coverageProblem(parseBeads('[0]:[0]\n[2]:[1]\n'), 3, 2)).toMatch(/expected source 1/);
    expect(coverageProblem(parseBeads('[0]:[0]\n'), 1, 2)).toMatch(/target covered up to 1 of 2/);
    expect(coverageProblem([{ src: [], tgt: [] }], 0, 0)).toMatch(/empty on both sides/);
  });
});
