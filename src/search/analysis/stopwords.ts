/**
 * Step 4: words that carry no content. Three separate lists, combined by
 * `buildStopWordSet`: the Snowball French list (as shipped by Lucene), the
 * words that only make a sentence a question, and English function words
 * (questions are also typed in English).
 */
import { foldAccents } from './fold.js';
import type { Token } from './tokenize.js';

/**
 * The Snowball French stop-word list (snowballstem.org/algorithms/french/stop.txt,
 * BSD licence), the one Lucene's FrenchAnalyzer uses. It keeps "été": as the
 * auxiliary ("a été lancée") it is far more common in news than the season.
 * Like the original it leaves out other homonyms of content words (son, est,
 * as, aura, avions…) and it has no number words (deux, cent, mille, premier
 * are content here).
 */
// biome-ignore format: word lists stay compact, many words a line
export const SNOWBALL_FRENCH_STOP_WORDS: readonly string[] = [
  // articles, pronouns, prepositions, conjunctions
  'au', 'aux', 'avec', 'ce', 'ces', 'dans', 'de', 'des', 'du', 'elle', 'en', 'et', 'eux', 'il', 'je',
  'la', 'le', 'leur', 'lui', 'ma', 'mais', 'me', 'même', 'mes', 'moi', 'mon', 'ne', 'nos', 'notre',
  'nous', 'on', 'ou', 'par', 'pas', 'pour', 'qu', 'que', 'qui', 'sa', 'se', 'ses', 'sur', 'ta', 'te',
  'tes', 'toi', 'ton', 'tu', 'un', 'une', 'vos', 'votre', 'vous',
  // single letters left by elision
  'c', 'd', 'j', 'l', 'à', 'm', 'n', 's', 't', 'y',
  // forms of être
  'été', 'étée', 'étées', 'étés', 'étant', 'suis', 'es', 'êtes', 'sont', 'serai', 'seras', 'sera', 'serons', 'serez',
  'seront', 'serais', 'serait', 'serions', 'seriez', 'seraient', 'étais', 'était', 'étions', 'étiez',
  'étaient', 'fus', 'fut', 'fûmes', 'fûtes', 'furent', 'sois', 'soit', 'soyons', 'soyez', 'soient',
  'fusse', 'fusses', 'fussions', 'fussiez', 'fussent',
  // forms of avoir
  'ayant', 'eu', 'eue', 'eues', 'eus', 'ai', 'avons', 'avez', 'ont', 'aurai', 'aurons', 'aurez',
  'auront', 'aurais', 'aurait', 'aurions', 'auriez', 'auraient', 'avais', 'avait', 'aviez', 'avaient',
  'eut', 'eûmes', 'eûtes', 'eurent', 'aie', 'aies', 'ait', 'ayons', 'ayez', 'aient', 'eusse', 'eusses',
  'eût', 'eussions', 'eussiez', 'eussent',
  // later additions
  'ceci', 'cela', 'celà', 'cet', 'cette', 'ici', 'ils', 'les', 'leurs', 'quel', 'quels', 'quelle',
  'quelles', 'sans', 'soi',
];

/**
 * Words that only turn a sentence into a question ("Combien de GPU…",
 * "Qu'est-ce que…"): never content, whatever the stop-word list says.
 * "est-ce" is tokenized as "est" + "ce", hence "est".
 */
// biome-ignore format: word lists stay compact, many words a line
export const FRENCH_QUESTION_WORDS: readonly string[] = [
  'combien', 'pourquoi', 'comment', 'quand', 'quoi', 'où', 'ou', 'qui', 'que', 'qu', 'quel', 'quelle',
  'quels', 'quelles', 'lequel', 'laquelle', 'lesquels', 'lesquelles', 'auquel', 'auxquels',
  'auxquelles', 'duquel', 'desquels', 'desquelles', 'est',
];

/**
 * English function words and question words. Words that are also French
 * content words are left out on purpose: "an" (year), "but" (goal), "or"
 * (gold, or "now" as a conjunction), "us", "may".
 */
// biome-ignore format: word lists stay compact, many words a line
export const ENGLISH_STOP_WORDS: readonly string[] = [
  'what', 'which', 'who', 'whom', 'whose', 'why', 'how', 'when', 'where',
  'a', 'the', 'this', 'that', 'these', 'those', 'some', 'any', 'each', 'every', 'all', 'both',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'do', 'does', 'did', 'done', 'doing',
  'has', 'have', 'had', 'having', 'will', 'would', 'shall', 'should', 'can', 'could', 'might', 'must',
  'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'into', 'onto', 'about', 'over', 'under',
  'than', 'then', 'and', 'not', 'no', 'nor', 'so', 'if', 'as', 'it', 'its', "it's", 'i', 'me', 'my',
  'we', 'our', 'you', 'your', 'he', 'him', 'his', 'she', 'her', 'they', 'them', 'their', 'there',
  'many', 'much', 'more', 'most', 'also', 'just', 'very', 'too', "don't", "doesn't", "didn't",
];

export interface StopWordOptions {
  /** Snowball French list (default true). */
  french?: boolean;
  /** French question words (default true). */
  questions?: boolean;
  /** English function and question words (default true). */
  english?: boolean;
}

/**
 * The union of the chosen lists, each word also without its accents, since
 * questions are often typed without them ("a" for "à", "meme", "ou").
 * Checked against lower-case, elided, unstemmed tokens.
 */
export function buildStopWordSet(options: StopWordOptions = {}): ReadonlySet<string> {
  const { french = true, questions = true, english = true } = options;
  const words = [
    ...(french ? SNOWBALL_FRENCH_STOP_WORDS : []),
    ...(questions ? FRENCH_QUESTION_WORDS : []),
    ...(english ? ENGLISH_STOP_WORDS : []),
  ];
  return new Set(words.flatMap((word) => [word, foldAccents(word)]));
}

export const DEFAULT_STOP_WORDS: ReadonlySet<string> = buildStopWordSet();

export function isStopWord(word: string, stopWords: ReadonlySet<string> = DEFAULT_STOP_WORDS): boolean {
  return stopWords.has(word);
}

export function removeStopWords<T extends Token>(
  tokens: readonly T[],
  stopWords: ReadonlySet<string> = DEFAULT_STOP_WORDS,
): T[] {
  return tokens.filter((token) => !stopWords.has(token.text));
}
