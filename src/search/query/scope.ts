import type { ParagraphIndex } from '../paragraph-index.js';
import { type Concept, rarestIdf, searchTerms } from './concepts.js';

/**
 * "Dans l'article sur la fusion, qui…", "In the article about Musk's GPU ambitions, which…": the asker
 * names the article the question is about, the way people tell apart articles on one topic. The clause
 * says which article, not what is asked: it picks the articles the answer must come from, and its words
 * are not looked for in the answer.
 */
const FRENCH_SCOPE =
  /(?<![\p{L}])(?:dans|ds|d['’]\s*apr[èe]s|selon|suivant)\s+(?:l['’]\s*|l\s+|le\s+|la\s+|cet\s+|ce\s+)(?:article|papier|texte|billet|d[ée]p[êe]che|post|actu)(?:\s+[\p{L}\p{N}'’-]+){0,2}?\s+(?:(?:qui\s+)?(?:parle|traite|cause)\s+(?:de\s+l['’]|de\s+la|des|du|de|d['’])|consacr[ée]\s+(?:[àa]\s+l['’]|[àa]\s+la|aux|au|[àa])|(?:[àa]\s+propos|au\s+sujet|traitant)\s+(?:de\s+l['’]|de\s+la|des|du|de|d['’])|(?:qui\s+(?:dit|explique|affirme|raconte)|disant|expliquant)\s+(?:que|qu['’])|concernant|sur)\s*/iu;
const ENGLISH_SCOPE =
  /(?<![\p{L}])(?:in|from|according\s+to|per)\s+(?:the|that|this)(?:\s+[\p{L}\p{N}'’-]+){0,2}?\s+(?:article|piece|story|text|report|post)\s+(?:(?:that|which)\s+(?:covers|discusses|describes|talks\s+about|is\s+about|says|explains)|about|on|covering|regarding|concerning|discussing|describing|saying(?:\s+that)?|explaining(?:\s+that)?)\s+/iu;
/** "D'après l'article « Levée de 20 milliards chez xAI », …": the title, quoted. */
const QUOTED_TITLE_SCOPE =
  /(?<![\p{L}])(?:dans|ds|d['’]\s*apr[èe]s|selon|suivant|in|from|according\s+to|per)\s+(?:l['’]\s*|le\s+|la\s+|cet\s+|ce\s+|the\s+|that\s+|this\s+)(?:article|papier|texte|billet|d[ée]p[êe]che|post|piece|story|report)(?:\s+(?:intitul[ée]|titr[ée]|entitled|titled|called))?\s*[«"“]\s*([^»"”]+?)\s*[»"”]\s*[,;:]?\s*/iu;
/** "In the Colossus article, …": a few words between "the" and "article". */
const ENGLISH_NAMED_SCOPE =
  /(?<![\p{L}])(?:in|from|according\s+to|per)\s+the\s+((?:[\p{L}\p{N}'’-]+\s+){1,4}?)(?:article|piece|story)(?![\p{L}])\s*,?\s*/iu;
/** Where a scope clause at the start of a question ends when no comma closes it: at the question word (or its chat spelling). */
const QUESTION_WORD =
  /\s(?=(?:quel(?:le)?s?|qui|combien|quand|pourquoi|comment|o[ùu]|que|qu['’]|c['’]\s*est|c\s+(?:koi|quoi|qui|ki)|cb|cbn|cmb|pk|pq|pkoi|qd|ki|kel(?:le)?s?|komen|cmt|what|which|who|whom|how|when|why|where|is|are|was|were|does|did|do)(?![\p{L}]))/iu;

export interface ScopeClause {
  /** Where the clause stands in the question (to blank it out) and what it says the article is about. */
  start: number;
  end: number;
  about: string;
}

/** The clause naming the article a question is about, if the question has one. */
export function findScopeClause(question: string): ScopeClause | undefined {
  const intro = FRENCH_SCOPE.exec(question) ?? ENGLISH_SCOPE.exec(question);
  if (intro === null) {
    const named = QUOTED_TITLE_SCOPE.exec(question) ?? ENGLISH_NAMED_SCOPE.exec(question);
    if (named === null) return undefined;
    return { start: named.index, end: named.index + named[0].length, about: named[1]?.trim() ?? '' };
  }
  const aboutStart = intro.index + intro[0].length;
  const rest = question.slice(aboutStart);
  // the clause ends at a comma, else at the question word when it opens the question ("Dans l'article sur
  // Colossus combien de GPU…"), else at the end of the question (whose "?" stays)
  const comma = /\s*[,;:]\s*/u.exec(rest);
  const atStart = question.slice(0, intro.index).trim() === '';
  const questionWord = comma === null && atStart ? QUESTION_WORD.exec(rest) : null;
  let aboutEnd = /\s*[?!.]*\s*$/u.exec(rest)?.index ?? rest.length;
  let end = aboutEnd;
  if (comma !== null) {
    aboutEnd = comma.index;
    end = comma.index + comma[0].length;
  } else if (questionWord !== null) {
    aboutEnd = questionWord.index;
    end = questionWord.index;
  }
  return { start: intro.index, end: aboutStart + end, about: rest.slice(0, aboutEnd).trim() };
}

/** The question with its scope clause blanked out (offsets hold). */
export function withoutClause(question: string, clause: ScopeClause): string {
  return question.slice(0, clause.start) + ' '.repeat(clause.end - clause.start) + question.slice(clause.end);
}

/** How many paragraphs are read to find the articles a clause names. */
const SCOPE_CANDIDATES = 200;
/** The articles named must hold at least this share of the clause's weighted words. */
const MIN_SCOPE_COVERAGE = 0.5;

/**
 * The files of the articles a clause describes: those that hold the largest share of its words (in any
 * paragraph or in the title), provided they hold at least half. Undefined when no article fits: the
 * question is then read whole, as if it named no article.
 */
export function articlesAbout(about: readonly Concept[], index: ParagraphIndex): Set<string> | undefined {
  // a word no article has cannot tell articles apart: it weighs nothing
  const weights = about.map((concept) => (rarestIdf(concept, index) ?? 0) * concept.importance);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) return undefined;
  const foundByFile = new Map<string, Set<number>>();
  for (const candidate of index.find(
    searchTerms(about, (term) => index.frequency(term)),
    SCOPE_CANDIDATES,
  )) {
    const found = foundByFile.get(candidate.paragraph.file) ?? new Set<number>();
    about.forEach((concept, i) => {
      if (holdsConcept(concept, candidate.matchedTerms)) found.add(i);
    });
    foundByFile.set(candidate.paragraph.file, found);
  }
  const coverageByFile = [...foundByFile].map(([file, found]) => ({
    file,
    coverage: [...found].reduce((sum, i) => sum + (weights[i] ?? 0), 0) / total,
  }));
  const best = Math.max(0, ...coverageByFile.map(({ coverage }) => coverage));
  if (best < MIN_SCOPE_COVERAGE) return undefined;
  return new Set(coverageByFile.filter(({ coverage }) => coverage === best).map(({ file }) => file));
}

/** A concept is held where one of its alternatives (all the words of an expression) is, not as a weak guess. */
function holdsConcept(concept: Concept, terms: ReadonlySet<string>): boolean {
  for (const [alternative, weight] of concept.alternatives) {
    if (weight >= 0.5 && alternative.split(' ').every((term) => terms.has(term))) return true;
  }
  return false;
}
