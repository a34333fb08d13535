import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_VERSION, createAnalyzer } from '../../src/search/analysis/analyzer.js';
import { readSeedsText } from './seeds.js';

const analyzer = createAnalyzer();
const shared = (a: string, b: string): string[] => {
  const right = new Set(analyzer.terms(b));
  return [...new Set(analyzer.terms(a))].filter((term) => right.has(term));
};

describe('createAnalyzer (defaults: light stemmer, stop words)', () => {
  it('lets a question meet the sentence that answers it', () => {
    const question = 'Combien de GPU H100 équipent Colossus ?';
    const answer = 'Colossus équipé de 200 000 GPU NVIDIA H100';
    expect(analyzer.terms(question)).toEqual(['gpu', 'h100', 'equipent', 'colosu']);
    expect(shared(question, answer)).toEqual(['gpu', 'h100', 'colosu']);
    expect(analyzer.terms(answer)).toContain('200000');
  });

  it('matches words typed without accents', () => {
    expect(analyzer.terms('equipe')).toEqual(analyzer.terms('équipé'));
    expect(shared('Qui a finance xAI ?', 'Le nouvel investissement financera une expansion')).toEqual([
      'financ',
    ]);
    expect(shared('supercalculateur', 'ses supercalculateurs')).toEqual(['supercalcul']);
  });

  it('strips elisions after any apostrophe: l’intelligence, jusqu’à, d’IA', () => {
    expect(analyzer.terms('l’intelligence artificielle')).toEqual(
      analyzer.terms("L'intelligence artificielle"),
    );
    expect(analyzer.terms('jusqu’à 12 milliards d’IA')).toEqual(['12', 'miliard', 'ia']);
  });

  it('matches the three spellings of a model name with a number', () => {
    for (const [a, b] of [
      ['Grok-3', 'Grok 3'],
      ['Grok 3', 'Grok3'],
      ['Grok3', 'Grok‑3'],
    ]) {
      expect(shared(a as string, b as string)).toContain('grok3');
    }
    expect(shared('grok 2.5', 'Grok2,5')).toEqual(['grok2.5']);
  });

  it('reads numbers the same way whatever their spelling', () => {
    expect(shared('200 000 GPU', '200\u202F000 unités')).toEqual(['200000']);
    expect(shared('1,5 milliard', '1.5 milliards')).toEqual(['1.5', 'miliard']);
  });

  it('drops French and English question and function words', () => {
    expect(analyzer.terms("Qu'est-ce que Colossus ? Pourquoi ? Comment ? Quand ? Où ?")).toEqual(['colosu']);
    expect(analyzer.terms('What is the number of GPUs in Colossus?')).toEqual(['numb', 'gpu', 'colosu']);
  });

  it('keeps number words, which answer "combien", as digits', () => {
    expect(analyzer.terms('trois mois, deux cents, mille puces')).toEqual([
      '3',
      'moi',
      '200',
      '1000',
      'puce',
    ]);
    expect(shared('Combien de mois ?', 'en seulement trois mois')).toEqual(['moi']);
  });

  it('gives offsets into the original text, for bold highlighting', () => {
    const text =
      'Le PDG de NVIDIA salue l’installation de 200\u00A0000 GPU «\u202Fsuperhumaine\u202F» de Grok‑3.';
    const spans = analyzer.analyze(text).map(({ term, start, end }) => [term, text.slice(start, end)]);
    expect(spans).toEqual([
      ['pdg', 'PDG'],
      ['nvidia', 'NVIDIA'],
      ['salu', 'salue'],
      ['instal', 'installation'],
      ['200000', '200\u00A0000'],
      ['gpu', 'GPU'],
      ['superhumain', 'superhumaine'],
      ['grok', 'Grok'],
      ['3', '3'],
      ['grok3', 'Grok‑3'],
    ]);
  });

  it('analyzes the seed articles', () => {
    const seeds = readSeedsText();
    const tokens = analyzer.analyze(seeds);
    const terms = new Set(tokens.map((t) => t.term));
    for (const term of [
      'h100',
      '200000',
      'grok3',
      'grok2.5',
      'colosu',
      'financ',
      'supercalcul',
      'inteligenc',
    ]) {
      expect(terms).toContain(term);
    }
    for (const stopWord of ['de', 'la', 'les', 'et', 'a', 'l', 'qu']) expect(terms).not.toContain(stopWord);
  });
});

describe('createAnalyzer options', () => {
  it('can switch stemmers', () => {
    expect(createAnalyzer({ stemmer: 'none' }).terms('financement équipés')).toEqual([
      'financement',
      'equipes',
    ]);
    expect(createAnalyzer({ stemmer: 'snowball' }).terms('intelligence artificielle')).toEqual([
      'intelligent',
      'artificiel',
    ]);
  });

  it('can keep stop words, or only some lists', () => {
    expect(createAnalyzer({ stopWords: false }).terms('Combien de GPU ?')).toEqual(['combien', 'de', 'gpu']);
    expect(createAnalyzer({ stopWords: { questions: false } }).terms('Combien de GPU ?')).toEqual([
      'combien',
      'gpu',
    ]);
    expect(createAnalyzer({ stopWords: { english: false } }).terms('the GPU')).toEqual(['the', 'gpu']);
  });

  it('has a version that names the analysis and its options', () => {
    expect(createAnalyzer().version).toBe(`${ANALYSIS_VERSION}:light:stop`);
    const versions = new Set(
      [
        createAnalyzer(),
        createAnalyzer({ stemmer: 'snowball' }),
        createAnalyzer({ stemmer: 'none' }),
        createAnalyzer({ stopWords: false }),
        createAnalyzer({ stopWords: { english: false } }),
      ].map((a) => a.version),
    );
    expect(versions.size).toBe(5);
  });
});

describe('createAnalyzer on any input (property)', () => {
  const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
  // biome-ignore format: a list of pieces, kept compact
  const frenchPiece = fc.constantFrom(
    'l’', "jusqu'", '200', ' ', '000', '-', '‑', 'Grok', '3', ',', '.', '5', 'É', 'é', 'œ', 'İ', '\u00A0',
    '\u202F', '\u00AD', 'e\u0301', '\u0301', "'", '🚀', 'H100', 'financera', 'ière', 'x', '\n',
  );
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: fc.oneof(loneSurrogate, frenchPiece), maxLength: 200 }),
    fc.string({ unit: frenchPiece, maxLength: 200 }),
  );
  const analyzers = [
    createAnalyzer(),
    createAnalyzer({ stemmer: 'snowball' }),
    createAnalyzer({ stemmer: 'none', stopWords: false }),
  ];

  function checkTokens(text: string): void {
    for (const a of analyzers) {
      const tokens = a.analyze(text);
      for (const { term, start, end } of tokens) {
        expect(term.length).toBeGreaterThan(0);
        expect(Number.isInteger(start) && Number.isInteger(end)).toBe(true);
        expect(0 <= start && start < end && end <= text.length).toBe(true);
      }
      expect(a.terms(text)).toEqual(tokens.map((t) => t.term));
    }
  }

  it('never throws, and gives non-empty terms with offsets inside the text', () => {
    fc.assert(fc.property(anyText, checkTokens), { numRuns: 400 });
  });

  it('copes with 10,000-character strings', () => {
    const longText = fc.string({
      unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), frenchPiece),
      minLength: 10_000,
      maxLength: 10_000,
    });
    fc.assert(fc.property(longText, checkTokens), { numRuns: 10 });
  });

  it('is stable: analyzing twice gives the same result', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(analyzer.analyze(text)).toEqual(analyzer.analyze(text));
      }),
      { numRuns: 100 },
    );
  });
});
