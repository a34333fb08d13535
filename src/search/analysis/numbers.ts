/**
 * Step 5: number words become digits, so that "trois mois" and "3 mois", "deux entités" and "2 entités"
 * share a term (chat questions write digits, articles often spell small numbers out). Only single words
 * that are whole numbers on their own; compound numerals ("deux cents") are left as they are written,
 * word by word. Ordinals ("deuxième") are left to the stemmer, and "neuf" too: in news it is as often
 * "new" as "nine".
 */
import type { Token } from './tokenize.js';

const NUMBER_WORDS: ReadonlyMap<string, string> = new Map([
  ['deux', '2'],
  ['trois', '3'],
  ['quatre', '4'],
  ['cinq', '5'],
  ['six', '6'],
  ['sept', '7'],
  ['huit', '8'],
  ['dix', '10'],
  ['onze', '11'],
  ['douze', '12'],
  ['treize', '13'],
  ['quatorze', '14'],
  ['quinze', '15'],
  ['seize', '16'],
  ['vingt', '20'],
  ['trente', '30'],
  ['quarante', '40'],
  ['cinquante', '50'],
  ['soixante', '60'],
  ['cent', '100'],
  ['mille', '1000'],
]);

export function spellNumbersAsDigits(tokens: readonly Token[]): Token[] {
  return tokens.map((token) => {
    const digits = NUMBER_WORDS.get(token.text);
    return digits === undefined ? token : { ...token, text: digits };
  });
}
