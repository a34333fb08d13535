/**
 * "Qui est le PDG de xAI ?" is not answered by "…qualifiée de « superhumaine » par le PDG de NVIDIA, Jensen
 * Huang", though every word of the question is in that paragraph (xAI in its title): the quote says the
 * question's word of another name. When the question ties a word to a name ("PDG de xAI", "xAI's CEO",
 * "CEO of xAI") and the quote ties the same word to a different name ("PDG de NVIDIA"), the quote is about
 * someone else's thing, and must not be given as the answer.
 */
import { foldAccents } from '../search/analysis/fold.js';
import { editDistance } from '../search/lexicon/index.js';
import { maxTypoDistance } from '../search/query/concepts.js';
import { isCommonAcronym } from './answer-kind.js';

const fold = (word: string) => foldAccents(word.toLowerCase());

export interface WordAt {
  /** The question concept the word stands for. */
  concept: number;
  start: number;
  end: number;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N}-]*/u;
/** "de", "d'", "du", "de la", "of", "of the", between a word and the name it belongs to. */
const OF = /^\s*(?:de\s+(?:la\s+|l['’]\s*)?|d['’]\s*|du\s+|of\s+(?:the\s+)?)/iu;
const POSSESSOR = /([\p{L}\p{N}][\p{L}\p{N}-]*)['’]s\s+$/u;
/** Not names: articles, possessives and question words, as written in chat too ("le boss de kelle boîte"). */
const NOT_A_NAME =
  /^(?:le|la|les|l|un|une|des|ce|cet|cette|ces|son|sa|ses|leur|leurs|quel|quelle|quels|quelles|kel|kelle|kels|kelles|qui|ki|quoi|koi|the|a|an|its|their|his|her|which|what|whose|who)$/iu;
const WORDS = /[\p{L}\p{N}]+/gu;

/** The name a word of the question belongs to, by concept: "PDG de xAI" → PDG: xai. */
export function askedOwners(question: string, words: readonly WordAt[]): Map<number, string> {
  const owners = new Map<number, string>();
  for (const word of words) {
    const after = OF.exec(question.slice(word.end));
    const following = after === null ? null : NAME.exec(question.slice(word.end + after[0].length));
    const preceding = POSSESSOR.exec(question.slice(0, word.start));
    const owner = following?.[0] ?? preceding?.[1];
    if (owner !== undefined && !NOT_A_NAME.test(owner)) owners.set(word.concept, fold(owner));
  }
  return owners;
}

/**
 * The question's owner as the article writes it, or a typo away ("twiter" for "Twitter"), as far as a
 * question's words are read with typos ("Meta" is not "Beta").
 */
function sameName(written: string, asked: string): boolean {
  if (written === asked) return true;
  const allowed = maxTypoDistance(asked);
  return Math.abs(written.length - asked.length) <= allowed && editDistance(written, asked) <= allowed;
}

/**
 * Whether the quote (`text.slice(start, end)`) ties one of these words to a name other than the
 * question's ("PDG de NVIDIA") and never names the question's own. A quote that names both may say how
 * they relate ("Musk … rival direct de Mark Zuckerberg" answers "le rival de Musk").
 */
export function saysOfAnotherName(
  text: string,
  span: { start: number; end: number },
  words: readonly WordAt[],
  owners: ReadonlyMap<number, string>,
): boolean {
  const quoted = new Set(Array.from(text.slice(span.start, span.end).matchAll(WORDS), (m) => fold(m[0])));
  return words.some((word) => {
    const owner = owners.get(word.concept);
    if (owner === undefined || [...quoted].some((name) => sameName(name, owner))) return false;
    const after = OF.exec(text.slice(word.end));
    if (after === null) return false;
    const name = NAME.exec(text.slice(word.end + after[0].length))?.[0];
    // only a capitalised name says whose it is ("le PDG de l'entreprise" says nothing), and not an
    // acronym of a common noun ("supercalculateurs d'IA")
    return name !== undefined && /^\p{Lu}/u.test(name) && !isCommonAcronym(name);
  });
}

/**
 * "Series D" is not "série E", "Grok 4" not "Grok 5", "Colossus II" not "Colossus I": a word followed by a
 * capital letter or a roman numeral, or a name followed by a short number, designates one thing of a
 * series. A paragraph that designates another one of the same series, and never the question's, is about
 * something else ("How much did xAI raise in its Series D?" is not answered by its "série E").
 */
const DESIGNATED =
  /(?<![\p{L}\p{N}])(?:(\p{L}{3,})[\s-]+([A-Z]|[IVX]{2,4})|(\p{Lu}\p{L}{2,})[\s-]+(\d{1,2}(?:[.,]\d)?))(?![\p{L}\p{N}])/gu;
/** Words after which a capital is a name, not a designator ("avec X", "pour Tesla"). */
const NOT_DESIGNATED =
  /^(?:avec|pour|dans|sur|chez|entre|contre|sans|sous|vers|selon|mais|donc|and|with|from|for|the|into|about|than|that|via)$/iu;

export interface Designation {
  word: string;
  designator: string;
}

/** The word of a designation as designations compare it: folded, without a plural "s" ("Séries" → "serie"). */
export function designationWord(name: string): string {
  return fold(name).replace(/s$/u, '');
}

function designations(text: string): Designation[] {
  return Array.from(text.matchAll(DESIGNATED), (match) => ({
    word: designationWord(match[1] ?? match[3] ?? ''),
    designator: (match[2] ?? match[4] ?? '').replace(',', '.'),
  })).filter((designation) => !NOT_DESIGNATED.test(designation.word));
}

/** Words before a number that count, not designate ("plus de 20", "les 12 milliards", "over 50"). */
const QUANTIFIER =
  /^(?:plus|moins|environ|pr[eè]s|seulement|quelque|around|over|under|about|only|just|top|some|nearly|almost)$/iu;
/** A name and a short number, as chat types it in lower case ("grok 5", "colossus 2"). */
const DESIGNATED_LOWER_CASE = /(?<![\p{L}\p{N}])(\p{Ll}{3,})[\s-]+(\d{1,2}(?:[.,]\d)?)(?![\p{L}\p{N}])/gu;

export function askedDesignations(question: string): Designation[] {
  return designations(question);
}

/**
 * The name–number pairs a question types in lower case ("grok 5"; "Grok 5" is `askedDesignations`'), for
 * the caller to keep those whose word is a name: "retour 1" or "fcntl 2" designate nothing.
 */
export function typedDesignations(question: string): Designation[] {
  return Array.from(question.matchAll(DESIGNATED_LOWER_CASE))
    .filter(([, word = '']) => !NOT_DESIGNATED.test(word) && !NOT_A_NAME.test(word) && !QUANTIFIER.test(word))
    .map(([, word = '', designator = '']) => ({
      word: designationWord(word),
      designator: designator.replace(',', '.'),
    }));
}

/** Whether the text designates another member of a series the question designates, and never the question's. */
export function designatesAnother(text: string, asked: readonly Designation[]): boolean {
  if (asked.length === 0) return false;
  const said = designations(text);
  return asked.some(
    (question) =>
      said.some((other) => other.word === question.word && other.designator !== question.designator) &&
      !new RegExp(
        `(?<![\\p{L}\\p{N}]|\\d[.,])${question.designator.replace('.', '[.,]')}(?![\\p{L}\\p{N}]|[.,]\\d)`,
        'u',
      ).test(text),
  );
}

/** A capitalised name of one to three words ("OpenAI", "Mark Zuckerberg", "Valor Equity Partners"). */
const LISTED_NAME = /\p{Lu}[\p{L}\p{N}.-]*(?:\s+\p{Lu}[\p{L}\p{N}.-]*){0,2}/gu;
/** Between two names of a list: a comma, or the last item's "et" / "ou". */
const LIST_COMMA = /^\s*,\s*$/u;
const LIST_END = /^,?\s+(?:ou|et|or|and)\s+$/iu;
/** Words that introduce names as examples. */
const EXAMPLES_FOLLOW = /(?<![\p{L}])(?:comme|tel(?:le)?s?\s+que|notamment|such\s+as|like|including)\s+$/iu;

/**
 * Where the text names something only as one example among others ("des entreprises comme OpenAI,
 * Anthropic ou Cohere", "such as Meta and Google"): a list of names ending on "et" / "ou", introduced by
 * "comme", "tels que", "notamment"…, or of three names or more. A name said so in the paragraph before is not
 * what "cette opération" or "l'entreprise" of the next one refers to. One pass over the names: no
 * backtracking on long runs of capitalised words.
 */
export function namesAmongOthers(text: string): { start: number; end: number }[] {
  const names = Array.from(text.matchAll(LISTED_NAME), (match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const lists: { start: number; end: number }[] = [];
  let first = 0;
  for (let i = 1; i <= names.length; i++) {
    const previous = names[i - 1];
    const name = names[i];
    const gap = previous !== undefined && name !== undefined ? text.slice(previous.end, name.start) : '';
    const closes = name !== undefined && LIST_END.test(gap);
    if (closes && previous !== undefined && name !== undefined) {
      const opening = names[first];
      if (opening === undefined) continue;
      const introducer = EXAMPLES_FOLLOW.exec(text.slice(Math.max(0, opening.start - 20), opening.start));
      const count = i - first + 1;
      if (introducer !== null || count >= 3) {
        lists.push({ start: opening.start - (introducer?.[0].length ?? 0), end: name.end });
      }
    }
    if (!(name !== undefined && LIST_COMMA.test(gap))) first = i;
  }
  return lists;
}
