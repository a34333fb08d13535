/**
 * Step 7: reduce a token to the term that is indexed and searched. Every
 * stemmer here also folds accents, so "équipé" and "equipe" meet, and leaves
 * tokens with a digit alone ("h100", "200000", "grok3"): only folded.
 *
 * - 'light' (default): Savoy's light stemmer (french-light-stemmer.ts, as
 *   Lucene's FrenchAnalyzer), run on the accent-folded word, plus two
 *   documented extra rules (see `prepareForLightStem`).
 * - 'snowball': the Snowball French stemmer from @orama/stemmers, then folding.
 * - 'none': folding only.
 */
import { stemmer as snowballFrenchStem } from '@orama/stemmers/french';
import { foldAccents } from './fold.js';
import { frenchLightStem } from './french-light-stemmer.js';

export type Stemmer = (word: string) => string;
export type StemmerName = 'light' | 'snowball' | 'none';

const DIGIT = /[0-9]/;

/**
 * The light stemmer has three rules written with accents (-ième, -ère, -ète);
 * as we fold first, two are given their accent back where that is unambiguous:
 *  - "-ieme" is always "-ième" ("deuxieme" → "deuxième" → "deux");
 *  - "-iere" is always "-ière" ("financiere" → "financière" → "financi", like
 *    "financier"). A bare "-ere" is not: it may be "-éré" ("considéré").
 *    "-ète" needs nothing: removing its 'e' is what the final step does anyway.
 * Folding first, rather than after, gives the same stem to a word whether or
 * not its accents were typed.
 *
 * Extra rule, not in Savoy's stemmer: third-person future and conditional of
 * -er verbs go back to the infinitive ("financera", "financeront",
 * "financerait", "financeraient" → "financer"), as news is full of them. The
 * minimum lengths keep "camera", "opera", "sera", "serait" out.
 */
const REACCENTED_SUFFIX = /(?<=.{2})i(?:eme|ere)$/;
const ER_VERB_FUTURE = /^(.{4,}er)(?:a|ont|ait|aient)$/;

function reaccentSuffix(suffix: string): string {
  return suffix === 'ieme' ? 'ième' : 'ière';
}

function prepareForLightStem(folded: string): string {
  const future = ER_VERB_FUTURE.exec(folded);
  if (future !== null) return future[1] as string;
  return folded.replace(REACCENTED_SUFFIX, reaccentSuffix);
}

/**
 * Words of business news the light stemmer would merge with another word, kept apart: "fonds" (funds)
 * with "fondé", "fondateur"; "prix" (price) with "pris" (taken); "vente" (sale) with "vent" (wind).
 */
const KEPT_APART: ReadonlyMap<string, string> = new Map([
  ['fonds', 'fonds'],
  ['prix', 'prix'],
  ['vente', 'vente'],
  ['ventes', 'vente'],
]);

/**
 * The light stemmer cuts "-isation" down to the root ("valorisation" → "valo", which is also "Valor") but
 * "-iser" only to "-is" ("valoriser" → "valoris"): a noun in "-isation" is stemmed as its verb, so that
 * "valorisation" meets "valorisé" and not "Valor Equity Partners", "utilisation" meets "utiliser".
 */
const NOUN_OF_ISER = /isations?$/u;

export function stemLight(word: string): string {
  const folded = foldAccents(word);
  if (DIGIT.test(folded)) return folded;
  const kept = KEPT_APART.get(folded);
  if (kept !== undefined) return kept;
  const asVerb = folded.length > 9 ? folded.replace(NOUN_OF_ISER, 'iser') : folded;
  return foldAccents(frenchLightStem(prepareForLightStem(asVerb)));
}

/** Snowball works on the accented word (its rules use é, è…), then the stem is folded. */
export function stemSnowball(word: string): string {
  if (DIGIT.test(word)) return foldAccents(word);
  return foldAccents(snowballFrenchStem(word));
}

export function stemNone(word: string): string {
  return foldAccents(word);
}

const STEMMERS: Readonly<Record<StemmerName, Stemmer>> = {
  light: stemLight,
  snowball: stemSnowball,
  none: stemNone,
};

/**
 * The named stemmer behind a cache: a corpus has far fewer distinct words than
 * tokens. The cache is emptied when full, which is simpler than LRU and enough.
 */
export function createStemmer(name: StemmerName = 'light', maxCacheSize = 100_000): Stemmer {
  const stem = STEMMERS[name];
  const cache = new Map<string, string>();
  return (word) => {
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    if (cache.size >= maxCacheSize) cache.clear();
    const term = stem(word);
    cache.set(word, term);
    return term;
  };
}
