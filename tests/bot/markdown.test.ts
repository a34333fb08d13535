import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunkEscaped,
  escapeMarkdown,
  hasLiveMention,
  normalizeHighlights,
  renderRich,
  truncatePlain,
} from '../../src/reply/markdown.js';
import { cleanQuestion } from '../../src/search/query/clean.js';

/** Undo our escaping: what Discord shows for escaped text. */
const unescapeMd = (s: string) => s.replace(/\\(.)/gs, '$1');

describe('escapeMarkdown', () => {
  it('makes markdown and mentions literal', () => {
    expect(escapeMarkdown('**gras** _it_ `code` ~~barré~~ ||spoiler||')).toBe(
      '\\*\\*gras\\*\\* \\_it\\_ \\`code\\` \\~\\~barré\\~\\~ \\|\\|spoiler\\|\\|',
    );
    expect(escapeMarkdown('# Titre\n- liste\n> citation\n12. numéro')).toBe(
      '\\# Titre\n\\- liste\n\\> citation\n12\\. numéro',
    );
    expect(escapeMarkdown('[lien](https://x.y)')).toBe('\\[lien\\](https://x.y)');
    expect(escapeMarkdown('@everyone <@123456789012345678> <@&1>')).toBe(
      '\\@everyone \\<\\@123456789012345678\\> \\<\\@&1\\>',
    );
    expect(escapeMarkdown('sud-africain, 1,5 %, 200 000')).toBe('sud-africain, 1,5 %, 200 000');
    expect(escapeMarkdown('C:\\dossier')).toBe('C:\\\\dossier');
  });

  it('round-trips to the original text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(unescapeMd(escapeMarkdown(s))).toBe(s);
      }),
    );
  });
});

describe('renderRich', () => {
  it('puts highlighted words in bold', () => {
    const text = 'xAI négocie 12 milliards pour des puces.';
    const r = renderRich(text, 4096, {
      highlights: [
        [12, 14],
        [15, 24],
      ],
    });
    expect(r.text).toBe('xAI négocie **12** **milliards** pour des puces.');
    expect(r.truncated).toBe(false);
  });

  it('merges overlapping ranges and ignores broken ones', () => {
    expect(
      normalizeHighlights('abcdef', [
        [3, 5],
        [1, 4],
        [9, 12],
        [-3, 0],
        [4, 2],
        [Number.NaN, 2],
      ]),
    ).toEqual([[1, 5]]);
    expect(renderRich('a b c', 100, { highlights: [[0, 5]] }).text).toBe('**a b c**');
  });

  it('cuts on a word boundary, closes bold, adds an ellipsis', () => {
    const text = 'Le géant sud-africain de la technologie accélère sa stratégie';
    const r = renderRich(text, 30, { highlights: [[3, 21]] });
    expect(r.text.length).toBeLessThanOrEqual(30);
    expect(r.text).toBe('Le **géant sud-africain** de…');
    const cutInBold = renderRich(text, 16, { highlights: [[3, 21]] });
    expect(cutInBold.text).toBe('Le **géant**…');
  });

  it('never cuts an escape, a surrogate pair or a bold pair', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', ' ', '*', '_', '\\', '@', '😀', '\n', '-', '#', 'é'),
          maxLength: 80,
        }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 90 }), fc.integer({ min: -5, max: 90 })), {
          maxLength: 6,
        }),
        fc.integer({ min: 0, max: 120 }),
        (text, highlights, max) => {
          const r = renderRich(text, max, { highlights });
          expect(r.text.length).toBeLessThanOrEqual(Math.max(max, 0));
          // Escapes: every backslash escapes the next character, and none is left dangling.
          const body = r.truncated ? r.text.replace(/…$/, '') : r.text;
          const stripped = body.replace(/\\./gs, '').replace(/\*\*/g, '');
          expect(stripped).not.toMatch(/[\\*_@#]/);
          expect((body.replace(/\\./gs, '').match(/\*\*/g) ?? []).length % 2).toBe(0);
          expect(r.text).not.toMatch(
            /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
          );
          // What shows is a prefix of the source.
          expect(text.startsWith(unescapeMd(stripped === body ? body : body.replace(/\*\*/g, '')))).toBe(
            true,
          );
        },
      ),
    );
  });
});

describe('chunkEscaped', () => {
  it('splits long text into chunks within the budget that cover all words', () => {
    const text = Array.from({ length: 400 }, (_, i) => `mot${i}`).join(' ');
    const chunks = chunkEscaped(text, 200);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(200);
    const words = chunks.join(' ').replace(/…/g, ' ').split(/\s+/).filter(Boolean);
    expect(words).toEqual(text.split(' '));
  });
});

describe('truncatePlain and cleanQuestion', () => {
  it('truncates plain text', () => {
    expect(truncatePlain('court', 10)).toBe('court');
    expect(truncatePlain('un titre bien trop long pour tenir', 15)).toBe('un titre bien…');
    expect(truncatePlain('😀😀😀', 3)).toBe('😀…');
  });
  it('strips control and zero-width characters', () => {
    expect(cleanQuestion(' qui\u200b \u0000a\u202Egagné\n\tquoi ? ')).toBe('qui a gagné quoi ?');
    expect(cleanQuestion('@every\u200bone')).toBe('@everyone');
  });
  it('detects live mentions', () => {
    expect(hasLiveMention('hi @everyone')).toBe(true);
    expect(hasLiveMention('hi \\@everyone')).toBe(false);
    expect(hasLiveMention('hi \\\\@here')).toBe(true);
    expect(hasLiveMention('<@&123>')).toBe(true);
    expect(hasLiveMention('\\<\\@123\\>')).toBe(false);
  });
});
