/**
 * The French analysis chain, like Lucene's FrenchAnalyzer: normalize →
 * tokenize → strip elisions → drop stop words → number words as digits → add
 * name+number compounds → stem and fold accents. Offsets point into the original text (normalize keeps
 * the length), so matched words can be put in bold in a quote.
 */
import { addNameNumberCompounds } from './compounds.js';
import { stripElisions } from './elision.js';
import { normalize } from './normalize.js';
import { spellNumbersAsDigits } from './numbers.js';
import { createStemmer, type StemmerName } from './stem.js';
import { buildStopWordSet, removeStopWords, type StopWordOptions } from './stopwords.js';
import { tokenize } from './tokenize.js';

/**
 * Bump whenever any step changes what `terms` returns for some text: saved
 * indexes are keyed on it (with the options, see `Analyzer.version`).
 */
export const ANALYSIS_VERSION = 'fr-7';

export interface AnalyzedToken {
  /** The indexed / searched term. */
  term: string;
  /** Offsets into the original text: `text.slice(start, end)` is the word as written. */
  start: number;
  end: number;
}

export interface AnalyzerOptions {
  /** Default 'light' (Savoy, as Lucene's FrenchAnalyzer). */
  stemmer?: StemmerName;
  /** Default true: French, question and English lists; or choose lists. */
  stopWords?: boolean | StopWordOptions;
}

export interface Analyzer {
  analyze(text: string): AnalyzedToken[];
  terms(text: string): string[];
  /** ANALYSIS_VERSION plus the options: two analyzers with the same version produce the same terms. */
  readonly version: string;
}

function stopWordSetFor(option: boolean | StopWordOptions | undefined): ReadonlySet<string> {
  if (option === false) return new Set();
  return buildStopWordSet(option === true || option === undefined ? {} : option);
}

function describeStopWords(option: boolean | StopWordOptions | undefined): string {
  if (option === false) return 'nostop';
  if (option === true || option === undefined) return 'stop';
  const { french = true, questions = true, english = true } = option;
  return `stop-${french ? 'f' : ''}${questions ? 'q' : ''}${english ? 'e' : ''}`;
}

export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const stemmerName = options.stemmer ?? 'light';
  const stem = createStemmer(stemmerName);
  const stopWords = stopWordSetFor(options.stopWords);

  function analyze(text: string): AnalyzedToken[] {
    const normalized = normalize(text);
    const words = spellNumbersAsDigits(
      removeStopWords(stripElisions(tokenize(normalized)), stopWords),
      normalized,
    );
    const analyzed: AnalyzedToken[] = [];
    for (const token of addNameNumberCompounds(words, normalized)) {
      const term = stem(token.text);
      // a token of letters and combining marks only could fold to nothing
      if (term !== '') analyzed.push({ term, start: token.start, end: token.end });
    }
    return analyzed;
  }

  return {
    analyze,
    terms: (text) => analyze(text).map((token) => token.term),
    version: `${ANALYSIS_VERSION}:${stemmerName}:${describeStopWords(options.stopWords)}`,
  };
}
