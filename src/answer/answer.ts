import { searchableText } from '../corpus/parse.js';
import type { Candidate, IndexedParagraph, ParagraphIndex } from '../search/paragraph-index.js';
import { rarestIdf, searchTerms } from '../search/query/concepts.js';
import type { AnswerKind } from '../search/query/kind.js';
import type { ParsedQuestion, QuestionAnalyzer } from '../search/query/parse.js';
import {
  DURATION,
  holdsAnswerKind,
  MONEY_AMOUNT,
  newNames,
  numbersIn,
  onlySpellsOut,
} from './answer-kind.js';
import { type ConceptHit, conceptLookup, coveredWeight, findHits, insertableTerms } from './evidence.js';
import {
  askedDesignations,
  askedOwners,
  designatesAnother,
  designationWord,
  namesAmongOthers,
  saysOfAnotherName,
  typedDesignations,
} from './relation.js';
import { type SentenceSpan, splitSentences } from './sentences.js';
import type { Answer, AnswerResult } from './types.js';

/** How many BM25 candidates are skimmed (question words counted), and how many of those read sentence by sentence. */
const CANDIDATES_READ = 24;
const CLOSE_READS = 8;
/** How much BM25's own ranking weighs next to the share of the question a passage holds. */
const BM25_SHARE = 0.15;
const MAX_ANSWERS = 3;
/**
 * Two adjacent sentences are quoted rather than the best one when they answer this much better: "…dans des
 * véhicules à usage spécial (SPV). Ces véhicules achèteraient des processeurs Nvidia et les loueraient à
 * xAI." for "les spv font koi avec les puces nvidia" (1.3 left that second sentence out).
 */
const PAIR_GAIN = 1.1;
/** A title or heading word is weaker evidence than a word of the paragraph itself. */
const TITLE_HIT_WEIGHT = 0.5;
const HEADING_HIT_WEIGHT = 0.7;
/**
 * Declining. The best paragraph (with its heading and title) must hold at least half of the question's
 * weighted concepts, and its quote at least a third; and it may lack at most one content word in four
 * (none of a short question's). The count matters as much as the weight: as a corpus grows, the words of
 * one topic become rare and weigh more, so "qui est le directeur financier de xAI" would otherwise pass on
 * "financier" and "xAI" alone.
 */
export const MIN_PARAGRAPH_COVERAGE = 0.5;
export const MIN_QUOTE_COVERAGE = 0.35;
export const MAX_MISSING_SHARE = 1 / 4;
/**
 * Two passages whose scores are within this share of each other are a tie; tied passages agree when at
 * least this share of the words they add to the question's are the same.
 */
const TIE_MARGIN = 0.05;
const MIN_SHARED_TO_AGREE = 0.5;
/** Other answers are kept only when close to the best one. */
const OTHER_ANSWER_RATIO = 0.7;
/** How much the kind of answer (a number for "combien"…) weighs on a passage's score. */
const KIND_FOUND = 1.2;
const KIND_MISSING = 0.6;
/** A name only spelled out ("… générale (AGI)") defines it less than "l’AGI, c’est-à-dire…". */
const KIND_SPELLED_OUT = 1;

function kindFactor(kindFound: boolean, quote: string, question: ParsedQuestion): number {
  if (!kindFound) return KIND_MISSING;
  if (question.kind === 'definition' && onlySpellsOut(quote, question.defines ?? '')) return KIND_SPELLED_OUT;
  return KIND_FOUND;
}

export interface ScoredPassage {
  candidate: Candidate;
  /** Weighted share of the question's concepts found in the paragraph, its heading and its title. */
  coverage: number;
  /** Same share, inside the quoted span only. */
  quoteCoverage: number;
  /** How many of the question's content words (framing words aside) the paragraph and its context lack. */
  missing: number;
  /** The paragraph and its context lack a name the question gives ("Meta" in "combien de GPU Meta a-t-il"). */
  nameMissing: boolean;
  kindFound: boolean;
  start: number;
  end: number;
  hits: ConceptHit[];
  /** The quote ties a word of the question to another name than the question does ("PDG de NVIDIA"). */
  aboutAnotherName: boolean;
  score: number;
}

export function answerQuestion(
  question: ParsedQuestion,
  index: ParagraphIndex,
  analyzer: QuestionAnalyzer,
): AnswerResult {
  const declined: AnswerResult = { question: question.asked, answered: false, answers: [], nearest: [] };
  const passages = rankPassages(question, index, analyzer);
  const accepted = passages.filter((passage) => isConvincing(passage, question));
  const best = accepted[0];
  if (best === undefined || isAmbiguous(best, accepted, question, analyzer)) {
    return { ...declined, nearest: distinctParagraphs(passages, MAX_ANSWERS).map(toAnswer) };
  }
  const answers = distinctParagraphs(
    accepted.filter((passage) => passage.score >= best.score * OTHER_ANSWER_RATIO),
    MAX_ANSWERS,
  );
  return { question: question.asked, answered: true, answers: answers.map(toAnswer), nearest: [] };
}

/** The BM25 candidates, read closely and ranked by how well their best sentence answers. */
export function rankPassages(
  question: ParsedQuestion,
  index: ParagraphIndex,
  analyzer: QuestionAnalyzer,
): ScoredPassage[] {
  if (question.concepts.length === 0) return [];
  // a word no paragraph has weighs as much as the rarest term could: missing it counts
  const weights = question.concepts.map(
    (concept) => (rarestIdf(concept, index) ?? index.idf('')) * concept.importance,
  );
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const lookup = conceptLookup(question.concepts);
  const insertable = insertableTerms(analyzer);
  const hitsIn = (text: string) => findHits(analyzer.analyze(text), lookup, insertable);
  const owners = askedOwners(
    question.text,
    hitsIn(question.text).filter((hit) => hit.weight === 1),
  );
  const { within } = question;
  const candidates = index.find(
    searchTerms(question.concepts, (term) => index.frequency(term)),
    CANDIDATES_READ,
    within === undefined ? undefined : (paragraph) => within.has(paragraph.file),
  );
  const topBm25 = candidates[0]?.bm25 ?? 1;
  // Titles and headings repeat across the paragraphs of an article: analyse each once per question.
  const contextHits = memoize(hitsIn);
  const measured = measuredConcepts(question);
  const read = candidates.map((candidate) => {
    const text = candidate.paragraph.text;
    const hits = hitsIn(searchableText(text));
    // "combien d'argent SpaceX a-t-il donné" is answered by "SpaceX a transféré 2 milliards de dollars",
    // "combien de temps" by "en 122 jours"
    for (const { concepts, amount: pattern } of measured) {
      const amount = pattern.exec(text);
      if (amount === null) continue;
      for (const concept of concepts) {
        hits.push({ concept, weight: 0.7, start: amount.index, end: amount.index + amount[0].length });
      }
    }
    return { candidate, hits };
  });
  // "its Series C round": an article that names its "série E", and never a C, is about another round, even
  // in a paragraph that says only "ce tour de table"
  const articleDesignatesAnother = new Map<string, boolean>();
  const aboutAnotherOfSeries = (paragraph: IndexedParagraph): boolean => {
    if (designations.length === 0) return false;
    let another = articleDesignatesAnother.get(paragraph.file);
    if (another === undefined) {
      const article = articleOf(index, paragraph);
      another = designatesAnother([paragraph.title, ...article.map((p) => p.text)].join('\n'), designations);
      articleDesignatesAnother.set(paragraph.file, another);
    }
    return another;
  };
  const names = namedConcepts(question, read);
  // "grok 5" typed in lower case designates one of a series only when "grok" is a name
  const nameWords = new Set(
    names.flat().map((concept) => designationWord(question.concepts[concept]?.surface ?? '')),
  );
  const designations = [
    ...askedDesignations(question.text),
    ...typedDesignations(question.text).filter((designation) => nameWords.has(designation.word)),
  ];
  const hitsById = new Map(read.map(({ candidate, hits }) => [candidate.paragraph.id, hits]));
  const skimmed = read
    .map(({ candidate, hits }) => {
      const { paragraph } = candidate;
      const context = [
        ...scaled(contextHits(paragraph.title), TITLE_HIT_WEIGHT),
        ...scaled(contextHits(paragraph.heading ?? ''), HEADING_HIT_WEIGHT),
      ];
      const coverage = coveredWeight([...hits, ...context], weights) / totalWeight;
      const found = foundConcepts([...hits, ...context]);
      const foundHere = foundConcepts(hits);
      // a name said in the paragraph before counts as said here ("…Colossus…" then "cette infrastructure"),
      // unless it was only one example among others ("des entreprises comme OpenAI, Anthropic ou Cohere");
      // that paragraph is read only when needed, and not again if it is a candidate too
      let foundBefore: Set<number> | undefined;
      const saidBefore = (name: readonly number[]): boolean => {
        if (foundBefore === undefined) {
          const before = previousParagraph(index, paragraph);
          const hitsBefore =
            before === undefined ? [] : (hitsById.get(before.id) ?? hitsIn(searchableText(before.text)));
          const examples = before === undefined ? [] : namesAmongOthers(before.text);
          foundBefore = foundConcepts(
            hitsBefore.filter(
              (hit) => !examples.some(({ start, end }) => hit.start >= start && hit.end <= end),
            ),
          );
        }
        const said = foundBefore;
        return name.some((concept) => said.has(concept));
      };
      for (const name of names) {
        if (!name.some((concept) => found.has(concept)) && saidBefore(name)) {
          for (const concept of name) found.add(concept);
        }
      }
      // "Jensen Huang" is one name: an article that says "Huang" lacks no word of it (not so "gpu blackwell
      // xai", typed in lower case, which is three names)
      for (const name of names.filter((name) => isPersonName(name, question))) {
        if (name.some((concept) => found.has(concept))) for (const concept of name) found.add(concept);
      }
      const missing = question.concepts.filter(
        (concept, i) => concept.importance >= 1 && !found.has(i),
      ).length;
      // "combien Cisco a-t-il investi": the amount must be said of Cisco, the first name the question gives,
      // not in an article whose title names Cisco among others
      const subject = question.kind === 'number' ? names[0] : undefined;
      const subjectNotSaidHere =
        subject !== undefined && !subject.some((concept) => foundHere.has(concept)) && !saidBefore(subject);
      const nameMissing =
        subjectNotSaidHere ||
        names.some((name) => !name.some((concept) => found.has(concept))) ||
        designatesAnother(paragraph.text, designations) ||
        aboutAnotherOfSeries(paragraph);
      return { candidate, hits, coverage, missing, nameMissing, subject, bm25: candidate.bm25 / topBm25 };
    })
    .sort((a, b) => b.coverage + BM25_SHARE * b.bm25 - (a.coverage + BM25_SHARE * a.bm25));
  return skimmed
    .slice(0, CLOSE_READS)
    .map((skim) => readClosely(skim, question, weights, totalWeight, owners))
    .sort((a, b) => b.score - a.score);
}

/**
 * A number, a date or a name can be checked for in the quote, so a quote without one does not answer
 * "combien", "quand" or "qui"; nor does a quote with no word of cause or purpose ("car", "pour", "afin",
 * a colon…) answer "pourquoi". Means are phrased too freely to require, and so are places ("où" may be
 * answered "dans les véhicules Tesla"), except when the question names the kind of place it wants or asks
 * where something is ("situé", "located").
 */
const REQUIRED_KINDS: ReadonlySet<AnswerKind> = new Set(['number', 'when', 'who', 'why', 'definition']);

const NAMED_PLACE =
  /(?<![\p{L}])(?:villes?|pays|r[ée]gions?|[ée]tats?|continents?|situ[ée]e?s?|trouve(?:nt)?|bas[ée]e?s?|install[ée]e?s?|h[ée]berg[ée]e?s?|cit(?:y|ies)|countr(?:y|ies)|regions?|states?|located|based|housed|hosted|headquartered|headquarters|si[èe]ge)(?![\p{L}])/iu;

function asksForNamedPlace(question: ParsedQuestion): boolean {
  return question.kind === 'where' && NAMED_PLACE.test(question.text);
}

function isConvincing(passage: ScoredPassage, question: ParsedQuestion): boolean {
  const contentWords = question.concepts.filter((concept) => concept.importance >= 1).length;
  return (
    passage.coverage >= MIN_PARAGRAPH_COVERAGE &&
    passage.quoteCoverage >= MIN_QUOTE_COVERAGE &&
    passage.missing <= (question.yesNo === true ? 0 : Math.floor(contentWords * MAX_MISSING_SHARE)) &&
    (passage.kindFound ||
      !(REQUIRED_KINDS.has(question.kind) || asksForNamedPlace(question) || question.compares === true)) &&
    !passage.aboutAnotherName &&
    !passage.nameMissing
  );
}

/**
 * Two paragraphs that answer about equally well but say different things ("the name of Anthropic's AI": a
 * list of AI firms in one article, "son IA Claude" in another) leave the engine guessing: it declines rather
 * than quote one at random. Paragraphs that tell the same fact in other words ("20 milliards de dollars" in
 * two articles) agree, and are no reason to decline; nor are two paragraphs that follow each other, which
 * often answer together (investors listed over two paragraphs): the best one is quoted.
 */
function isAmbiguous(
  best: ScoredPassage,
  accepted: readonly ScoredPassage[],
  question: ParsedQuestion,
  analyzer: QuestionAnalyzer,
): boolean {
  // what a name is may be said by several articles, each its own way: any of them answers
  if (question.kind === 'definition') return false;
  const { file, number } = best.candidate.paragraph;
  const runnerUp = accepted.find(
    ({ candidate: { paragraph } }) => paragraph.file !== file || Math.abs(paragraph.number - number) > 1,
  );
  if (runnerUp === undefined || runnerUp.score < best.score * (1 - TIE_MARGIN)) return false;
  // "qui" is answered by names: a quote naming no one ("a déclaré aux investisseurs") rivals none that does
  const namesSomeone = (passage: ScoredPassage) => newNames(quoteOf(passage), question.text).length > 0;
  if (question.kind === 'who' && namesSomeone(best) && !namesSomeone(runnerUp)) return false;
  // the words of a quote beyond those of the question: what it says in answer
  const said = (passage: ScoredPassage): Set<string> => {
    const asked = (start: number, end: number) =>
      passage.hits.some((hit) => start < hit.end && end > hit.start);
    return new Set(
      analyzer
        .analyze(quoteOf(passage))
        .filter((token) => !asked(passage.start + token.start, passage.start + token.end))
        .map((token) => token.term),
    );
  };
  const first = said(best);
  const second = said(runnerUp);
  // a name or a number asked for: the quotes agree when they give the same one ("Le chatbot Grok de xAI",
  // "Grok, le chatbot maison de Musk" for the chatbot's name; "20 milliards" twice for the amount)
  const givenBest = givenAnswers(best, question, first, analyzer);
  const givenRunnerUp = givenAnswers(runnerUp, question, second, analyzer);
  if ([...givenBest].some((term) => givenRunnerUp.has(term))) return false;
  const shared = [...first].filter((term) => second.has(term)).length;
  return shared < Math.min(first.size, second.size) * MIN_SHARED_TO_AGREE;
}

/**
 * The terms of a quote that are the answer, when that can be told: the numbers of a number or a date, the
 * name next to the thing whose name is asked. Only terms the question does not give (`said`) count.
 */
function givenAnswers(
  passage: ScoredPassage,
  question: ParsedQuestion,
  said: ReadonlySet<string>,
  analyzer: QuestionAnalyzer,
): Set<string> {
  const quote = quoteOf(passage);
  let answers: string[] = [];
  // "quel était l'objectif initial de la levée": an amount asked without "combien"
  if (question.kind === 'number' || question.kind === 'when' || question.measure.unit === 'money') {
    answers = numbersIn(quote);
  } else if (question.naming !== undefined) {
    const namedAt = passage.hits
      .filter((hit) => hit.concept === question.naming)
      .map((hit) => hit.start - passage.start);
    answers = newNames(quote, question.text, namedAt);
  }
  return new Set(answers.flatMap((answer) => analyzer.terms(answer)).filter((term) => said.has(term)));
}

function quoteOf(passage: ScoredPassage): string {
  return passage.candidate.paragraph.text.slice(passage.start, passage.end);
}

/** Chooses the quote of a skimmed paragraph and scores the passage. */
function readClosely(
  skim: {
    candidate: Candidate;
    hits: ConceptHit[];
    coverage: number;
    missing: number;
    nameMissing: boolean;
    /** For a number: the name it must be said of. */
    subject: readonly number[] | undefined;
    bm25: number;
  },
  question: ParsedQuestion,
  weights: readonly number[],
  totalWeight: number,
  owners: ReadonlyMap<number, string>,
): ScoredPassage {
  const { candidate, hits, coverage, missing, nameMissing } = skim;
  const text = candidate.paragraph.text;
  const sentences = splitSentences(text);
  const span = bestSpan(text, sentences, hits, weights, question);
  const quoted = hits.filter((hit) => hit.start >= span.start && hit.end <= span.end);
  const quoteCoverage = span.covered / totalWeight;
  // "combien Nvidia a-t-il investi": an amount is not Nvidia's in a sentence where SpaceX transfers it and
  // Nvidia is named only elsewhere (a sentence naming nobody, "10 milliards déjà levés", may be about the
  // paragraph's subject); nor is "Ce rapprochement, estimé à 33 milliards… autour de Grok" xAI's valuation
  // because the sentence before names xAI
  const { subject } = skim;
  const amountSentences =
    question.measure.unit === 'money' && subject !== undefined
      ? sentences.filter(
          ({ start, end }) =>
            start >= span.start && end <= span.end && MONEY_AMOUNT.test(text.slice(start, end)),
        )
      : [];
  const saysSubject = (start: number, end: number) =>
    quoted.some(
      (hit) => hit.weight >= 0.5 && subject?.includes(hit.concept) && hit.start >= start && hit.end <= end,
    );
  const amountOfAnother =
    amountSentences.length > 0 &&
    amountSentences.every(
      ({ start, end }) =>
        !saysSubject(start, end) && newNames(text.slice(start, end), question.text).length > 0,
    );
  return {
    candidate,
    coverage,
    quoteCoverage,
    missing,
    nameMissing: nameMissing || amountOfAnother,
    kindFound: span.kindFound,
    start: span.start,
    end: span.end,
    hits: quoted,
    aboutAnotherName: saysOfAnotherName(candidate.paragraph.text, span, quoted, owners),
    score: (coverage + quoteCoverage * span.kindFactor) / 2 + BM25_SHARE * skim.bm25,
  };
}

const positions = new WeakMap<ParagraphIndex, Map<string, number>>();

function positionOf(index: ParagraphIndex, paragraph: IndexedParagraph): number {
  let byId = positions.get(index);
  if (byId === undefined) {
    byId = new Map(index.paragraphs.map((p, position) => [p.id, position]));
    positions.set(index, byId);
  }
  return byId.get(paragraph.id) ?? 0;
}

/** The paragraph before this one in its article, if any. */
function previousParagraph(index: ParagraphIndex, paragraph: IndexedParagraph): IndexedParagraph | undefined {
  const before = index.paragraphs[positionOf(index, paragraph) - 1];
  return before?.file === paragraph.file ? before : undefined;
}

/** The paragraphs of this paragraph's article, in order (an article's paragraphs are indexed together). */
function articleOf(index: ParagraphIndex, paragraph: IndexedParagraph): IndexedParagraph[] {
  const at = positionOf(index, paragraph);
  let first = at;
  while (index.paragraphs[first - 1]?.file === paragraph.file) first--;
  let last = at;
  while (index.paragraphs[last + 1]?.file === paragraph.file) last++;
  return index.paragraphs.slice(first, last + 1);
}

/** The concepts found, not only as a weak guess, among these hits. */
function foundConcepts(hits: readonly ConceptHit[]): Set<number> {
  return new Set(hits.filter((hit) => hit.weight >= 0.5).map((hit) => hit.concept));
}

/**
 * The question's concepts that are names: capitalised in the question ("Meta", "xAI"), not as its first
 * word, or — for questions typed in lower case — capitalised where the candidate paragraphs write them
 * mid-sentence. A paragraph that lacks a name the question gives is about something else.
 */
function namedConcepts(
  question: ParsedQuestion,
  read: ReadonlyArray<{ candidate: Candidate; hits: readonly ConceptHit[] }>,
): number[][] {
  const names = new Set<number>();
  const first = /^[\s¿"«'’(]*([\p{L}\p{N}]+)/u.exec(question.text)?.[1];
  question.concepts.forEach((concept, i) => {
    if (concept.importance < 1) return;
    const capitalised = /^\p{Lu}|\p{Ll}\p{Lu}/u.test(concept.surface) && concept.surface !== first;
    if (capitalised || ROLE.test(concept.surface)) names.add(i);
  });
  // capitalised mid-sentence more often than not: "Act" in one paragraph of thousands is no name
  const capitals = new Map<number, number>();
  const typedInLowerCase = !/\s\p{Lu}/u.test(question.text.trim());
  for (const { candidate, hits } of typedInLowerCase ? read : []) {
    const text = candidate.paragraph.text;
    for (const hit of hits) {
      if (hit.weight < 1 || names.has(hit.concept)) continue;
      const concept = question.concepts[hit.concept];
      if (concept === undefined || concept.importance < 1) continue;
      const midSentence = !/(?:^|[.!?:«"]\s*)$/u.test(text.slice(0, hit.start));
      if (!midSentence) continue;
      const capitalised = /^\p{Lu}/u.test(text.slice(hit.start, hit.end));
      capitals.set(hit.concept, (capitals.get(hit.concept) ?? 0) + (capitalised ? 1 : -1));
    }
  }
  for (const [concept, balance] of capitals) if (balance > 0) names.add(concept);
  // "Jensen Huang", "Elon Musk": one name, found when either word is; not "GPU H100 Meta"
  const groups: number[][] = [];
  for (const concept of [...names].sort((a, b) => a - b)) {
    const last = groups[groups.length - 1];
    const previous = last?.[last.length - 1];
    const pair = [
      question.concepts[previous ?? -1]?.surface ?? '',
      question.concepts[concept]?.surface ?? '',
    ];
    const adjacent =
      previous === concept - 1 &&
      question.text.includes(pair.join(' ')) &&
      (pair.every((word) => PERSON_WORD.test(word)) || pair.every((word) => word === word.toLowerCase()));
    if (last !== undefined && adjacent) last.push(concept);
    else groups.push([concept]);
  }
  return groups;
}

/** Words for money, which an amount ("2 milliards de dollars") says without naming. */
const MONEY_WORD = /^(?:argent|thune|fric|pognon|oseille|money|cash|sommes?|montants?|amounts?|sums?)$/iu;
/** Words for the time a duration question asks ("combien de temps", "how long"), which "122 jours" says. */
const TIME_WORD = /^(?:temps|dur[ée]e|time|how\s+long)$/iu;

/** The concepts of the question that an amount of what it measures says without naming them. */
function measuredConcepts(question: ParsedQuestion): Array<{ concepts: number[]; amount: RegExp }> {
  const conceptsLike = (word: RegExp) =>
    question.concepts.flatMap((concept, i) => (word.test(concept.surface) ? [i] : []));
  const measured = [{ concepts: conceptsLike(MONEY_WORD), amount: MONEY_AMOUNT }];
  if (question.measure.unit === 'duration')
    measured.push({ concepts: conceptsLike(TIME_WORD), amount: DURATION });
  return measured.filter(({ concepts }) => concepts.length > 0);
}

/** Roles a question may ask the holder of: the paragraph must name the role, as it must the name. */
const ROLE =
  /^(?:pdg|ceo|patron|patronne|boss|directeur|directrice|président|présidente|president|chairman|chairwoman|fondateur|fondatrice|cofondateur|cofondatrice|co-fondateur|founder|co-founder|cofounder|cfo|coo|cto|dg|ministre|minister|secrétaire|secretary|porte-parole|spokesperson|spokesman|avocat|avocate|lawyer)s?$/iu;

/** A word of a person's or a firm's name: capital then small letters ("Jensen", "Huang", "Equity"). */
const PERSON_WORD = /^\p{Lu}\p{Ll}+$/u;

/** A name of several words the question capitalises as a person's or a firm's ("Jensen Huang"). */
function isPersonName(name: readonly number[], question: ParsedQuestion): boolean {
  return (
    name.length > 1 && name.every((concept) => PERSON_WORD.test(question.concepts[concept]?.surface ?? ''))
  );
}

function memoize<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

interface Span {
  start: number;
  end: number;
  covered: number;
  kindFound: boolean;
  /** How much the kind of answer weighs on this quote (see {@link kindFactor}). */
  kindFactor: number;
  rank: number;
}

/**
 * The sentence, or two adjacent sentences, that best answer: the most question weight, with the kind of
 * answer asked for. A second sentence is added only when it brings evidence of its own.
 */
function bestSpan(
  text: string,
  sentences: readonly SentenceSpan[],
  hits: readonly ConceptHit[],
  weights: readonly number[],
  question: ParsedQuestion,
): Span {
  const spanOf = (start: number, end: number): Span => {
    const inside = hits.filter((hit) => hit.start >= start && hit.end <= end);
    const covered = coveredWeight(inside, weights);
    // what the answer must stand next to: the counted thing for a count, the named thing for a name
    const focus =
      question.measure?.unit === 'count'
        ? question.measure.concepts
        : question.naming === undefined
          ? []
          : [question.naming];
    const focusAt = inside.filter((hit) => focus.includes(hit.concept)).map((hit) => hit.start - start);
    const wordsAt = inside.filter((hit) => hit.weight >= 0.5).map((hit) => hit.start - start);
    const quote = text.slice(start, end);
    // "l'intelligence artificielle générale" is defined where the passage defines its "AGI": a span that
    // finds every word of the name stands for it
    const namedAs = wordsFindingAll(text, inside, question.definedBy ?? []);
    const kindFound = holdsAnswerKind(quote, question, focusAt, wordsAt, namedAs);
    const factor = kindFactor(kindFound, quote, question);
    return { start, end, covered, kindFound, kindFactor: factor, rank: covered * factor };
  };
  const singles = sentences.map((sentence) => spanOf(sentence.start, sentence.end));
  let best = singles.reduce<Span | undefined>(
    (a, b) => (a === undefined || b.rank > a.rank ? b : a),
    undefined,
  );
  if (best === undefined) return spanOf(0, text.length);
  for (const [i, first] of singles.entries()) {
    const second = singles[i + 1];
    if (second === undefined || first.covered === 0 || second.covered === 0) continue;
    const pair = spanOf(first.start, second.end);
    if (pair.rank > best.rank * PAIR_GAIN) best = pair;
  }
  // "Pourquoi X fournira-t-il des données à Grok ?": the sentence that restates the question is followed
  // by the one that gives the reason ("De quoi affiner les modèles…", "L'effet est de…").
  const end = best.end;
  const next = sentences.find((sentence) => sentence.start >= end);
  if (
    (question.kind === 'why' || question.kind === 'how') &&
    next !== undefined &&
    CONSEQUENCE.test(text.slice(next.start, next.end))
  ) {
    best = spanOf(best.start, next.end);
  }
  return best;
}

/** The words of the text that find every one of the concepts: "AGI" finds "intelligence artificielle générale". */
function wordsFindingAll(text: string, hits: readonly ConceptHit[], concepts: readonly number[]): string[] {
  if (concepts.length === 0) return [];
  const foundAt = new Map<string, Set<number>>();
  for (const hit of hits) {
    if (!concepts.includes(hit.concept)) continue;
    const words = text.slice(hit.start, hit.end);
    foundAt.set(words, (foundAt.get(words) ?? new Set()).add(hit.concept));
  }
  return [...foundAt].filter(([, found]) => found.size === concepts.length).map(([words]) => words);
}

/** A sentence that opens on a consequence or a purpose of the one before it. */
const CONSEQUENCE =
  /^\s*(?:de\s+quoi|ce\s+qui|cela|ceci|ainsi|car|en\s+effet|afin|pour\s+(?:cela|ce\s+faire)|l['’](?:effet|objectif|idée|enjeu)|le\s+but|objectif|résultat|donc|c['’]est\s+pourquoi|grâce\s+à\s+(?:cela|quoi)|de\s+(?:ce\s+fait|cette\s+façon|cette\s+manière))(?![\p{L}])/iu;

function scaled(hits: ConceptHit[], factor: number): ConceptHit[] {
  return hits.map((hit) => ({ ...hit, weight: hit.weight * factor }));
}

function distinctParagraphs(passages: readonly ScoredPassage[], limit: number): ScoredPassage[] {
  const seen = new Set<string>();
  const chosen: ScoredPassage[] = [];
  for (const passage of passages) {
    const id = passage.candidate.paragraph.id;
    if (seen.has(id)) continue;
    seen.add(id);
    chosen.push(passage);
    if (chosen.length === limit) break;
  }
  return chosen;
}

function toAnswer(passage: ScoredPassage): Answer {
  const { paragraph } = passage.candidate;
  const highlights = mergeRanges(
    passage.hits.map((hit) => [hit.start - passage.start, hit.end - passage.start]),
  );
  return {
    file: paragraph.file,
    title: paragraph.title,
    paragraph: paragraph.number,
    line: paragraph.line,
    quote: paragraph.text.slice(passage.start, passage.end),
    context: paragraph.text,
    ...(paragraph.heading === undefined ? {} : { heading: paragraph.heading }),
    score: Math.round(passage.score * 1000) / 1000,
    highlights,
  };
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
