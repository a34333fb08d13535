import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/search/analysis/analyzer.js';
import { spellNumbersAsDigits } from '../../src/search/analysis/numbers.js';

const token = (text: string, start = 0) => ({ text, start, end: start + text.length });

/** The tokens of a text of plain lower-case words, as the tokenizer gives them. */
const tokensOf = (text: string) =>
  Array.from(text.matchAll(/\p{L}+/gu), (match) => token(match[0], match.index));

describe('spellNumbersAsDigits', () => {
  it('turns whole number words into digits and keeps the offsets of the word as written', () => {
    const text = 'en un mot trois mois';
    expect(spellNumbersAsDigits([token('trois', 10), token('mois', 16)], text)).toEqual([
      { text: '3', start: 10, end: 15 },
      token('mois', 16),
    ]);
    const words = 'sept ans, vingt jours et mille nuits';
    expect(spellNumbersAsDigits(tokensOf(words), words).map((t) => t.text)).toEqual([
      '7',
      'ans',
      '20',
      'jours',
      'et',
      '1000',
      'nuits',
    ]);
  });

  it.each([
    ['cent mille', '100000'],
    ['deux cent mille', '200000'],
    ['deux cents', '200'],
    ['dix-sept', '17'],
    ['soixante-dix', '70'],
    ['quatre-vingts', '80'],
    ['quatre-vingt-dix-huit', '98'],
    ['trois mille cinq cents', '3500'],
    ['cinquante mille', '50000'],
  ])('reads the compound numeral "%s" as one number, %s, spanning its words', (numeral, digits) => {
    expect(spellNumbersAsDigits(tokensOf(numeral), numeral)).toEqual([
      { text: digits, start: 0, end: numeral.length },
    ]);
  });

  it('keeps apart two small numbers side by side: "deux trois jours" is two or three days, not five', () => {
    const text = 'deux trois jours';
    expect(spellNumbersAsDigits(tokensOf(text), text).map((t) => t.text)).toEqual(['2', '3', 'jours']);
  });

  it('keeps numbers apart when other words or punctuation separate them', () => {
    const text = 'vingt pour cent, deux, trois';
    const tokens = tokensOf(text).filter((t) => t.text !== 'pour');
    expect(spellNumbersAsDigits(tokens, text).map((t) => t.text)).toEqual(['20', '100', '2', '3']);
  });

  it('leaves other words, ordinals and "neuf" (new) alone', () => {
    for (const word of ['deuxième', 'neuf', 'troisièmement', 'h100', 'grok']) {
      expect(spellNumbersAsDigits([token(word)], word)[0]?.text).toBe(word);
    }
  });
});

describe('in the analysis chain', () => {
  const analyzer = createAnalyzer();

  it('makes a spelt-out number and its digits meet', () => {
    expect(analyzer.terms('en trois mois')).toEqual(analyzer.terms('en 3 mois'));
    expect(analyzer.terms('les deux entités')).toEqual(analyzer.terms('les 2 entités'));
    expect(analyzer.terms('cent mille processeurs')).toEqual(analyzer.terms('100 000 processeurs'));
    expect(analyzer.terms('deux cent mille GPU')).toEqual(analyzer.terms('200000 GPU'));
  });

  it('does not make a model name of a spelt-out number ("Grok trois" is no "grok3")', () => {
    expect(analyzer.terms('Grok trois')).toEqual(['grok', '3']);
  });
});
