import type { AnswerKind } from '../search/query/kind.js';

const NUMBER_WORD =
  /\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|soixante|cent|mille|million|milliard|dizaine|centaine|moitié|tiers|quart)s?\b/iu;
const STANDALONE_NUMBER = /(?<![\p{L}\p{N}])\d+(?:[ \u00A0\u202F]\d{3})*(?:[.,]\d+)?(?![\p{L}\p{N}])/gu;
/** Questions about money want an amount of money, not just any number ("les deux investissements"). */
const ASKS_FOR_MONEY =
  /\b(?:investi\w*|lev[ée]\w*|lever|montant|prix|co[uû]t\w*|valoris\w*|valeur|vaut|dette|somme|pay[ée]\w*|financ\w*|budget|salaire|revenu\w*|chiffre d'affaires|dollars?|euros?|invest\w*|rais(?:e|ed|ing)|cost\w*|price\w*|worth|valu\w*|debt|paid|pay|spen[dt]\w*|money|fund\w*|salary|revenue)\b/iu;
const MONEY_AMOUNT =
  /(?<![\p{L}\p{N}])\d+(?:[ \u00A0\u202F]\d{3})*(?:[.,]\d+)?\s*(?:milliards?|millions?|mds?|md|mrds?|k|M|Md|dollars?|euros?|\$|€)(?![\p{L}])|[$€]\s*\d/u;
const DATE =
  /\b(?:(?:19|20)\d{2}|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd'hui|demain|récemment|semaine|mois|année)\b/iu;
const REASON = /\b(?:car|parce qu|afin|pour|en raison|grâce|puisqu|donc|ainsi|permet|vise)|:/iu;
const MEANS = /\b(?:grâce|via|en|par|pour|afin|permet|vise|avec)\b|:/iu;
/** A capitalised word after a preposition of place: "dans le Tennessee", "à Washington", "en Europe". */
const PLACE =
  /(?<![\p{L}])(?:à|au|aux|en|dans(?:\s+(?:le|la|les|l'|l’))?|près\s+de|depuis|in|at)\s*(\p{Lu}\p{Ll}[\p{L}-]*)/gu;
const CAPITALISED_WORD = /(?<![\p{L}\p{N}'’])\p{Lu}[\p{L}\p{N}-]+/gu;

/**
 * Whether a passage holds the kind of answer the question asks for: a number for "combien", a name for
 * "qui", a date for "quand", a reason for "pourquoi". Words already in the question do not count as the answer.
 */
export function holdsAnswerKind(passage: string, kind: AnswerKind, question: string): boolean {
  switch (kind) {
    case 'number':
      return ASKS_FOR_MONEY.test(question) ? MONEY_AMOUNT.test(passage) : hasNewNumber(passage, question);
    case 'who':
      return hasNewName(passage, question);
    case 'where':
      return hasNewPlace(passage, question);
    case 'when':
      return DATE.test(passage);
    case 'why':
      return REASON.test(passage);
    case 'how':
      return MEANS.test(passage);
    case 'other':
      return true;
  }
}

function hasNewNumber(passage: string, question: string): boolean {
  const asked = new Set(Array.from(question.matchAll(STANDALONE_NUMBER), (m) => digitsOf(m[0])));
  for (const match of passage.matchAll(STANDALONE_NUMBER)) {
    if (!asked.has(digitsOf(match[0]))) return true;
  }
  return NUMBER_WORD.test(passage) && !NUMBER_WORD.test(question);
}

function digitsOf(number: string): string {
  return number.replace(/\D/g, '');
}

function hasNewName(passage: string, question: string): boolean {
  const asked = question.toLowerCase();
  for (const match of passage.matchAll(CAPITALISED_WORD)) {
    const atSentenceStart = match.index === 0 || /[.!?]\s*$/.test(passage.slice(0, match.index));
    if (!atSentenceStart && !asked.includes(match[0].toLowerCase())) return true;
  }
  return false;
}

function hasNewPlace(passage: string, question: string): boolean {
  const asked = question.toLowerCase();
  for (const match of passage.matchAll(PLACE)) {
    const place = match[1];
    if (place !== undefined && !asked.includes(place.toLowerCase())) return true;
  }
  return false;
}
