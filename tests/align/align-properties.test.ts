import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignPair } from '../../server/align/index.ts';
import { coverageProblem } from '../../server/align/beads.ts';

const sentence = fc.oneof(
  fc.constantFrom('', '...', '* * *', '12.', 'The Council met in 2005.', 'Le Conseil s’est réuni en 2005.', 'Совет собрался в 2005 году.', '安理会于2005年开会。'),
  fc.string({ maxLength: 80 }),
);

describe('alignPair on arbitrary input', () => {
  it('always covers every sentence of both sides once, in order, with confidences in [0,1]', () => {
    fc.assert(
      fc.property(
        fc.array(sentence, { maxLength: 25 }),
        fc.array(sentence, { maxLength: 25 }),
        fc.constantFrom('en', 'ru', 'fr', 'zh'),
        fc.constantFrom('triptych', 'gale-church'),
        fc.array(fc.record({ src: fc.nat(25), tgt: fc.nat(25) }), { maxLength: 3 }),
        (src, tgt, lang, method, anchors) => {
          const beads = alignPair({ lang: 'en', sentences: src }, { lang, sentences: tgt }, { method: method as 'triptych' | 'gale-church', anchors });
          expect(coverageProblem(beads, src.length, tgt.length)).toBeNull();
          for (const b of beads) {
            expect(b.confidence).toBeGreaterThanOrEqual(0);
            expect(b.confidence).toBeLessThanOrEqual(1);
          }
          // anchors inside both texts are respected: a bead boundary falls on each kept cut point
          const cuts = new Set<string>();
          let i = 0;
          let j = 0;
          cuts.add('0,0');
          for (const b of beads) {
            i += b.src.length;
            j += b.tgt.length;
            cuts.add(`${i},${j}`);
          }
          const kept = anchors.filter((a) => a.src <= src.length && a.tgt <= tgt.length).sort((a, b) => a.src - b.src || a.tgt - b.tgt);
          let last = { src: 0, tgt: 0 };
          for (const a of kept) {
            if (a.src < last.src || a.tgt < last.tgt) continue;
            expect(cuts.has(`${a.src},${a.tgt}`)).toBe(true);
            last = a;
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
