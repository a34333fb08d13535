import { describe, expect, it } from 'vitest';
import { addNameNumberCompounds } from '../../src/search/analysis/compounds.js';
import { normalize } from '../../src/search/analysis/normalize.js';
import { type Token, tokenize } from '../../src/search/analysis/tokenize.js';

function compoundTexts(text: string): string[] {
  const normalized = normalize(text);
  return addNameNumberCompounds(tokenize(normalized), normalized).map((token) => token.text);
}

describe('addNameNumberCompounds', () => {
  it('adds "grok3" after Grok-3 and Grok 3, keeping both parts', () => {
    expect(compoundTexts('Grok-3')).toEqual(['grok', '3', 'grok3']);
    expect(compoundTexts('Grok 3')).toEqual(['grok', '3', 'grok3']);
    expect(compoundTexts('Grok‑3')).toEqual(['grok', '3', 'grok3']); // non-breaking hyphen
    expect(compoundTexts('Grok\u00A03')).toEqual(['grok', '3', 'grok3']);
  });

  it('leaves Grok3 as the single token it already is', () => {
    expect(compoundTexts('Grok3')).toEqual(['grok3']);
  });

  it('spans the name and the number', () => {
    const normalized = normalize('le modèle Grok 2.5 arrive');
    const compound = addNameNumberCompounds(tokenize(normalized), normalized).find(
      (t) => t.text === 'grok2.5',
    );
    expect(compound).toEqual<Token>({ text: 'grok2.5', start: 10, end: 18 });
  });

  it('needs exactly one space or hyphen between the two', () => {
    expect(compoundTexts('Grok  3')).toEqual(['grok', '3']);
    expect(compoundTexts('Grok, 3')).toEqual(['grok', '3']);
    expect(compoundTexts('Grok - 3')).toEqual(['grok', '3']);
  });

  it('only joins a letters-only name with a short, plain number', () => {
    expect(compoundTexts('GPU 200 000')).toEqual(['gpu', '200000']);
    expect(compoundTexts('cartes 12345')).toEqual(['cartes', '12345']);
    expect(compoundTexts('H100 2')).toEqual(['h100', '2']);
    expect(compoundTexts('Colossus II')).toEqual(['colossus', 'ii']);
    expect(compoundTexts('Grok 4o')).toEqual(['grok', '4o']);
  });

  it('does not join across a token removed earlier (e.g. a stop word)', () => {
    const normalized = normalize('Grok de 3');
    const withoutStopWord = tokenize(normalized).filter((t) => t.text !== 'de');
    expect(addNameNumberCompounds(withoutStopWord, normalized).map((t) => t.text)).toEqual(['grok', '3']);
  });
});
