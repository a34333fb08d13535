import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/search/analysis/normalize.js';
import { readSeedsText } from './seeds.js';

describe('normalize', () => {
  it('turns typographic apostrophes into an ASCII one', () => {
    expect(normalize('l’intelligence jusqu’à')).toBe("l'intelligence jusqu'à");
    expect(normalize('d‘abord dʼici `a´b′c＇d')).toBe("d'abord d'ici 'a'b'c'd");
  });

  it('turns no-break, thin and zero-width spaces, tabs and controls into plain spaces', () => {
    expect(normalize('200\u00A0000 GPU')).toBe('200 000 gpu');
    expect(normalize('200\u202F000\u2009€')).toBe('200 000 €');
    expect(normalize('a\tb\u200Bc\u200Cd\u200De\u2060f\uFEFFg\u0000h\u007Fi\u0085j')).toBe(
      'a b c d e f g h i j',
    );
  });

  it('keeps line breaks, so that numbers are never joined across lines', () => {
    expect(normalize('2023\n100\r\n')).toBe('2023\n100\r\n');
  });

  it('turns hyphens and dashes into "-"', () => {
    expect(normalize('Grok‑3')).toBe('grok-3'); // U+2011 non-breaking hyphen
    expect(normalize('a‐b‒c–d—e―f−g')).toBe('a-b-c-d-e-f-g');
  });

  it('lower-cases, accents included', () => {
    expect(normalize('NVIDIA H100 ÉTATS-UNIS Œuvre ÀÇ')).toBe('nvidia h100 états-unis œuvre àç');
  });

  it('lower-cases "İ" (which would grow to two code units) as a plain "i"', () => {
    expect(normalize('İSTANBUL')).toBe('istanbul');
  });

  it('keeps the UTF-16 length of every single character', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const ch = String.fromCharCode(code);
      expect(normalize(ch).length).toBe(1);
    }
    for (let codePoint = 0x10000; codePoint <= 0x10ffff; codePoint += 0x3f) {
      expect(normalize(String.fromCodePoint(codePoint)).length).toBe(2);
    }
  });

  it('keeps the length of the seed articles and leaves their plain words alone', () => {
    const seeds = readSeedsText();
    const normalized = normalize(seeds);
    expect(normalized.length).toBe(seeds.length);
    expect(normalized).toContain("l'intelligence artificielle");
    expect(normalized).toContain('200 000 gpu nvidia h100');
  });

  it('keeps the length of any string (property)', () => {
    const loneSurrogates = fc.string({
      unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), loneSurrogates),
        (text) => {
          expect(normalize(text).length).toBe(text.length);
        },
      ),
      { numRuns: 500 },
    );
  });
});
