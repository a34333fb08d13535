/**
 * Step 2: split normalized text (see normalize.ts) into word and number tokens.
 *
 * - A word is a run of letters, digits and combining marks. An apostrophe
 *   between two word characters stays inside ("l'intelligence": the elision
 *   step strips "l'"); hyphens split ("sud-africain" → "sud", "africain").
 * - A number may be written with a space as thousands separator ("200 000" →
 *   "200000") and with a decimal comma or point ("1,5" → "1.5").
 * - Letters and digits mixed stay one token ("h100", "22h00", "grok2.5").
 */

export interface Token {
  /** The token as it should be matched (lower-case, canonical number form). */
  text: string;
  /** Offset of the first UTF-16 code unit in the input. */
  start: number;
  /** Offset just past the last code unit in the input. */
  end: number;
}

/** Characters of a word; the soft hyphen (U+00AD) is invisible inside words and is stripped. */
const WORD_CHAR = '\\p{L}\\p{N}\\p{M}\\u00AD';

/**
 * French thousands grouping: 1–3 leading digits, then groups of exactly three
 * digits each after a single space ("1 234 567"); or any plain digit run.
 * Then an optional decimal part.
 */
const NUMBER = `(?<![${WORD_CHAR}])(?:[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?(?![${WORD_CHAR}])`;

/** A word; inner apostrophes are kept, as are '.' or ',' between two digits ("grok2.5"). */
const WORD = `[\\p{L}\\p{N}][${WORD_CHAR}]*(?:(?:'|(?<=[0-9])[.,](?=[0-9]))[${WORD_CHAR}]+)*`;

const TOKEN_PATTERN = new RegExp(`${NUMBER}|${WORD}`, 'gu');
const NEEDS_CANONICAL_FORM = /[ ,\u00AD]/;
const SPACES_AND_SOFT_HYPHENS = /[ \u00AD]/g;

/** "200 000" → "200000", "1,5" → "1.5", "intelli\u00ADgence" → "intelligence". */
function canonicalText(raw: string): string {
  if (!NEEDS_CANONICAL_FORM.test(raw)) return raw;
  return raw.replace(SPACES_AND_SOFT_HYPHENS, '').replace(/,/g, '.');
}

/** Tokens in text order, with offsets into `normalized`. */
export function tokenize(normalized: string): Token[] {
  const tokens: Token[] = [];
  for (const match of normalized.matchAll(TOKEN_PATTERN)) {
    const start = match.index;
    const raw = match[0];
    tokens.push({ text: canonicalText(raw), start, end: start + raw.length });
  }
  return tokens;
}
