/**
 * Accent folding, so that a question typed without accents ("equipe") meets
 * the text ("équipé"): NFD, then combining marks removed; œ/æ (which do not
 * decompose) spelled out.
 */

const PLAIN = /^[a-z0-9.']*$/;
const COMBINING_MARKS = /\p{M}/gu;
const LIGATURES = /[œæŒÆ]/g;
const LIGATURE_SPELLING: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', Œ: 'OE', Æ: 'AE' };

function spellLigature(ligature: string): string {
  return LIGATURE_SPELLING[ligature] ?? ligature;
}

/** "équipé" → "equipe", "cœur" → "coeur"; any string in, never throws. */
export function foldAccents(word: string): string {
  if (PLAIN.test(word)) return word; // most tokens: no allocation
  return word.normalize('NFD').replace(COMBINING_MARKS, '').replace(LIGATURES, spellLigature);
}
