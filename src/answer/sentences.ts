/**
 * French sentence splitting for verbatim quotes.
 *
 * Starts from ICU's sentence boundaries (`Intl.Segmenter('fr')`, UAX #29) and repairs the places where
 * they are wrong for French news text. ICU splits after every "." followed by a space and a capital
 * letter and after every "!" or "?", so it cuts "M. Dupont", "J. Huang", "50 av. J.-C.", "Nvidia vs. AMD"
 * and quotes such as « Quoi ? Vraiment ! » in pieces. Each repair is a named rule (see
 * {@link SENTENCE_RULES}) so that tests and callers can see which one fired.
 *
 * Spans are offsets into the paragraph: `paragraph.slice(start, end)` is the sentence, verbatim.
 */

export interface SentenceSpan {
  start: number;
  end: number;
}

/** The repair rules, in the order they are tried at each ICU boundary. */
export const SENTENCE_RULES = [
  /** A closing quote or bracket right after the boundary belongs to the sentence before it. */
  'closing-quote',
  /** A colon never ends a sentence. */
  'colon',
  /** "1,5", "2.5": no break between a digit, the separator and a digit. */
  'decimal',
  /** Titles: "M.", "Mme.", "MM.", "Dr.", "St." … before a name. */
  'title',
  /** Single-letter initials: "J. Huang", "U.S. Steel", unless a common sentence opener follows. */
  'initial',
  /** Abbreviations that never end a sentence: "av.", "apr.", "p. ex.", "cf.", "vs." … */
  'abbreviation',
  /** "etc." followed by a lower-case word or a closing bracket. */
  'etc',
  /** "..." or "…" followed by a lower-case word. */
  'ellipsis',
  /** Inside « … », “ … ” or "…": after "!", "?" or "…", and after "." when the quote continues the sentence. */
  'quote',
] as const;

export type SentenceRuleName = (typeof SENTENCE_RULES)[number];

export interface SentenceDecision {
  /** The ICU boundary (offset where ICU would start the next sentence). */
  at: number;
  rule: SentenceRuleName;
  /** `merged`: no break here; `moved`: the break was moved to `to`. */
  action: 'merged' | 'moved';
  to?: number;
}

export interface SentenceExplanation {
  spans: SentenceSpan[];
  /** Every ICU boundary a rule changed, in order. */
  decisions: SentenceDecision[];
}

export interface SentenceOptions {
  /** Rules to switch off (tests use this to show that a rule is what fixes a case). */
  disable?: readonly SentenceRuleName[];
}

const segmenter = new Intl.Segmenter('fr', { granularity: 'sentence' });

const TITLES = new Set([
  'M',
  'MM',
  'Mme',
  'Mmes',
  'Mlle',
  'Mlles',
  'Dr',
  'Drs',
  'Pr',
  'Prof',
  'Mgr',
  'St',
  'Ste',
  'Sts',
  'Mr',
  'Mrs',
  'Ms',
]);

/** Lower-cased; matched with an optional capital first letter ("Cf.", "Vs."). */
const ABBREVIATIONS = new Set([
  'av',
  'apr',
  'cf',
  'vs',
  'env',
  'ex',
  'p',
  'pp',
  'art',
  'fig',
  'chap',
  'vol',
  'éd',
  'approx',
  'resp',
  'réf',
  'tél',
  'coll',
]);

/** Capitalised words that usually open a French sentence: after "B." they mean "B." ended one. */
const SENTENCE_OPENERS = new Set(
  [
    'Le',
    'La',
    'Les',
    "L'",
    'Un',
    'Une',
    'Des',
    'Du',
    'De',
    "D'",
    'Il',
    'Elle',
    'Ils',
    'Elles',
    'On',
    'Ce',
    "C'",
    'Cet',
    'Cette',
    'Ces',
    'Cela',
    'Ça',
    'Mais',
    'Et',
    'Ou',
    'Donc',
    'Or',
    'Car',
    'En',
    'Dans',
    'Pour',
    'Par',
    'Sur',
    'Selon',
    'Avec',
    'Sans',
    'Au',
    'Aux',
    'Son',
    'Sa',
    'Ses',
    'Leur',
    'Leurs',
    'Nous',
    'Vous',
    'Je',
    "J'",
    'Si',
    "S'",
    'Quand',
    'Lorsque',
    'Puis',
    'Ensuite',
    'Enfin',
    'Alors',
    'Ainsi',
    'Aussi',
    'Cependant',
    'Pourtant',
    'Toutefois',
    'Néanmoins',
    'Depuis',
    'Après',
    'Avant',
    "Qu'",
    'Que',
    'Qui',
    'The',
  ].map((w) => w.toLowerCase()),
);

const QUOTE_PAIRS: Record<string, string> = { '«': '»', '“': '”', '"': '"' };
const CLOSING_QUOTES = new Set(['»', '”', '"']);
const CLOSING_BRACKETS = new Set([')', ']']);

interface QuotePair {
  open: number;
  close: number;
}

/** Matches « », “ ” and straight double quotes; unclosed quotes are left out. */
function findQuotePairs(text: string): QuotePair[] {
  const pairs: QuotePair[] = [];
  const stack: Array<{ char: string; at: number }> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const top = stack[stack.length - 1];
    if (c === '"' && top?.char === '"') {
      stack.pop();
      pairs.push({ open: top.at, close: i });
    } else if (c in QUOTE_PAIRS) {
      stack.push({ char: c, at: i });
    } else if (c === '»' || c === '”') {
      let k = stack.length - 1;
      while (k >= 0 && QUOTE_PAIRS[(stack[k] as { char: string }).char] !== c) k--;
      if (k >= 0) {
        const opener = stack[k] as { at: number };
        stack.length = k;
        pairs.push({ open: opener.at, close: i });
      }
    }
  }
  return pairs.sort((a, b) => a.open - b.open);
}

/** The innermost quote that is open at `at` and closes at or after it. */
function quoteAround(pairs: QuotePair[], at: number): QuotePair | undefined {
  let found: QuotePair | undefined;
  for (const p of pairs) {
    if (p.open >= at) break;
    if (p.close >= at && (found === undefined || p.open > found.open)) found = p;
  }
  return found;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function skipSpaces(text: string, i: number): number {
  let j = i;
  while (j < text.length && isSpace(text[j])) j++;
  return j;
}

/** Text starting at `i` continues a sentence (lower-case word or inner punctuation), spaces skipped. */
function continuesSentence(text: string, i: number): boolean {
  return /^\s*(?:[,;:\-–—)\]]|\p{Ll})/u.test(text.slice(i, i + 8));
}

/** The word (letters, optional elision apostrophe) just before a final ".", or undefined. */
function wordBeforePeriod(before: string): string | undefined {
  const m = /(?:^|[^\p{L}\p{N}'’])(\p{L}+)\.$/u.exec(before);
  return m?.[1];
}

interface Context {
  text: string;
  /** Start of the sentence being built. */
  sentenceStart: number;
  /** Where ICU would start the next sentence. */
  at: number;
  /** The sentence so far, trailing whitespace removed. */
  before: string;
  pairs: QuotePair[];
}

type Check = (ctx: Context) => boolean;

const CHECKS: Record<Exclude<SentenceRuleName, 'closing-quote'>, Check> = {
  colon: ({ before }) => before.endsWith(':'),
  decimal: ({ text, at }) =>
    (text[at - 1] === '.' || text[at - 1] === ',') && isDigit(text[at - 2]) && isDigit(text[at]),
  title: ({ text, at, before }) => {
    const word = wordBeforePeriod(before);
    return word !== undefined && TITLES.has(word) && /\p{L}/u.test(text[at] ?? '');
  },
  initial: ({ text, at, before }) => {
    const word = wordBeforePeriod(before);
    if (word === undefined || !/^\p{Lu}$/u.test(word)) return false;
    const next = /^\p{L}+['’]?/u.exec(text.slice(at, at + 40))?.[0];
    if (next === undefined || !/^\p{Lu}/u.test(next)) return false;
    return !SENTENCE_OPENERS.has(next.replace('’', "'").toLowerCase());
  },
  abbreviation: ({ before }) => {
    const word = wordBeforePeriod(before);
    if (word === undefined) return false;
    const lower = word.toLowerCase();
    // Allow "Cf." / "Vs." but not "CF." (an acronym at the end of a sentence).
    return ABBREVIATIONS.has(lower) && word.slice(1) === lower.slice(1);
  },
  etc: ({ text, at, before }) =>
    /(?:^|[^\p{L}])etc\.$/u.test(before) && /^(?:\p{Ll}|[)\]»”])/u.test(text[at] ?? ''),
  ellipsis: ({ text, at, before }) =>
    (before.endsWith('...') || before.endsWith('…')) && /^\p{Ll}/u.test(text[at] ?? ''),
  quote: ({ text, at, before, sentenceStart, pairs }) => {
    const q = quoteAround(pairs, at);
    if (q === undefined) return false;
    if (/(?:[!?…]|\.\.\.)$/.test(before)) return true;
    if (!before.endsWith('.')) return false;
    // A period inside the quote: keep going when the quote is part of a longer sentence, i.e. it was
    // opened after the sentence started ("Il a dit : « … . … »") or the sentence goes on after it.
    const openedMidSentence = text.slice(sentenceStart, q.open).trim() !== '';
    return openedMidSentence || continuesSentence(text, q.close + 1);
  },
};

/**
 * `closing-quote`: ICU breaks between "!" or "?" and a closing » when French spacing puts a space
 * between them. The closing marks belong to the sentence before; the break moves after them, or
 * disappears when the sentence goes on ("« Vraiment ? » a-t-il demandé").
 * Returns the new boundary, `undefined` to merge, or `at` unchanged.
 */
function relocateAfterClosers(text: string, at: number, pairs: QuotePair[]): number | undefined {
  let i = at;
  let moved = false;
  for (;;) {
    const c = text[i];
    const closesQuote = c !== undefined && CLOSING_QUOTES.has(c) && pairs.some((p) => p.close === i);
    if (!closesQuote && !(c !== undefined && CLOSING_BRACKETS.has(c))) break;
    moved = true;
    i = skipSpaces(text, i + 1);
  }
  if (!moved) return at;
  if (i >= text.length || continuesSentence(text, i)) return undefined;
  return i;
}

/** Sentences of a paragraph, with the rules that changed ICU's boundaries. */
export function explainSentences(paragraph: string, options: SentenceOptions = {}): SentenceExplanation {
  const text = paragraph;
  const disabled = new Set<SentenceRuleName>(options.disable ?? []);
  const raw: number[] = [];
  for (const s of segmenter.segment(text)) {
    const end = s.index + s.segment.length;
    if (end > 0 && end < text.length) raw.push(end);
  }

  const pairs = raw.length > 0 ? findQuotePairs(text) : [];
  const decisions: SentenceDecision[] = [];
  const kept: number[] = [];
  let sentenceStart = 0;

  for (let k = 0; k < raw.length; k++) {
    const icuAt = raw[k] as number;
    let at = icuAt;
    if (!disabled.has('closing-quote')) {
      const moved = relocateAfterClosers(text, icuAt, pairs);
      if (moved === undefined) {
        decisions.push({ at: icuAt, rule: 'closing-quote', action: 'merged' });
        continue;
      }
      if (moved !== icuAt) {
        const nextRaw = raw[k + 1];
        decisions.push({ at: icuAt, rule: 'closing-quote', action: 'moved', to: moved });
        // The next ICU boundary already covers what follows.
        if (nextRaw !== undefined && nextRaw <= moved) continue;
        at = moved;
      }
    }
    if (at <= sentenceStart) continue;
    const ctx: Context = { text, sentenceStart, at, before: text.slice(sentenceStart, at).trimEnd(), pairs };
    let merged = false;
    for (const rule of SENTENCE_RULES) {
      if (rule === 'closing-quote' || disabled.has(rule)) continue;
      if (CHECKS[rule](ctx)) {
        decisions.push({ at: icuAt, rule, action: 'merged' });
        merged = true;
        break;
      }
    }
    if (!merged) {
      kept.push(at);
      sentenceStart = at;
    }
  }

  const spans: SentenceSpan[] = [];
  const cuts = [0, ...kept, text.length];
  for (let k = 0; k + 1 < cuts.length; k++) {
    let start = cuts[k] as number;
    let end = cuts[k + 1] as number;
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    if (end > start) spans.push({ start, end });
  }
  return { spans, decisions };
}

/**
 * Splits a French paragraph into sentences: `paragraph.slice(start, end)` is each sentence verbatim,
 * without surrounding whitespace, in order; together they cover every non-whitespace character.
 * Never throws.
 */
export function splitSentences(paragraph: string): SentenceSpan[] {
  return explainSentences(paragraph).spans;
}
