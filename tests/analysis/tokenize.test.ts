import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/search/analysis/normalize.js';
import { type Token, tokenize } from '../../src/search/analysis/tokenize.js';
import { readSeedsText } from './seeds.js';

const texts = (input: string): string[] => tokenize(input).map((token) => token.text);

describe('tokenize', () => {
  it('splits words on spaces and punctuation', () => {
    expect(texts('xai, la startup (négocie) « superhumaine » !')).toEqual([
      'xai',
      'la',
      'startup',
      'négocie',
      'superhumaine',
    ]);
  });

  it("keeps an apostrophe inside a word, for the elision step: l'intelligence", () => {
    expect(tokenize("de l'intelligence")).toEqual<Token[]>([
      { text: 'de', start: 0, end: 2 },
      { text: "l'intelligence", start: 3, end: 17 },
    ]);
    expect(texts("jusqu'à aujourd'hui")).toEqual(["jusqu'à", "aujourd'hui"]);
  });

  it('drops apostrophes at the edges of a word', () => {
    expect(texts("'citation' l' gens'")).toEqual(['citation', 'l', 'gens']);
  });

  it('splits hyphenated words: sud-africain, grok-3', () => {
    expect(texts('sud-africain grok-3 best-in-class')).toEqual([
      'sud',
      'africain',
      'grok',
      '3',
      'best',
      'in',
      'class',
    ]);
  });

  it('joins space-separated thousands and keeps the original span: "200 000"', () => {
    expect(tokenize('de 200 000 gpu')).toEqual<Token[]>([
      { text: 'de', start: 0, end: 2 },
      { text: '200000', start: 3, end: 10 },
      { text: 'gpu', start: 11, end: 14 },
    ]);
    expect(texts('1 234 567 et 100 000 premiers')).toEqual(['1234567', 'et', '100000', 'premiers']);
  });

  it('does not join a number with a word or a group that is not exactly three digits', () => {
    expect(texts('12 milliards')).toEqual(['12', 'milliards']);
    expect(texts('12 2024')).toEqual(['12', '2024']);
    expect(texts('12 34')).toEqual(['12', '34']);
    expect(texts('100 000x')).toEqual(['100', '000x']);
    expect(texts('100  000')).toEqual(['100', '000']); // two spaces
  });

  it('takes a year as a number of its own, not as the first group: "en 2024 200 000"', () => {
    expect(texts('en 2024 200 000')).toEqual(['en', '2024', '200000']);
  });

  it('reads decimal comma and point as one number, written with a point: 1,5 and 2.5', () => {
    expect(tokenize('1,5 milliard')[0]).toEqual<Token>({ text: '1.5', start: 0, end: 3 });
    expect(texts('grok 2.5, 2 500,75 €')).toEqual(['grok', '2.5', '2500.75']);
  });

  it('does not take a sentence-ending point or a list comma as a decimal separator', () => {
    expect(texts('cartes h100. puis 3, 4')).toEqual(['cartes', 'h100', 'puis', '3', '4']);
  });

  it('keeps letters and digits together: h100, 22h00, grok2.5', () => {
    expect(texts('h100 22h00 grok2.5 gpt4o 1er')).toEqual(['h100', '22h00', 'grok2.5', 'gpt4o', '1er']);
  });

  it('removes soft hyphens from a word but keeps them in its span', () => {
    expect(tokenize('intelli\u00ADgence')).toEqual<Token[]>([{ text: 'intelligence', start: 0, end: 13 }]);
  });

  it('knows letters of any script and combining marks', () => {
    expect(texts('東京 ελλάδα e\u0301te\u0301')).toEqual(['東京', 'ελλάδα', 'e\u0301te\u0301']);
  });

  it('gives offsets that point at the word in the text (seed articles)', () => {
    const seeds = normalize(readSeedsText());
    const tokens = tokenize(seeds);
    expect(tokens.length).toBeGreaterThan(2000);
    for (const { text, start, end } of tokens) {
      expect(seeds.slice(start, end).replace(/ /g, '').replace(/,/g, '.')).toBe(text);
    }
    expect(tokens.map((t) => t.text)).toEqual(
      expect.arrayContaining(['200000', 'h100', '2.5', "l'intelligence"]),
    );
  });
});
