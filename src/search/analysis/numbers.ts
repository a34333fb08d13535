/**
 * Step 5: number words become digits, so that "trois mois" and "3 mois", "deux entités" and "2 entités",
 * "cent mille processeurs" and "100 000 processeurs" share a term (chat questions write digits, articles
 * and paraphrases often spell numbers out). A compound numeral written as adjacent words ("deux cent mille",
 * "quatre-vingt-dix") is one number, one token spanning its words. Ordinals ("deuxième") are left to the
 * stemmer, and "neuf" too: in news it is as often "new" as "nine". "un" is never a number here: it is a
 * stop word, gone before this step ("un million" stays "million").
 */
import type { Token } from './tokenize.js';

const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['deux', 2],
  ['trois', 3],
  ['quatre', 4],
  ['cinq', 5],
  ['six', 6],
  ['sept', 7],
  ['huit', 8],
  ['dix', 10],
  ['onze', 11],
  ['douze', 12],
  ['treize', 13],
  ['quatorze', 14],
  ['quinze', 15],
  ['seize', 16],
  ['vingt', 20],
  ['vingts', 20],
  ['trente', 30],
  ['quarante', 40],
  ['cinquante', 50],
  ['soixante', 60],
  ['cent', 100],
  ['cents', 100],
  ['mille', 1000],
]);

/** Words of one numeral are separated by spaces or hyphens only ("vingt pour cent" is two numbers). */
const SAME_NUMERAL_GAP = /^[\s-]+$/u;

/**
 * Whether `next` may follow `previous` in one numeral: a number below twenty follows only a tens word,
 * "cent" or "mille" ("dix-sept", "soixante-quinze", "cent deux"), so "deux trois jours" is two numbers.
 */
function continuesNumeral(previous: number, next: number): boolean {
  return next >= 20 || previous >= 20 || previous === 10;
}

export function spellNumbersAsDigits(tokens: readonly Token[], text: string): Token[] {
  const spelt: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (!NUMBER_WORDS.has(token.text)) {
      spelt.push(token);
      continue;
    }
    let last = i;
    while (
      last + 1 < tokens.length &&
      NUMBER_WORDS.has((tokens[last + 1] as Token).text) &&
      continuesNumeral(
        NUMBER_WORDS.get((tokens[last] as Token).text) ?? 0,
        NUMBER_WORDS.get((tokens[last + 1] as Token).text) ?? 0,
      ) &&
      SAME_NUMERAL_GAP.test(text.slice((tokens[last] as Token).end, (tokens[last + 1] as Token).start))
    ) {
      last++;
    }
    const words = tokens.slice(i, last + 1).map((word) => word.text);
    spelt.push({ text: String(numeralValue(words)), start: token.start, end: (tokens[last] as Token).end });
    i = last;
  }
  return spelt;
}

/** "deux cent mille" → 200000, "quatre-vingt-dix" → 90, "dix-sept" → 17. */
function numeralValue(words: readonly string[]): number {
  let thousands = 0;
  let current = 0;
  for (const word of words) {
    const value = NUMBER_WORDS.get(word) ?? 0;
    if (value === 1000) {
      thousands += (current === 0 ? 1 : current) * 1000;
      current = 0;
    } else if (value === 100) {
      current = (current === 0 ? 1 : current) * 100;
    } else if (value === 20 && current % 100 === 4) {
      current += 80 - 4; // quatre-vingt
    } else {
      current += value;
    }
  }
  return thousands + current;
}
