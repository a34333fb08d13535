/**
 * Step 6: model names written with a number in several ways ("Grok-3",
 * "Grok 3", "Grok3"). When a letters-only token is followed, after exactly
 * one '-' or one space, by a short number token, the joined token ("grok3")
 * is added after the two parts, which are kept: the three spellings then
 * share a term. Run after stop-word removal so "de 12" gives no "de12".
 */
import type { Token } from './tokenize.js';

const LETTERS_ONLY = /^\p{L}+$/u;
/** Version-like numbers ("3", "2.5", "2024"); not thousands-grouped amounts ("200 000"). */
const SHORT_NUMBER = /^[0-9]{1,4}(?:\.[0-9]{1,2})?$/;

function isNameNumberPair(name: Token, number: Token, text: string): boolean {
  if (number.start !== name.end + 1) return false;
  const separator = text[name.end];
  if (separator !== '-' && separator !== ' ') return false;
  // the span check rejects numbers whose text lost characters ("1 000" → "1000")
  return (
    SHORT_NUMBER.test(number.text) &&
    number.end - number.start === number.text.length &&
    LETTERS_ONLY.test(name.text)
  );
}

/** `tokens` (in text order, offsets into `text`) plus a joined token after each name–number pair. */
export function addNameNumberCompounds(tokens: readonly Token[], text: string): Token[] {
  const result: Token[] = [];
  let previous: Token | undefined;
  for (const token of tokens) {
    result.push(token);
    if (previous !== undefined && isNameNumberPair(previous, token, text)) {
      result.push({ text: previous.text + token.text, start: previous.start, end: token.end });
    }
    previous = token;
  }
  return result;
}
