import { describe, expect, it } from 'vitest';
import { ELIDED_PREFIXES, stripElision, stripElisions } from '../../src/search/analysis/elision.js';
import type { Token } from '../../src/search/analysis/tokenize.js';

const token = (text: string, start = 0): Token => ({ text, start, end: start + text.length });

describe('stripElision', () => {
  it("strips l' and moves the start past it", () => {
    expect(stripElision(token("l'intelligence", 10))).toEqual<Token>({
      text: 'intelligence',
      start: 12,
      end: 24,
    });
  });

  it.each([
    ["d'ia", 'ia'],
    ["qu'elle", 'elle'],
    ["j'ai", 'ai'],
    ["n'est", 'est'],
    ["s'appuie", 'appuie'],
    ["c'est", 'est'],
    ["m'a", 'a'],
    ["t'es", 'es'],
    ["jusqu'à", 'à'],
    ["lorsqu'il", 'il'],
    ["puisqu'elle", 'elle'],
    ["quoiqu'on", 'on'],
  ])('%s → %s', (elided, rest) => {
    const stripped = stripElision(token(elided, 5));
    expect(stripped.text).toBe(rest);
    expect(stripped.start).toBe(5 + elided.length - rest.length);
    expect(stripped.end).toBe(5 + elided.length);
  });

  it('covers the thirteen forms of Lucene', () => {
    expect([...ELIDED_PREFIXES].sort()).toEqual(
      ['c', 'd', 'j', 'jusqu', 'l', 'lorsqu', 'm', 'n', 'puisqu', 'qu', 'quoiqu', 's', 't'].sort(),
    );
  });

  it('leaves other apostrophes alone and strips only the first elision', () => {
    expect(stripElision(token("aujourd'hui")).text).toBe("aujourd'hui");
    expect(stripElision(token("d'aujourd'hui")).text).toBe("aujourd'hui");
    expect(stripElision(token("presqu'île")).text).toBe("presqu'île");
    expect(stripElision(token("don't")).text).toBe("don't");
  });

  it('returns words without an elision unchanged', () => {
    const word = token('lance', 3);
    expect(stripElision(word)).toBe(word);
    expect(stripElision(token('quelle')).text).toBe('quelle');
  });

  it('maps a whole token list', () => {
    expect(stripElisions([token("l'ia"), token('de', 5), token("d'énergie", 8)]).map((t) => t.text)).toEqual([
      'ia',
      'de',
      'énergie',
    ]);
  });
});
