import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, parseArticle, parseArticleWithReport, WORD_COUNT_CAP } from '../../src/corpus/parse.js';

/** Pieces that exercise the parser's rules: line breaks of every kind, BOMs, furniture, punctuation. */
const piece = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n\r\n', ' ', '\t', '\u00A0', '\n \n'),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\uFEFF',
      '.',
      ' »',
      ':',
      '@handle',
      'Site icon Exemple',
      'balise alt = x',
      'crédit photo',
      "L'article Titre est apparu en premier sur Site.",
      'Accueil ',
      'Elon Musk',
      'Grok',
      'le dernier',
      'Une section de texte',
      'Un mot, puis un autre, puis encore un autre mot pour faire une phrase assez longue et complète.',
      'x'.repeat(120),
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
      maxLength: 3,
    }),
  },
  { weight: 3, arbitrary: fc.lorem({ maxCount: 30, mode: 'sentences' }) },
);
const articleText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.array(piece, { maxLength: 60 }).map((p) => p.join('')),
);

const withoutCr = (s: string): string => s.replace(/\r\n?/g, '\n');

describe('parseArticle properties', () => {
  it('never throws, and every paragraph is a verbatim, numbered, located slice of the input', () => {
    fc.assert(
      fc.property(articleText, (raw) => {
        const report = parseArticleWithReport('f.txt', raw);
        const article = report.article;
        expect(parseArticle('f.txt', raw)).toEqual(article);
        expect(typeof article.title).toBe('string');
        const normalized = withoutCr(raw);
        const lines = (raw.startsWith('\uFEFF') ? raw.slice(1) : raw).split(/\r\n|\r|\n/);
        article.paragraphs.forEach((p, i) => {
          expect(p.number).toBe(i + 1);
          expect(p.id).toBe(`f.txt#${i + 1}`);
          expect(p.text).not.toBe('');
          expect(p.text).not.toContain('\r');
          expect(p.text.trim()).toBe(p.text);
          expect(normalized.includes(p.text)).toBe(true);
          const firstLine = p.text.split('\n')[0] ?? '';
          expect(lines[p.line - 1]?.trimStart().startsWith(firstLine)).toBe(true);
          if (p.heading !== undefined) expect(normalized.includes(p.heading)).toBe(true);
        });
        for (const d of report.dropped) expect(normalized.includes(d.text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads CRLF and LF versions of a file alike', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const lf = withoutCr(pieces.join(''));
        const crlf = lf.replace(/\n/g, '\r\n');
        expect(parseArticle('f.txt', crlf)).toEqual(parseArticle('f.txt', lf));
      }),
      { numRuns: 500 },
    );
  });
});

describe('countWords', () => {
  const spaces = [
    ' ',
    '\t',
    '\n',
    '\r',
    '\v',
    '\f',
    '\u00A0',
    '\u1680',
    '\u2003',
    '\u2028',
    '\u202F',
    '\u3000',
    '\uFEFF',
  ];
  const text = fc.array(fc.oneof(fc.constantFrom(...spaces), fc.string({ unit: 'binary', maxLength: 6 })), {
    maxLength: 120,
  });

  it('counts what /\\S+/ matches, up to the cap', () => {
    fc.assert(
      fc.property(text, (parts) => {
        const joined = parts.join('');
        const expected = Math.min(WORD_COUNT_CAP, joined.match(/\S+/gu)?.length ?? 0);
        expect(countWords(joined)).toBe(expected);
      }),
    );
  });
});
