/** Longest question accepted, in characters, after cleaning. Longer ones get a polite error. */
export const MAX_QUESTION_LENGTH = 300;

// Zero-width characters and soft hyphens are removed: they split a word ("Col\u200Bossus") so that it
// escapes matching. Other control and format characters (breaks, bidi overrides) become spaces.
const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/g;
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A typed question as plain text: no invisible or control characters, single spaces. Safe to show and to analyse. */
export function cleanQuestion(raw: string): string {
  return raw
    .replace(ZERO_WIDTH, '')
    .replace(CONTROL, ' ')
    .replace(LONE_SURROGATE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export type QuestionProblem = 'empty' | 'too-long';

/** Why a cleaned question cannot be asked, or undefined when it can. */
export function questionProblem(cleaned: string): QuestionProblem | undefined {
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return 'empty';
  if (cleaned.length > MAX_QUESTION_LENGTH) return 'too-long';
  return undefined;
}
