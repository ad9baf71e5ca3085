// Word tokens for matching sentences across languages: lowercase words, Chinese cut into words by a
// segmenter the caller supplies (jieba, loaded by server/resources), Snowball stems for the languages
// that have one. Pure: the stemmers are in-memory code; stems are memoised per language.
import { createRequire } from 'node:module';

interface Stemmer {
  stem(word: string): string;
}

const require = createRequire(import.meta.url);
const snowball = require('snowball-stemmers') as { newStemmer(name: string): Stemmer; algorithms(): string[] };

const STEMMER_NAMES: Record<string, string> = {
  en: 'english', ru: 'russian', de: 'german', fr: 'french', es: 'spanish', it: 'italian', pt: 'portuguese',
  nl: 'dutch', sv: 'swedish', da: 'danish', no: 'norwegian', nb: 'norwegian', nn: 'norwegian', fi: 'finnish',
  hu: 'hungarian', ro: 'romanian', tr: 'turkish', ca: 'catalan', cs: 'czech', eu: 'basque', ga: 'irish',
  sl: 'slovene', hy: 'armenian', ar: 'arabic', ta: 'tamil',
};

const stemmers = new Map<string, { stemmer: Stemmer; memo: Map<string, string> } | null>();

function stemmerFor(lang: string): { stemmer: Stemmer; memo: Map<string, string> } | null {
  let entry = stemmers.get(lang);
  if (entry === undefined) {
    const name = STEMMER_NAMES[lang];
    entry = name ? { stemmer: snowball.newStemmer(name), memo: new Map() } : null;
    stemmers.set(lang, entry);
  }
  return entry;
}

/** The Snowball stem of a lowercase word (the word itself for languages without a stemmer). */
export function stemWord(word: string, lang: string): string {
  const entry = stemmerFor(lang);
  if (!entry) return word;
  let stem = entry.memo.get(word);
  if (stem === undefined) {
    stem = entry.stemmer.stem(word);
    if (entry.memo.size > 200_000) entry.memo.clear();
    entry.memo.set(word, stem);
  }
  return stem;
}

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;

/**
 * Lowercase word tokens of a sentence, in order. Chinese runs go through `segmentChinese` (single
 * characters without it); Latin words and digits inside Chinese text are kept as words.
 */
export function wordTokens(text: string, lang: string, segmentChinese?: (text: string) => string[]): string[] {
  const out: string[] = [];
  if (HAN.test(text)) {
    const pieces = segmentChinese ? segmentChinese(text) : [...text];
    for (const piece of pieces) {
      if (HAN.test(piece)) out.push(piece);
      else for (const m of piece.matchAll(WORD)) out.push(m[0].toLowerCase());
    }
    return out;
  }
  for (const m of text.matchAll(WORD)) {
    const w = m[0].toLowerCase().replace(/’/g, "'");
    // French and Italian elision: l'homme -> homme; English possessive 's is dropped
    const apo = w.indexOf("'");
    if (apo > 0 && apo <= 2 && (lang === 'fr' || lang === 'it' || lang === 'ca')) out.push(w.slice(apo + 1));
    else if (w.endsWith("'s")) out.push(w.slice(0, -2));
    else out.push(w);
  }
  return out;
}

// Function words carry no evidence of translation; they never count as matches.
const STOPWORDS: Record<string, string> = {
  en: 'a an the of to in on at by for from with and or but nor as is are was were be been being am do does did have has had i you he she it we they me him her us them my your his its our their this that these those there here which who whom whose what when where why how not no so if then than too very can could will would shall should may might must also just only all any some such each both either neither one own same other into onto upon about over under again further once out up down off s t',
  ru: 'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это также которые который которых которой',
  de: 'aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das dass daß derselbe derselben denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie ihnen sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns unsere unserem unseren unser unseres unter viel vom von vor während war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen',
  fr: 'au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l à m n s t y été étée étées étés étant suis es est sommes êtes sont serai sera seront serait étais était étions étaient fus fut furent sois soit soient fusse ai as avons avez ont aurai aura auront aurait avais avait avaient eu eut ceci cela celà cet cette ici ils les leurs quel quels quelle quelles sans soi',
};

const stopSets = new Map<string, Set<string>>();

/** Whether a lowercase word is a function word of the language. */
export function isStopword(word: string, lang: string): boolean {
  let set = stopSets.get(lang);
  if (!set) {
    set = new Set((STOPWORDS[lang] ?? '').split(' ').filter(Boolean));
    stopSets.set(lang, set);
  }
  return set.has(word);
}

/** English function words, for cleaning dictionary glosses. */
export function isEnglishStopword(word: string): boolean {
  return isStopword(word, 'en');
}
