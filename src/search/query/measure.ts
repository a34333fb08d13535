import { foldAccents } from '../analysis/fold.js';
import type { Concept } from './concepts.js';

/**
 * What a "how many / how much" question measures, so that the quote must hold that measure and not just
 * any number: an amount of money, a percentage, a duration, or a count of something named in the question
 * ("combien de jours", "how many banks").
 */
export type Measure =
  | { unit: 'money' }
  | { unit: 'percentage' }
  | { unit: 'duration' }
  | { unit: 'count'; concepts: number[] }
  | { unit: 'any' };

const ASKS_FOR_MONEY =
  /(?<![\p{L}\p{N}])(?:argent|investi\p{L}*|lev[ée](?:es?|s)?|lever|montant|prix|co[uû]t\p{L}*|valoris\p{L}*|valeur|vaut|dette|somme|pay[ée]\p{L}*|financ\p{L}*|budget|salaire|revenu\p{L}*|chiffre d'affaires|dollars?|euros?|invest\p{L}*|rais(?:e|ed|ing)|cost\p{L}*|price\p{L}*|worth|valu\p{L}*|debt|paid|pay|spen[dt]\p{L}*|money|fund\p{L}*|salary|revenue)(?![\p{L}\p{N}])/iu;
const ASKS_FOR_PERCENTAGE = /\b(?:pourcentage|pour\s*cent|percentage|percent|what\s+share\s+of)\b|%/iu;
const ASKS_FOR_DURATION =
  /\b(?:combien\s+de\s+temps|en\s+combien\s+de\s+temps|quelle\s+dur[ée]e|sur\s+quelle\s+(?:dur[ée]e|p[ée]riode)|how\s+long)\b/iu;
/** "combien de petits réacteurs", "nombre d'employés", "how many banks": the words after it name what is counted. */
const COUNTED =
  /(?:\b(?:combien|nombre)\s+(?:de\s+|d['’]\s*)|\bhow\s+many\s+)([\p{L}\p{N}-]+)(?:\s+([\p{L}\p{N}-]+))?/iu;

export function detectMeasure(question: string, concepts: readonly Concept[]): Measure {
  if (ASKS_FOR_PERCENTAGE.test(question)) return { unit: 'percentage' };
  if (ASKS_FOR_DURATION.test(question)) return { unit: 'duration' };
  const counted = COUNTED.exec(question);
  // "combien de banques ont financé…" counts banks; "combien d'argent", "combien de dollars" ask for money.
  const countedWords = counted === null ? [] : [counted[1], counted[2]].filter((word) => word !== undefined);
  const countsMoney = countedWords.length > 0 && ASKS_FOR_MONEY.test(countedWords[0] ?? '');
  if (countedWords.length > 0 && !countsMoney) {
    const words = new Set(countedWords.map(foldWord));
    const indices = concepts.flatMap((concept, i) => (words.has(foldWord(concept.surface)) ? [i] : []));
    if (indices.length > 0) return { unit: 'count', concepts: indices };
  }
  if (countsMoney || ASKS_FOR_MONEY.test(question)) return { unit: 'money' };
  return { unit: 'any' };
}

function foldWord(word: string): string {
  return foldAccents(word.toLowerCase());
}
