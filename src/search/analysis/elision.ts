/**
 * Step 3: strip French elided articles and pronouns ("l'intelligence" →
 * "intelligence", "jusqu'à" → "à"), as Lucene's FrenchAnalyzer does with its
 * ElisionFilter. Expects lower-case tokens with ASCII apostrophes (normalize.ts).
 */
import type { Token } from './tokenize.js';

/** The elided forms Lucene's FrenchAnalyzer strips (its DEFAULT_ARTICLES), without the apostrophe. */
export const ELIDED_PREFIXES = [
  'jusqu',
  'lorsqu',
  'puisqu',
  'quoiqu',
  'qu',
  'l',
  'd',
  'j',
  'n',
  's',
  'c',
  'm',
  't',
] as const;

const ELIDED_PREFIX = new RegExp(`^(?:${ELIDED_PREFIXES.join('|')})'`);

/** The token without its elided prefix, `start` moved past it; the same token if there is none. */
export function stripElision(token: Token): Token {
  const match = ELIDED_PREFIX.exec(token.text);
  // The tokenizer only keeps an apostrophe followed by a word character, so the rest is never empty.
  if (match === null || match[0].length === token.text.length) return token;
  const prefixLength = match[0].length;
  return { text: token.text.slice(prefixLength), start: token.start + prefixLength, end: token.end };
}

export function stripElisions(tokens: readonly Token[]): Token[] {
  return tokens.map(stripElision);
}
