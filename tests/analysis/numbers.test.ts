import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/search/analysis/analyzer.js';
import { spellNumbersAsDigits } from '../../src/search/analysis/numbers.js';

const token = (text: string, start = 0) => ({ text, start, end: start + text.length });

describe('spellNumbersAsDigits', () => {
  it('turns whole number words into digits and keeps the offsets of the word as written', () => {
    expect(spellNumbersAsDigits([token('trois', 10), token('mois', 16)])).toEqual([
      { text: '3', start: 10, end: 15 },
      token('mois', 16),
    ]);
    expect(spellNumbersAsDigits([token('sept'), token('vingt'), token('mille')]).map((t) => t.text)).toEqual([
      '7',
      '20',
      '1000',
    ]);
  });

  it('leaves other words, ordinals and "neuf" (new) alone', () => {
    for (const word of ['deuxième', 'neuf', 'troisièmement', 'h100', 'grok']) {
      expect(spellNumbersAsDigits([token(word)])[0]?.text).toBe(word);
    }
  });
});

describe('in the analysis chain', () => {
  const analyzer = createAnalyzer();

  it('makes a spelt-out number and its digits meet', () => {
    expect(analyzer.terms('en trois mois')).toEqual(analyzer.terms('en 3 mois'));
    expect(analyzer.terms('les deux entités')).toEqual(analyzer.terms('les 2 entités'));
  });

  it('does not make a model name of a spelt-out number ("Grok trois" is no "grok3")', () => {
    expect(analyzer.terms('Grok trois')).toEqual(['grok', '3']);
  });
});
