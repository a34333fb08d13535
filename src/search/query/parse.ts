import { frenchThesaurus, type Thesaurus } from '../lexicon/synonyms.js';
import { frenchVerbForms, type VerbForms } from '../lexicon/verbs.js';
import type { ParagraphIndex } from '../paragraph-index.js';
import { expandChatSpelling, restoreGluedElisions, type Vocabulary } from './chat.js';
import { cleanQuestion } from './clean.js';
import {
  addSpellingGuesses,
  type Concept,
  FRAMING_IMPORTANCE,
  isFramingWord,
  SYNONYM_WEIGHT,
  TRANSLATED_SYNONYM_WEIGHT,
  TRANSLATION_WEIGHT,
  VERB_FORM_WEIGHT,
} from './concepts.js';
import {
  type AnswerKind,
  askedDateUnit,
  asksComparison,
  asksRole,
  asksYesOrNo,
  definedName,
  detectAnswerKind,
  WHAT_IS_CALLED,
} from './kind.js';
import { detectMeasure, type Measure } from './measure.js';
import { articlesAbout, findScopeClause, withoutClause } from './scope.js';

export interface AnalyzedToken {
  term: string;
  start: number;
  end: number;
}

/** The French analysis chain, as the question parser uses it. */
export interface QuestionAnalyzer {
  analyze(text: string): AnalyzedToken[];
  terms(text: string): string[];
}

/** What English questions need: telling them apart, and French words for an English word. */
export interface EnglishLexicon {
  looksEnglish(question: string): boolean;
  /** English function and question words ("the", "which", "both"), which carry no content. */
  isStopWord(englishWord: string): boolean;
  /** Whole French translations of an English expression of several words ("chief financial officer"). */
  frenchExpressionsFor(englishPhrase: string): string[];
  /** French translations of an English word: words, or expressions of several words ("directeur général"). */
  frenchTranslationsFor(englishWord: string): string[];
  /** False when the translations are those of a nearby spelling ("aquire" → "acquire"): a guess. */
  knowsEnglishWord(englishWord: string): boolean;
}

export interface ParsedQuestion {
  /** The question as asked, cleaned of invisible characters. */
  asked: string;
  /** The question as read for what it asks: as asked, with the clause naming its article blanked out. */
  text: string;
  /** For "dans l'article sur la fusion, …": the files of the articles the answer must come from. */
  within?: ReadonlySet<string>;
  kind: AnswerKind;
  /** For "how many / how much" questions: what the number must measure. */
  measure: Measure;
  /** For a definition ("c'est quoi Colossus"): the name to define. */
  defines?: string;
  /** For a definition: the concepts that are the words of that name. */
  definedBy?: number[];
  /** For "comment s'appelle le régulateur…": the concept whose name is asked (the name must be said by it). */
  naming?: number;
  /** "OpenAI a-t-il plus de GPU que xAI ?": the answer must compare, not only name both. */
  compares?: boolean;
  /** "Did Nvidia give xAI a discount?": a quote confirms it only if it holds every word of it. */
  yesNo?: boolean;
  english: boolean;
  concepts: Concept[];
}

/**
 * The first translations the lexicon gives for a word it knows (its sources agree on them): their
 * synonyms count as finding the word. Synonyms of other translations only help ranking.
 */
const TRUSTED_TRANSLATIONS = 2;
const TRUSTED_TRANSLATED_SYNONYM_WEIGHT = 0.6;

const NO_SYNONYMS: Thesaurus = { expressionLengthAt: () => 0, synonymsOf: () => [] };
const NO_VERB_FORMS: VerbForms = { familyOf: () => [] };

// English words: "Grok's" is one word (its possessive is dropped below), "second-largest" is two, and a
// number in digit groups ("100 000", as "100k" is expanded, or "100,000", English style) is one, as the
// French analysis joins them.
const ENGLISH_WORD =
  /\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
/** The comma of English digit groups ("100,000"), which French writes as a space. */
const THOUSANDS_COMMA = /(?<=\d),(?=\d{3}(?!\d))/gu;
const POSSESSIVE = /['’]s$/iu;

/**
 * Reads the lexicons question parsing needs (the verb forms take about 0.3 s), so that the first question
 * does not wait for them.
 */
export function loadQuestionLexicons(): void {
  frenchVerbForms();
}

export function parseQuestion(
  question: string,
  analyzer: QuestionAnalyzer,
  lexicon: EnglishLexicon,
  index: ParagraphIndex,
  options: { typoTolerance?: boolean; synonyms?: boolean; verbForms?: boolean } = {},
): ParsedQuestion {
  const asked = cleanQuestion(question);
  const termsOf = (word: string) => analyzer.terms(expandChatSpelling(word));
  const vocabulary: Vocabulary = {
    isUsed: (word) => {
      const terms = termsOf(word);
      return terms.length > 0 && terms.every((term) => index.frequency(term) > 0);
    },
    isStopWord: (word) => termsOf(word).length === 0,
  };
  const english = lexicon.looksEnglish(expandChatSpelling(asked));
  // "larticle" is French chat; English words are not split ("lone" is no "l'one")
  const expandChat = (text: string) =>
    expandChatSpelling(english ? text : restoreGluedElisions(text, vocabulary));
  const expandedAsked = expandChat(asked);
  const verbs = options.verbForms === false ? NO_VERB_FORMS : frenchVerbForms();
  const thesaurus = options.synonyms === false ? NO_SYNONYMS : frenchThesaurus(analyzer, verbs);
  const conceptsOf = (text: string): Concept[] => {
    const concepts = english
      ? englishConcepts(text, analyzer, lexicon, thesaurus, verbs)
      : frenchConcepts(text, analyzer, thesaurus, verbs);
    if (options.typoTolerance !== false) addSpellingGuesses(concepts, index, english);
    return concepts;
  };
  const clause = findScopeClause(asked);
  const within =
    clause === undefined ? undefined : articlesAbout(conceptsOf(expandChat(clause.about)), index);
  const text = clause !== undefined && within !== undefined ? withoutClause(asked, clause) : asked;
  const expanded = text === asked ? expandedAsked : expandChat(text);
  const concepts = conceptsOf(expanded);
  const kind = detectAnswerKind(expanded);
  if (kind === 'who') preferAgentNouns(concepts);
  const measure = detectMeasure(expanded, concepts);
  if (measure.unit === 'duration') frame(concepts, DURATION_WORDS);
  if (asksRole(expanded)) frame(concepts, ROLE_WORDS);
  if (kind === 'where') frame(concepts, PLACE_WORDS);
  // the unit of a date asked for is checked in the answer (a weekday for "which day of the week")
  if (kind === 'when' && askedDateUnit(expanded) !== undefined) frame(concepts, TIME_WORDS);
  if (kind === 'who') frameAskedType(concepts, expanded);
  const compares = asksComparison(expanded);
  if (compares) frame(concepts, COMPARATIVES);
  const defines = kind === 'definition' ? definedName(expanded) : undefined;
  const definedBy = concepts.flatMap((concept, i) =>
    defines?.toLowerCase().includes(concept.surface.toLowerCase()) ? [i] : [],
  );
  const naming = kind === 'who' ? namedThing(expanded, concepts) : undefined;
  return {
    asked,
    text,
    ...(within === undefined ? {} : { within }),
    kind,
    measure,
    english,
    concepts,
    ...(defines === undefined ? {} : { defines, definedBy }),
    ...(naming === undefined ? {} : { naming }),
    ...(compares ? { compares: true } : {}),
    ...(asksYesOrNo(expanded) ? { yesNo: true } : {}),
  };
}

/** "comment s'appelle le régulateur", "what is the name of the rule": the words after say what is named. */
const ASKS_A_NAME =
  /(?:comment\s+s['’]\s*appell?e(?:nt)?|(?:quel|quels)\s+(?:est|sont|était)\s+(?:le|les)\s+noms?\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])|what\s+(?:is|was|are|were)\s+the\s+names?\s+of|what['’]s\s+the\s+name\s+of)\s+(?:(?:le|la|les|l['’]|the|son|sa|ses|its|his|her|their)\s*)?/iu;

/** "les centres de xAI s'appellent comment": asked after the thing named, which opens the question. */
const ASKS_A_NAME_AFTER = /(?<![\p{L}])s['’\s]\s*appell?e(?:nt)?\s+comment(?![\p{L}])/iu;

/**
 * The concept whose name the question asks: the first content word after "comment s'appelle", "the name of"
 * (or the first of the question, when it ends on "s'appelle comment").
 */
function namedThing(question: string, concepts: readonly Concept[]): number | undefined {
  if (ASKS_A_NAME_AFTER.test(question)) {
    const first = concepts.findIndex((concept) => concept.importance >= 1);
    return first === -1 ? undefined : first;
  }
  // "what's Google's AI called": the last word before "called" (English puts the head last)
  const called = WHAT_IS_CALLED.exec(question)?.[1];
  if (called !== undefined) return conceptOfWord(called.trim().split(/\s+/u).at(-1), concepts);
  const asked = ASKS_A_NAME.exec(question);
  if (asked === null) return undefined;
  const rest = question.slice(asked.index + asked[0].length);
  if (!/^what/iu.test(asked[0])) return conceptOfWord(/^[\p{L}\p{N}-]+/u.exec(rest)?.[0], concepts);
  // English puts the head last: "the name of OpenAI's giant datacenter program they mention" names the
  // program, the last of the content words that follow the owner
  const words = rest.replace(/^[\p{L}\p{N}-]+['’]s?\s+/u, '').split(/[^\p{L}\p{N}'’-]+/u);
  let named: number | undefined;
  for (const word of words) {
    const index = conceptOfWord(word, concepts);
    if (index === undefined) break;
    named = index;
  }
  return named;
}

function conceptOfWord(word: string | undefined, concepts: readonly Concept[]): number | undefined {
  if (word === undefined) return undefined;
  const bare = word.replace(/['’]s?$/u, '').toLowerCase();
  const index = concepts.findIndex((concept) => concept.surface.toLowerCase() === bare);
  return index === -1 ? undefined : index;
}

/**
 * "Who invested?" is answered where the investors are named: for a "qui" question, the agent noun of a
 * verb's family ("investisseurs", "acheteur": stems in -eu) counts as much as the verb itself.
 */
function preferAgentNouns(concepts: readonly Concept[]): void {
  for (const concept of concepts) {
    for (const [term, weight] of concept.alternatives) {
      if (weight < 1 && weight >= 0.7 && /eu$/u.test(term)) concept.alternatives.set(term, 1);
    }
  }
}

/**
 * "ça a pris combien de temps", "how long did the build take": the verb that takes the time is the
 * question's grammar, not what it is about (the article says "construite en 122 jours"; "il a fallu" is
 * framing in any question).
 */
const DURATION_WORDS =
  /^(?:pris|prend|prennent|prendre|prenait|mis|met|mettent|mettre|takes?|took|taken|dur[ée]e|p[ée]riode|d[ée]lai)$/iu;

/** "plus de GPU que", "more GPUs than": the comparison is checked in the quote, not searched as a word. */
const COMPARATIVES = /^(?:plus|moins|davantage|autant|more|less|fewer)$/iu;

/** "What is Liz Kendall's job?": the role is what a definition of the name says, not a word to find. */
const ROLE_WORDS = /^(?:job|role|title|position|poste|r[ôo]le|titre|m[ée]tier|fonction)$/iu;
/** "On which day of the week…", "en quelle année": the unit of the date asked for. */
const TIME_WORDS = /^(?:jours?|semaines?|mois|ann[ée]es?|dates?|days?|weeks?|months?|years?)$/iu;
/** "Quel pays…", "which city…": the kind of place asked for, not what it is about. */
const PLACE_WORDS =
  /^(?:pays|villes?|r[ée]gions?|[ée]tats?|countr(?:y|ies)|cit(?:y|ies)|regions?|states?)$/iu;

/**
 * "Which company joined…": the kind of name asked for, right after the question word. Only English's
 * "company" and "firm", which the articles never use for the firm itself (they say "entreprise", and
 * "Company" only inside a name); the French words are the articles' own and find their paragraph.
 */
const ASKED_TYPE = /(?<![\p{L}])(?:which|what)\s+(?:two\s+|three\s+)?(compan(?:y|ies)|firms?)(?![\p{L}])/iu;

/** Frames the noun that says what kind of name a "who" question wants: the answer is its name, not it. */
function frameAskedType(concepts: readonly Concept[], question: string): void {
  const type = ASKED_TYPE.exec(question)?.[1];
  if (type === undefined) return;
  for (const concept of concepts) {
    if (concept.surface.toLowerCase() === type.toLowerCase()) {
      concept.importance = Math.min(concept.importance, FRAMING_IMPORTANCE);
    }
  }
}

/** The words of these concepts frame this question: they weigh as framing words do. */
function frame(concepts: readonly Concept[], words: RegExp): void {
  for (const concept of concepts) {
    if (words.test(concept.surface)) concept.importance = Math.min(concept.importance, FRAMING_IMPORTANCE);
  }
}

/**
 * Phrases that are grammar, chat filler or the kind of answer wanted, not what the question is about: "en
 * train de bâtir" is "bâtir"; "au final", "en gros", "du coup", "à part", "en plus des", "outre",
 * "d'après", "du point de vue de" frame it; "quel jour", "quelle ville", "quel état US" say what kind of
 * answer (which the answer kind checks).
 * Blanked, so that offsets hold.
 */
const FILLER_PHRASES =
  /(?<![\p{L}])(?:en\s+train\s+d(?:e(?=\s)|['’])|au\s+final|en\s+gros|du\s+coup|en\s+vrai|[àa]\s+part|en\s+plus\s+d(?:es|u|e(?=\s)|['’])|au[\s-]del[àa]\s+d(?:es|u|e(?=\s)|['’])|outre|vis[\s-][àa][\s-]vis\s+d(?:es|u|e(?=\s)|['’])|d['’]\s*apr[èe]s|(?:du|d['’]\s*un)\s+point\s+de\s+vue(?:\s+d(?:es|u|e(?=\s)|['’]))?|quel(?:le)?s?\s+(?:(?:est|était|etait)\s+(?:la|le|l['’])\s*)?(?:jour|date|ann[ée]e|mois|ville|pays|r[ée]gion|site(?:\s+(?:web|internet))?|(?:[ée]tat|province)(?:\s+(?:us|usa|am[ée]ricain|des\s+[ée]tats[\s-]unis))?))(?![\p{L}])/giu;

/**
 * One concept per French word, with its synonyms as alternatives. A word inside an expression the
 * thesaurus knows ("robot de discussion") is also found by the expression's synonyms ("chatbot"), so a
 * paragraph that says it another way holds every word of it, and one that has part of it holds that part.
 */
function frenchConcepts(
  question: string,
  analyzer: QuestionAnalyzer,
  thesaurus: Thesaurus,
  verbs: VerbForms,
): Concept[] {
  const byTerm = new Map<string, Concept>();
  const tokens = analyzer.analyze(question.replace(FILLER_PHRASES, (phrase) => ' '.repeat(phrase.length)));
  const terms = tokens.map((token) => token.term);
  let expression = { form: '', end: 0 };
  tokens.forEach((token, i) => {
    const length = thesaurus.expressionLengthAt(terms, i);
    if (length > 0 && i + length > expression.end) {
      expression = { form: terms.slice(i, i + length).join(' '), end: i + length };
    }
    if (byTerm.has(token.term)) return;
    const surface = question.slice(token.start, token.end);
    const alternatives = new Map([[token.term, 1]]);
    addVerbForms(alternatives, surface, analyzer, verbs);
    addSynonyms(alternatives, token.term, SYNONYM_WEIGHT, thesaurus);
    if (i < expression.end) {
      alternatives.set(expression.form, 1);
      addSynonyms(alternatives, expression.form, SYNONYM_WEIGHT, thesaurus);
    }
    byTerm.set(token.term, {
      surface,
      alternatives,
      // a light verb frames the question in every form: "feraient" as "fait", "pourront" as "peut"
      importance:
        isFramingWord(surface) || verbs.familyOf(surface).some(isFramingWord) ? FRAMING_IMPORTANCE : 1,
    });
  });
  return [...byTerm.values()];
}

const INFINITIVE = /(?:er|ir|re|oir)$/u;
const REFLEXIVE = /^(?:s['’]\s*|se\s+)/iu;

/** "s'appuyer" is conjugated as "appuyer" is: the reflexive pronoun stands apart in every form. */
function withoutReflexive(infinitive: string): string {
  return infinitive.replace(REFLEXIVE, '');
}

/** The other forms of the verb a word is a form of: "rejoint" is also "rejoindre", "rejoignent"… */
function addVerbForms(
  alternatives: Map<string, number>,
  word: string,
  analyzer: QuestionAnalyzer,
  verbs: VerbForms,
): void {
  const terms = verbs.familyOf(word).flatMap((form) => analyzer.terms(form));
  addAlternatives(alternatives, terms, VERB_FORM_WEIGHT);
}

function addSynonyms(
  alternatives: Map<string, number>,
  form: string,
  weight: number,
  thesaurus: Thesaurus,
): void {
  addAlternatives(alternatives, thesaurus.synonymsOf(form), weight);
}

/** Each term counts as finding the concept with at least this weight. */
function addAlternatives(alternatives: Map<string, number>, terms: Iterable<string>, weight: number): void {
  for (const term of terms) {
    if ((alternatives.get(term) ?? 0) < weight) alternatives.set(term, weight);
  }
}

/**
 * An English word becomes one concept whose alternatives are the word itself (names, "GPU", "Nvidia" are
 * the same in both languages) and its French translations.
 */
function englishConcepts(
  question: string,
  analyzer: QuestionAnalyzer,
  lexicon: EnglishLexicon,
  thesaurus: Thesaurus,
  verbs: VerbForms,
): Concept[] {
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const words = Array.from(question.matchAll(ENGLISH_WORD), (match) =>
    match[0].replace(POSSESSIVE, '').replace(THOUSANDS_COMMA, ' '),
  );
  for (let i = 0; i < words.length; i++) {
    const phrase = longestPhrase(words, i, lexicon);
    if (phrase !== undefined) {
      concepts.push(...phraseConcepts(phrase.text, phrase.french, analyzer, thesaurus, verbs));
      i += phrase.length - 1;
      continue;
    }
    const word = words[i] ?? '';
    const key = word.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (isGrammarHere(key, words[i - 1], words[i + 1], lexicon)) continue;
    const alternatives = new Map<string, number>();
    for (const term of analyzer.terms(word)) alternatives.set(term, 1);
    for (const term of [...alternatives.keys()]) addSynonyms(alternatives, term, SYNONYM_WEIGHT, thesaurus);
    const known = lexicon.knowsEnglishWord(word);
    // a capitalised word inside the question is a name: translated only if the lexicon has it ("Huang" is no "hang")
    const name = i > 0 && /^\p{Lu}/u.test(word);
    const translations = name && !known ? [] : lexicon.frenchTranslationsFor(word);
    translations.forEach((french, rank) => {
      const trusted = known && rank < TRUSTED_TRANSLATIONS;
      for (const form of translationForms(french, analyzer, thesaurus)) {
        if (!alternatives.has(form)) alternatives.set(form, TRANSLATION_WEIGHT);
        const weight = trusted ? TRUSTED_TRANSLATED_SYNONYM_WEIGHT : TRANSLATED_SYNONYM_WEIGHT;
        addSynonyms(alternatives, form, weight, thesaurus);
      }
      // "joined" is "rejoindre", which the article writes "ont rejoint" (an infinitive: "goal" is "but", no
      // verb); "rely" is "s'appuyer", which it writes "s'appuie"
      if (trusted && !withoutReflexive(french).includes(' ')) {
        addInfinitiveForms(alternatives, french, analyzer, verbs);
      }
    });
    if (alternatives.size === 0) continue;
    concepts.push({ surface: word, alternatives, importance: isFramingWord(word) ? FRAMING_IMPORTANCE : 1 });
  }
  return concepts;
}

/**
 * The index forms a translation stands for: a word; an expression the thesaurus knows, whole ("directeur
 * général" must not be found as "général" alone); any other expression, word by word.
 */
function translationForms(french: string, analyzer: QuestionAnalyzer, thesaurus: Thesaurus): string[] {
  const terms = analyzer.terms(french);
  const known = terms.length > 1 && thesaurus.expressionLengthAt(terms, 0) === terms.length;
  return known ? [terms.join(' ')] : terms;
}

/**
 * Whether an English word (lower case) is grammar where it stands: a function word, except "own" where it is
 * the verb ("to own", "who owns", "does xAI own", not "his own data centers"); and "take" after "it" ("how
 * long did it take"), "order" in "in order to", which say how long or why, not what is asked about.
 */
function isGrammarHere(
  word: string,
  previous: string | undefined,
  next: string | undefined,
  lexicon: EnglishLexicon,
): boolean {
  const before = previous?.toLowerCase() ?? '';
  if (word === 'own') return !/^(?:to|do|does|did|who|they|we|you|i|will|would)$/u.test(before);
  if (/^(?:take|takes|took|taken|taking)$/u.test(word)) return before === 'it';
  if (word === 'order') return before === 'in' && /^(?:to|for|that)$/iu.test(next ?? '');
  return lexicon.isStopWord(word);
}

/** The longest run of two or three words from `start` that the lexicon knows as one expression ("chief financial officer"). */
function longestPhrase(
  words: readonly string[],
  start: number,
  lexicon: EnglishLexicon,
): { text: string; length: number; french: string[] } | undefined {
  for (const length of [3, 2]) {
    if (start + length > words.length) continue;
    const text = words.slice(start, start + length).join(' ');
    const french = lexicon.frenchExpressionsFor(text);
    if (french.length > 0) return { text, length, french };
  }
  return undefined;
}

/**
 * An expression translated by several French words ("directeur financier") asks for all of them: each
 * becomes a concept of its own, so that "financier" alone does not answer for a chief financial officer.
 * Each word is also found by the whole expression's synonyms, when the thesaurus knows it ("CFO").
 */
function phraseConcepts(
  phrase: string,
  translations: readonly string[],
  analyzer: QuestionAnalyzer,
  thesaurus: Thesaurus,
  verbs: VerbForms,
): Concept[] {
  const [french = '', ...others] = translations;
  const terms = analyzer.terms(french);
  const form = terms.join(' ');
  const concepts = terms.map((term, i) => {
    const alternatives = new Map([[term, TRANSLATION_WEIGHT]]);
    addSynonyms(alternatives, form, TRANSLATED_SYNONYM_WEIGHT, thesaurus);
    if (i === 0) addInfinitiveForms(alternatives, french, analyzer, verbs);
    return { surface: phrase, alternatives, importance: 1 };
  });
  // translated by one word ("stand out" → "se démarquer"): the other one-word translations count as much
  // ("se différencier", "se distinguer")
  const [single] = concepts;
  if (concepts.length === 1 && single !== undefined) {
    for (const other of others) {
      const [term, ...more] = analyzer.terms(other);
      if (term === undefined || more.length > 0) continue;
      if (!single.alternatives.has(term)) single.alternatives.set(term, TRANSLATION_WEIGHT);
      addInfinitiveForms(single.alternatives, other, analyzer, verbs);
    }
  }
  return concepts;
}

/**
 * A phrasal verb translated by a verb ("came in" → "rejoindre", "laying the foundations" → "poser les
 * bases", "stand out" → "se démarquer") meets its other forms ("ont rejoint", "pose les bases", "se démarque").
 */
function addInfinitiveForms(
  alternatives: Map<string, number>,
  french: string,
  analyzer: QuestionAnalyzer,
  verbs: VerbForms,
): void {
  const verb = /^\S+/u.exec(withoutReflexive(french))?.[0] ?? '';
  if (INFINITIVE.test(verb)) addVerbForms(alternatives, verb, analyzer, verbs);
}
