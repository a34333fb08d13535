/** Longest question accepted, in characters, after cleaning. Longer ones get a polite error. */
export const MAX_QUESTION_LENGTH = 500;

// Control characters (except ordinary whitespace) and invisible formatting characters that can be used to
// smuggle markup or split words so that they escape matching.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes invisible and control characters and collapses whitespace: what a question means, as plain text. */
export function cleanQuestion(raw: string): string {
  return raw.replace(INVISIBLE, '').replace(LONE_SURROGATE, '').replace(/\s+/g, ' ').trim();
}

export type QuestionProblem = 'empty' | 'too-long';

/** Why a cleaned question cannot be asked, or undefined when it can. */
export function questionProblem(cleaned: string): QuestionProblem | undefined {
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return 'empty';
  if (cleaned.length > MAX_QUESTION_LENGTH) return 'too-long';
  return undefined;
}
