// The document-level parallelism score: translations high, unrelated texts low, a half-translated text between.
import { describe, expect, it } from 'vitest';
import { alignPair, parallelism, parallelismEvidence, type AlignSide } from '../../server/align/index.ts';

const en: AlignSide = {
  lang: 'en',
  sentences: [
    'The Committee on Information held its first session in Geneva in 1998.',
    'The delegation of Argentina presented a report on the protection of the environment in 2004.',
    'The Secretary-General submitted his annual report to the General Assembly on 5 July 2005.',
    'The programme of work for 2006 was adopted without a vote.',
    'The representative of Brazil made a statement on the budget of 1,200,000 dollars.',
    'The Commission on Sustainable Development met in Vienna in 2007.',
    'The delegation of Canada proposed 12 amendments to the draft resolution.',
    'The meeting rose at 6 p.m.',
  ],
};
const fr: AlignSide = {
  lang: 'fr',
  sentences: [
    "Le Comité de l'information a tenu sa première session à Genève en 1998.",
    "La délégation de l'Argentine a présenté un rapport sur la protection de l'environnement en 2004.",
    "Le Secrétaire général a présenté son rapport annuel à l'Assemblée générale le 5 juillet 2005.",
    'Le programme de travail pour 2006 a été adopté sans vote.',
    'Le représentant du Brésil a fait une déclaration sur le budget de 1 200 000 dollars.',
    'La Commission du développement durable s’est réunie à Vienne en 2007.',
    'La délégation du Canada a proposé 12 amendements au projet de résolution.',
    'La séance est levée à 18 heures.',
  ],
};
const alps: AlignSide = {
  lang: 'fr',
  sentences: [
    'Les glaciers des Alpes reculent depuis la fin du petit âge glaciaire.',
    "Le sentier monte à travers la forêt jusqu'au col, puis longe la crête.",
    'Au refuge, le gardien nous servit une soupe chaude et du pain.',
    'Le lendemain, la pluie nous obligea à renoncer au sommet.',
    'Nous redescendîmes par la vallée, sous un ciel bas et gris.',
    'Les marmottes sifflaient sur les pentes au-dessus du lac.',
    'Le soir, le village était silencieux.',
    'Il neigeait déjà sur les hauteurs.',
  ],
};

const score = (src: AlignSide, tgt: AlignSide): number => parallelism(src, tgt, alignPair(src, tgt));

describe('parallelism', () => {
  it('scores a translation near 1 and an unrelated text near 0', () => {
    expect(score(en, fr)).toBeGreaterThan(0.9);
    expect(score(en, alps)).toBeLessThan(0.1);
  });

  it('puts a text only half translated between the two', () => {
    const half: AlignSide = { lang: 'fr', sentences: [...fr.sentences.slice(0, 4), ...alps.sentences.slice(4)] };
    const e = parallelismEvidence(en, half, alignPair(en, half));
    const whole = parallelismEvidence(en, fr, alignPair(en, fr));
    const none = parallelismEvidence(en, alps, alignPair(en, alps));
    expect(e.lift).toBeLessThan(whole.lift);
    expect(e.lift).toBeGreaterThan(none.lift);
  });

  it('finds the words of aligned beads covered far above chance in a translation only', () => {
    const e = parallelismEvidence(en, fr, alignPair(en, fr));
    expect(e.observed).toBeGreaterThan(3 * e.chance);
    expect(e.paired).toBe(1);
  });
});
