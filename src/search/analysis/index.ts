export {
  ANALYSIS_VERSION,
  type AnalyzedToken,
  type Analyzer,
  type AnalyzerOptions,
  createAnalyzer,
} from './analyzer.js';
export { addNameNumberCompounds } from './compounds.js';
export { ELIDED_PREFIXES, stripElision, stripElisions } from './elision.js';
export { foldAccents } from './fold.js';
export { frenchLightStem } from './french-light-stemmer.js';
export { normalize } from './normalize.js';
export { spellNumbersAsDigits } from './numbers.js';
export { createStemmer, type Stemmer, type StemmerName, stemLight, stemNone, stemSnowball } from './stem.js';
export {
  buildStopWordSet,
  DEFAULT_STOP_WORDS,
  ENGLISH_STOP_WORDS,
  FRENCH_QUESTION_WORDS,
  isStopWord,
  removeStopWords,
  SNOWBALL_FRENCH_STOP_WORDS,
  type StopWordOptions,
} from './stopwords.js';
export { type Token, tokenize } from './tokenize.js';
