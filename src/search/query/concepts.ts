import { foldAccents } from '../analysis/fold.js';
import type { ParagraphIndex } from '../paragraph-index.js';

/** One thing the question asks about, and the index terms that count as finding it. */
export interface Concept {
  /** The word as the asker typed it (for logs and debugging). */
  surface: string;
  /**
   * Index term → how much finding that term counts (1 for the word itself, less for a guess). An
   * expression of several words is its terms joined by a space, found only where they are adjacent.
   */
  alternatives: Map<string, number>;
  /** How much this concept matters to the question: 1, or less for framing words ("article", "selon"). */
  importance: number;
}

/**
 * Weight of a French translation of an English word, of a spelling one or two edits away, and of a
 * synonym from the thesaurus (of the word, or less of a translation). At 0.5 and above a guess counts as
 * finding the word when the engine decides whether to answer.
 */
export const TRANSLATION_WEIGHT = 0.85;
export const TYPO_WEIGHT = 0.7;
export const SYNONYM_WEIGHT = 0.7;
export const TRANSLATED_SYNONYM_WEIGHT = 0.45;
/** Another form of the same verb ("rejoindre" for "rejoint"): the same word, a shade below its own form. */
export const VERB_FORM_WEIGHT = 0.8;
/** In BM25, each word of an expression alternative ("centre de données") weighs this share of it. */
const EXPRESSION_TERM_SHARE = 0.5;

/**
 * Words that frame a question rather than say what it is about ("in the article", "selon", "said"): they
 * still help ranking but missing them must not make the engine decline.
 */
const FRAMING_WORDS = [
  // what kind of thing is asked for, rather than what about
  'nombre',
  'montant',
  'quantité',
  'chiffre',
  'nom',
  'noms',
  'appelle',
  'appellent',
  'appelé',
  'manière',
  'façon',
  'raison',
  'type',
  'sorte',
  'genre',
  'élément',
  'éléments',
  'chose',
  'choses',
  'number',
  'amount',
  'name',
  'names',
  'called',
  'kind',
  'kinds',
  'types',
  'way',
  'ways',
  'thing',
  'things',
  'mot',
  'mots',
  'terme',
  'termes',
  'word',
  'words',
  'term',
  'terms',
  // "how does the article define AGI": the kind of answer, as "name" is
  'define',
  'defines',
  'defined',
  'définit',
  'définir',
  'définie',
  'reason',
  // where something is, rather than what
  'trouve',
  'trouvent',
  'situé',
  'située',
  'located',
  'based',
  'dedans',
  'géographiquement',
  'geographically',
  // light verbs: they carry the question's grammar, not what it is about
  'veut',
  'veulent',
  'voulait',
  'voudrait',
  'peut',
  'peuvent',
  'pourrait',
  'pourraient',
  'doit',
  'doivent',
  'dû',
  'devait',
  'devaient',
  'devra',
  'devront',
  'devrait',
  'faut',
  'fallait',
  'faudra',
  'faudrait',
  'fallu',
  'réussi',
  'réussir',
  'parvenu',
  'parvenir',
  'trying',
  'try',
  'tried',
  'fait',
  'font',
  'faire',
  'sait',
  'savent',
  'va',
  'vont',
  'allait',
  'passe',
  'passer',
  'donne',
  'donnent',
  'donner',
  'donnera',
  // chat: "spacex a file combien", "ils ont refile l'affaire" (filé, refilé: given, passed on)
  'file',
  'filé',
  'filer',
  'refile',
  'refilé',
  'vient',
  'viennent',
  'venir',
  'sert',
  'servent',
  'servir',
  'joue',
  'jouent',
  'jouer',
  'rôle',
  'want',
  'wants',
  'can',
  'could',
  'should',
  'would',
  'will',
  'make',
  'makes',
  'made',
  'get',
  'gets',
  'got',
  'take',
  'takes',
  'took',
  'go',
  'goes',
  'went',
  'use',
  'uses',
  'used',
  'using',
  // where the question points to
  'article',
  'articles',
  'texte',
  'auteur',
  'journaliste',
  'selon',
  'dit',
  'dite',
  'dire',
  'affirme',
  'mentionne',
  'mentionné',
  'évoque',
  'évoqué',
  'parle',
  'exactement',
  'précisément',
  'juste',
  'vraiment',
  'actuellement',
  'said',
  'says',
  'say',
  'spoke',
  'speak',
  'speaks',
  'stated',
  'according',
  'mentioned',
  'described',
  'quoted',
  'text',
  'exactly',
  'actually',
  'really',
  // function words the stop-word list keeps (Snowball leaves out "son", a noun too, "elles", "tout"…)
  'son',
  'elles',
  'tout',
  'toute',
  'tous',
  'toutes',
  'ça',
  'ca',
  'dont',
  'via',
  'autour',
  'parmi',
  'sein',
  'être',
  'mainly',
  'mostly',
  // chat: "niveau risque" is "about the risk"; "a ton of" is "many"
  'niveau',
  'ton',
  'tons',
  // degree adverbs: "bcp de gpu" asks about the GPUs, not about "beaucoup"
  'beaucoup',
  'très',
  'lot',
  'lots',
];

const FOLDED_FRAMING_WORDS = new Set([...FRAMING_WORDS].map((word) => foldAccents(word)));

/** How much a word that frames the question weighs, against 1 for a word it is about. */
export const FRAMING_IMPORTANCE = 0.3;

export function isFramingWord(word: string): boolean {
  return FOLDED_FRAMING_WORDS.has(foldAccents(word.toLowerCase()));
}

/**
 * The inverse document frequency of a concept's rarest alternative in the index (an expression is as rare
 * as its rarest word), or undefined when no paragraph has any of them.
 */
export function rarestIdf(
  concept: Concept,
  index: Pick<ParagraphIndex, 'frequency' | 'idf'>,
): number | undefined {
  const idfs = [...concept.alternatives.keys()]
    .map((alternative) => alternative.split(' '))
    .filter((terms) => terms.every((term) => index.frequency(term) > 0))
    .map((terms) => Math.max(...terms.map((term) => index.idf(term))));
  return idfs.length > 0 ? Math.max(...idfs) : undefined;
}

/**
 * Guesses which index terms were meant. A word no paragraph has may be a typo ("colosus"): spellings one or
 * two edits away count. Any word may have relatives the light stemmer keeps apart ("équipent" / "équipé",
 * "construction" / "construite"): index terms sharing its first letters count too, with less weight.
 */
export function addSpellingGuesses(concepts: Concept[], index: ParagraphIndex, english = false): void {
  for (const concept of concepts) {
    const known = [...concept.alternatives.keys()].some((term) => index.frequency(term) > 0);
    const typos = known ? [] : index.closeTerms(concept.surface, maxTypoDistance(concept.surface));
    // Relatives of the word and of its translations only: a synonym's relatives would be a guess on a guess.
    // An English word's relatives are its translations': the French index's words that start like "company"
    // ("comparable") are no kin of it
    const family = [...concept.alternatives]
      .filter(
        ([term, weight]) => weight >= TRANSLATION_WEIGHT && !term.includes(' ') && (!english || weight < 1),
      )
      .flatMap(([term]) => index.sameFamilyTerms(term));
    for (const guess of [...typos, ...family]) {
      if (!concept.alternatives.has(guess)) concept.alternatives.set(guess, TYPO_WEIGHT);
    }
  }
}

/**
 * How many edits away a question's word may be read as a typo of another. Short words have too many
 * neighbours to guess ("fondé" is one edit from "fonds" and from "monde"); numbers and codes ("h100") are
 * never typos of each other.
 */
export function maxTypoDistance(word: string): number {
  if (/\d/.test(word)) return 0;
  if (word.length >= 8) return 2;
  if (word.length >= 6) return 1;
  return 0;
}

/**
 * How many paragraph postings BM25 may read for one question. Minisearch scores every paragraph holding a
 * query term, so a very common term (in tens of thousands of paragraphs) costs much and ranks little; once
 * rarer terms are in the query, such terms are left out of BM25 (they still count when passages are read).
 */
export const POSTINGS_BUDGET = 10_000;

/**
 * At most this many of a concept's synonyms and guesses go to BM25, the surest and rarest first (all of them
 * count when passages are read). BM25 adds up every term a paragraph holds, so a word with a dozen synonyms
 * would rank a paragraph holding several of them above one holding the word itself. Measured on the bench's
 * 1,196 questions at 100k: 235 top passages right with no cap, 248 with 8, 266 with 4; but 4 and 6 lose
 * paraphrases at 10k.
 */
const MAX_LOOSE_TERMS = 8;

/** A concept's alternatives, sorted surest first: its own forms, then at most {@link MAX_LOOSE_TERMS} others. */
function withFewLooseTerms<T extends { weight: number }>(sorted: T[]): T[] {
  const loose = sorted.findIndex((alternative) => alternative.weight < VERB_FORM_WEIGHT);
  return loose === -1 ? sorted : sorted.slice(0, loose + MAX_LOOSE_TERMS);
}

/**
 * The index terms to give BM25, each with its weight: concepts with the rarest terms first, each concept's
 * surest terms first (its own word, then other forms, synonyms and guesses), and within the budget of
 * postings; a concept's alternatives that no paragraph has are left out.
 */
export function searchTerms(
  concepts: readonly Concept[],
  frequency: (term: string) => number,
): Map<string, number> {
  const ranked = concepts
    .map((concept) => ({
      concept,
      alternatives: withFewLooseTerms(
        [...concept.alternatives]
          .flatMap(([alternative, weight]) => {
            // BM25 knows single terms: an expression is searched as its words, each weighing less.
            const terms = alternative.split(' ');
            const share = terms.length > 1 ? EXPRESSION_TERM_SHARE : 1;
            return terms.map((term) => ({ term, weight: weight * share, df: frequency(term) }));
          })
          .filter((alternative) => alternative.df > 0)
          // the word itself before its synonyms and guesses: when the budget runs out, a guess goes first
          .sort((a, b) => b.weight - a.weight || a.df - b.df),
      ),
    }))
    .filter((entry) => entry.alternatives.length > 0)
    .sort((a, b) => (a.alternatives[0]?.df ?? 0) - (b.alternatives[0]?.df ?? 0));
  const terms = new Map<string, number>();
  let postings = 0;
  for (const { concept, alternatives } of ranked) {
    for (const { term, weight, df } of alternatives) {
      if (terms.size > 0 && postings + df > POSTINGS_BUDGET) continue;
      const boost = weight * concept.importance;
      if ((terms.get(term) ?? 0) < boost) terms.set(term, boost);
      postings += df;
    }
  }
  return terms;
}
